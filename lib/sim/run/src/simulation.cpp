#include "hotdog/sim/run/simulation.hpp"

#include "hotdog/deterministic_runtime.hpp"
#include "hotdog/realtime_runtime.hpp"
#include "hotdog/sim/kinds/kinds.hpp"
#include "hotdog/sim/kinds/xforms.hpp"
#include "hotdog/sim/script/script.hpp"
#include "simulation_hooks.hpp"

#include "hotdog/sim/text/printable.hpp"
#include "hotdog/sim/script/script_reach.hpp"
#include "hotdog/sim/run/expectation.hpp"
#include "hotdog/sim/events/payloads.hpp"

#include <functional>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>

namespace hotdog::sim {

std::size_t process_width(const scenario& sc) {
  std::size_t width = 1;
  for (const auto& p : sc.processes) {
    std::size_t w = text_width(p.name);
    // A crowd's customers are NAME-1 ... NAME-count: the last is the longest.
    if (const auto* c = std::get_if<customer_spec>(&p.body); c && c->count)
      w += 1 + std::to_string(*c->count).size();
    // A pipeline's parts are NAME.w1 ... NAME.wN and NAME.out.
    if (const auto* pl = std::get_if<pipeline_spec>(&p.body))
      w += std::max<std::size_t>(4, 2 + std::to_string(pl->n).size());
    width = std::max(width, w);
  }
  return width;
}

exit_status exit_status_of(end_reason r) noexcept {
  switch (r) {
    case end_reason::deadlock: return exit_status::deadlock;
    case end_reason::limit:
    case end_reason::error:
    case end_reason::stalled: return exit_status::error;
    case end_reason::done:
    case end_reason::until:
    case end_reason::quit: break;
  }
  return exit_status::ok;
}

namespace {

// What a running process may still do, asked of its whole program in real time. A running
// machine says nothing: it may have just taken a payment (its customer already waits on the
// reply) and names the reply channel only once it resumes, so what it may still answer is
// not known (a customer was reported stuck on its reply under load), and no partial
// deadlock is declared while it runs.
reach_fn program_reach_of(const process_spec& p, reach_fn program) {
  if (std::holds_alternative<machine_spec>(p.body))
    return [](std::vector<channel_use>&) { return false; };
  return program;
}

// The channels payments are put into or taken from: machines' `in` (their own or a shared
// line) and the lines customers pay into, which a machine may not read at all.
std::vector<std::size_t> payment_lines(const scenario& sc) {
  std::vector<std::size_t> lines;
  const auto add = [&lines](std::size_t c) {
    if (std::find(lines.begin(), lines.end(), c) == lines.end()) lines.push_back(c);
  };
  for (const auto& p : sc.processes) {
    if (const auto* m = std::get_if<machine_spec>(&p.body)) add(m->in_channel);
    if (const auto* c = std::get_if<customer_spec>(&p.body))
      for (std::size_t in : c->machine_in_channels) add(in);
  }
  return lines;
}

// The money in the payments that the scenario's channels, pipelines and combinators hold
// now, handed over (a put completed, or a pipe, merge or mult carries it) and not yet taken
// by a machine: those in buffers, those in waiting puts but a customer's own (still its
// money: its maker waits on a put to that very channel), and those a combinator took and
// has not put on yet (ledger::carried). Unknown in real time when a line is
// buffered or a combinator may carry payments: the run's end is summarized under the
// runtime's lock, and a thread still putting into a channel may hold the channel's lock
// while it waits for the runtime's, so no channel is read there; with unbuffered lines and
// no combinator, a payment can wait only in a customer's own put.
std::optional<std::int64_t> money_in_channels(const runtime& rt, const world& w,
                                              const std::vector<std::size_t>& lines,
                                              bool carriers) {
  if (!rt.deterministic()) {
    const bool buffered = std::any_of(lines.begin(), lines.end(),
                                      [&w](std::size_t i) { return w.channels[i].capacity() > 0; });
    return buffered || carriers ? std::nullopt : std::optional<std::int64_t>(0);
  }
  // Who waits on a put now (or an alts, whose put arm a customer's is), and on which
  // channels. (A wait stays until its process resumes: a put already taken is still here.)
  std::set<std::pair<std::string, std::string>, std::less<>> putting;
  rt.for_each_process([&putting](const process& p) {
    if (auto wait = p.waiting_on(); wait && (wait->op == wait_op::put || wait->op == wait_op::alts))
      for (auto& chan : wait->chans) putting.emplace(wait->proc, std::move(chan));
  });
  // Amounts are at most 10^6 (the loader's limit), every payment is one customer's: no
  // overflow.
  std::int64_t sum = 0;
  for (const message_channel& c : w.channels)
    c.for_each_held([&sum, &putting, &c](const message& m, bool in_put) {
      const auto* pay = std::get_if<payment>(&m);
      if (pay && !(in_put && putting.count(std::pair(pay->from, c.name())))) sum += pay->amount;
    });
  for (const auto& held : w.held_by_pipelines) sum += held();
  sum += w.books.carried;
  return sum;
}

// Whoever may take a payment whole from a channel may answer it, wherever it is on its way
// to a machine (in a line's buffer, or carried by a pipe or merge that waits to put it on): a
// machine, a combinator or a pipeline's part, not a script, whose take reads a payment apart
// (channel_uses::reads_apart). Only replies a customer waits on now are named: the payments
// queued in customers' own puts (an M/M/1 queue's, by the dozen) release nobody, and would
// make every look longer. Hoppers are never read: they hold hot dogs, up to 10^6 of them. For
// the deterministic runtime only (see runtime::set_carried_reach).
carried_reach_fn replies_carried(const scenario& sc, const channel_map& channels) {
  channel_map lines = channels;
  for (const auto& p : sc.processes)
    if (const auto* m = std::get_if<machine_spec>(&p.body))
      lines.erase(sc.channels[m->hopper_channel].name);
  return [lines = std::move(lines)](std::string_view chan, std::vector<channel_use>& uses) {
    const auto it = lines.find(chan);
    if (it == lines.end()) return;
    it->second.for_each_held([&uses](const message& m, bool) {
      if (const auto* pay = std::get_if<payment>(&m); pay && pay->reply.waiting_takes() > 0)
        uses.push_back({pay->reply.name(), channel_uses::put});
    });
  };
}

// Makes the scenario's channels into w.channels (tagged index + 1) and `by_name`. A payment
// that a full dropping or sliding channel discards (a line, or one a pipe carries payments
// through) is booked as lost: money no machine will take.
void make_channels(runtime& rt, const scenario& sc, world& w, channel_map& by_name) {
  const auto lost = [&w](const message& m) { book_lost(w, money_of(m)); };
  w.channels.reserve(sc.channels.size());
  for (const auto& c : sc.channels) {
    const auto index = w.channels.size();
    const auto tag = static_cast<std::uint32_t>(index + 1);
    w.channels.push_back(make_scenario_channel(rt, c, tag, lost));
    by_name.emplace(c.name, w.channels.back());
  }
}

__extension__ using wide = __int128;

// A sum of the ledger's totals, exact (a few totals each below 2^63 cannot pass 2^127).
template <class... T>
wide sum(T... x) {
  return (wide{0} + ... + wide{x});
}

std::string to_text(wide n) {
  if (n >= std::numeric_limits<std::int64_t>::min() &&
      n <= std::numeric_limits<std::int64_t>::max())
    return std::to_string(static_cast<std::int64_t>(n));
  std::string digits;
  const bool negative = n < 0;
  do {
    const int d = static_cast<int>(n % 10);
    digits.insert(digits.begin(), static_cast<char>('0' + (negative ? -d : d)));
    n /= 10;
  } while (n != 0);
  return negative ? "-" + digits : digits;
}

// What the conservation check finds broken; nothing when every coin and hot dog is
// accounted for.
std::vector<std::string> broken_books(const ledger& t, std::int64_t stock_left,
                                      std::optional<std::int64_t> in_channels) {
  // A total that stopped at int64's bound says nothing exact, nor does any sum of it.
  if (t.overflowed)
    return {"a money or hot dog total passed 2^63-1 (" +
            std::to_string(std::numeric_limits<std::int64_t>::max()) +
            "), so the totals are not exact"};
  std::vector<std::string> broken;
  if (sum(t.purses) != sum(t.kept, t.handed_over, t.in_hand))
    broken.push_back("customers' money: arrived with " + to_text(t.purses) + ", accounted " +
                     to_text(sum(t.kept, t.handed_over, t.in_hand)));
  // Unknown what waits in the lines' buffers (real time): at least the rest was handed over.
  if (in_channels ? sum(t.handed_over) != sum(t.payments, *in_channels, t.lost_in_channels)
                  : sum(t.handed_over) < sum(t.payments, t.lost_in_channels))
    broken.push_back("payments: customers handed over " + to_text(t.handed_over) +
                     ", machines took " + to_text(t.payments) + ", waiting in channels " +
                     (in_channels ? to_text(*in_channels) : std::string("unknown")) +
                     ", dropped on the way " + to_text(t.lost_in_channels));
  const wide machines = sum(t.revenue, t.change, t.refunds, t.lettuce_takings, t.held);
  if (sum(t.payments) != machines)
    broken.push_back("machines' money: took " + to_text(t.payments) + ", accounted " +
                     to_text(machines));
  const wide dogs = sum(t.sold, t.machine_holding, stock_left, t.chef_holding);
  if (sum(t.stocked, t.cooked) != dogs)
    broken.push_back("hot dogs: stocked and cooked " + to_text(sum(t.stocked, t.cooked)) +
                     ", accounted " + to_text(dogs) +
                     (t.taken_by_scripts == 0
                          ? std::string()
                          : ", taken by scripts " + to_text(t.taken_by_scripts)));
  if (sum(t.out_of_hoppers) != sum(t.sold, t.machine_holding))
    broken.push_back("hot dogs: taken from hoppers " + to_text(t.out_of_hoppers) +
                     ", sold or in hand " + to_text(sum(t.sold, t.machine_holding)));
  return broken;
}

// The summary, and the check that every coin and hot dog is accounted for. `in_channels`:
// the money in payments handed over that channels hold now (unknown in real time).
void summarize(ledger& t, std::optional<std::int64_t> in_channels, bool unlimited, run_result& r,
               const std::function<void(event&)>& report) {
  auto hold = t.hold();
  // Both at most the hot dogs put into hoppers: no overflow.
  const std::int64_t stock_left = t.into_hoppers - t.out_of_hoppers - t.taken_by_scripts;
  const std::vector<std::string> broken = broken_books(t, stock_left, in_channels);
  // The exact sum of the waits, divided once: the same mean as waits.all's in the statistics.
  const double wait_mean = t.waits.mean();
  const summary_event tallies{.sold = t.sold,
                              .revenue = t.revenue,
                              .change = t.change,
                              .refunds = t.refunds,
                              .lettuce = t.lettuce_takings,
                              .customers = t.customers,
                              .served = t.served,
                              .hungry = t.hungry,
                              .refunded = t.refunded,
                              .lettuce_eaters = t.lettuce_eaters,
                              .present = t.present,
                              .wait_mean = wait_mean,
                              .wait_p50 = t.waits.percentile(50),
                              .wait_p95 = t.waits.percentile(95),
                              .wait_max = t.waits.max(),
                              .cooked = t.cooked,
                              .stock_left = stock_left + t.machine_holding,
                              .unlimited = unlimited,
                              .balanced = broken.empty()};
  event s = event_of(tallies);
  report(s);
  if (!broken.empty()) {
    std::string msg = "conservation check failed: ";
    for (std::size_t i = 0; i < broken.size(); ++i) msg += (i ? "; " : "") + broken[i];
    event e;
    e.kind = event_kind::error;
    e.text = msg;
    report(e);
    // A run that already failed keeps its own error first: the books usually fail because of
    // it (a payment that reached a hopper is lost to them), so it is the cause to read.
    r.message =
        r.reason == end_reason::error && !r.message.empty() ? r.message + "; then " + msg : msg;
    r.reason = end_reason::error;
  }
}

// For each channel, the index of the machine process that owns it (no_process: none).
std::vector<std::size_t> machine_channels(const scenario& sc) {
  std::vector<std::size_t> owner(sc.channels.size(), no_process);
  for (std::size_t i = 0; i < sc.processes.size(); ++i)
    if (const auto* m = std::get_if<machine_spec>(&sc.processes[i].body)) {
      if (m->in.empty()) owner[m->in_channel] = i;  // a shared line is no machine's own
      owner[m->hopper_channel] = i;
    }
  return owner;
}

}  // namespace

run_result simulate(const scenario& sc, const run_options& opts, observer& out) {
  return simulate_with(sc, opts, out, nullptr);
}

run_result simulate_with(const scenario& sc, const run_options& opts, observer& out,
                         const std::function<void(runtime&, const channel_map&)>& ready) {
  const std::uint64_t seed = opts.seed.value_or(sc.seed);
  std::unique_ptr<runtime> rt;
  deterministic_runtime* scheduled = nullptr;
  if (opts.realtime) {
    rt = std::make_unique<realtime_runtime>(seed, opts.threads, opts.speed);
  } else if (opts.sched) {
    auto d = std::make_unique<deterministic_runtime>(seed, *opts.sched,
                                                     opts.deviations_taken != nullptr);
    scheduled = d.get();
    rt = std::move(d);
  } else {
    rt = std::make_unique<deterministic_runtime>(seed);
  }
  // With an `expect`, a checker watches the events on their way to `out`.
  std::optional<expectation_checker> checker;
  if (sc.expect) checker.emplace(*sc.expect, out);
  rt->set_observer(checker ? static_cast<observer*>(&*checker) : &out);
  rt->set_event_limit(opts.max_events);
  rt->set_stall_limit(opts.stall_steps);
  if (opts.realtime) {
    // Said first, so nobody mistakes this trace for a reproducible one.
    const realtime_event said{
        static_cast<std::int64_t>(opts.threads), opts.speed,
        "events are in the order they really happened; this trace is not reproducible"};
    event e = event_of(said);
    rt->emit(e);
  }
  // Declared after the runtime: channels and the ledger must go before it does.
  world w{{}, ledger(opts.realtime), machine_channels(sc), {}, {}, {}, 0, {}};
  w.waiting_payments.assign(sc.channels.size(), 0);
  w.warmup = sc.warmup;
  if (sc.per_process_random)
    for (const auto& p : sc.processes) {
      // In real time a crowd's customers draw from its stream on other threads: locked.
      const std::uint64_t own = per_process_seed(seed, p.name);
      if (opts.realtime)
        w.streams.push_back(std::make_unique<locked_prng>(own));
      else
        w.streams.push_back(std::make_unique<prng>(own));
    }
  channel_map channels;  // by name, for the scripts
  // Declared after the channels, the ledger and the name table, so it goes first: every
  // process is stopped and every thread joined before any of them dies, however this ends.
  struct halt_first {
    runtime& rt;
    ~halt_first() { rt.halt(); }
  } halt_on_return{*rt};
  const std::vector<std::size_t> lines = payment_lines(sc);
  make_channels(*rt, sc, w, channels);
  if (rt->deterministic()) rt->set_carried_reach(replies_carried(sc, channels));
  w.combinators = make_combinator_states(*rt, sc, w.channels);
  bool hot_dogs = false;  // a machine, customer or chef takes part: summarize the run
  for (const auto& p : sc.processes) {
    const auto index = static_cast<std::size_t>(&p - sc.processes.data());
    const bool combinator = p.combinator();
    process_body body;
    if (const auto* s = std::get_if<script_spec>(&p.body)) {
      body = [&w, s](process& self) { return run_script(self, w, *s); };
    } else if (combinator) {
      body = [&w, &p, index](process& self) { return run_combinator(self, w, p, index); };
    } else if (const auto* m = std::get_if<machine_spec>(&p.body)) {
      body = [&w, m](process& self) { return run_machine(self, w, *m); };
    } else if (const auto* c = std::get_if<chef_spec>(&p.body)) {
      body = [&w, c](process& self) { return run_chef(self, w, *c); };
    } else if (const auto* cu = std::get_if<customer_spec>(&p.body); cu->count) {
      body = [&w, cu](process& self) { return run_crowd(self, w, *cu); };
    } else {
      body = [&w, cu](process& self) { return run_one_customer(self, w, *cu); };
    }
    hot_dogs |= !std::holds_alternative<script_spec>(p.body) && !combinator;
    // Tagged index + 1, so that observers index by it (statistics::on_event).
    const auto tag = static_cast<std::uint32_t>(&p - sc.processes.data() + 1);
    process& spawned = rt->spawn({p.name, p.mode, p.daemon, p.start, tag, 0}, std::move(body));
    // Until its body starts and says better, a process reaches all its program names, so a
    // process that starts late does not hide a deadlock that happens before it.
    auto program = [&w, &p, index](std::vector<channel_use>& uses) {
      namespace use = channel_uses;
      const auto chan = [&w](std::size_t i) { return std::string_view(w.channels[i].name()); };
      if (combinator_reach(w, p, index, uses)) {
        // a combinator: its inputs and outputs
      } else if (const auto* s = std::get_if<script_spec>(&p.body)) {
        add_channel_uses(s->steps, 0, uses);
      } else if (const auto* m = std::get_if<machine_spec>(&p.body)) {
        uses.push_back({chan(m->in_channel), use::take | use::close});
        uses.push_back({chan(m->hopper_channel), use::put | use::take});
      } else if (const auto* c = std::get_if<chef_spec>(&p.body)) {
        uses.push_back({chan(c->hopper_channel), use::put});
      } else {
        for (std::size_t in : std::get<customer_spec>(p.body).machine_in_channels)
          uses.push_back({chan(in), use::put});
      }
      return true;
    };
    spawned.set_reach(program);
    // In real time, what a running process may still do is asked of its whole program; a
    // combinator's (its taps, topics, mixed inputs) changes as it runs, so it says nothing.
    if (!combinator) spawned.set_program_reach(program_reach_of(p, program));
  }
  const bool carriers = std::any_of(sc.processes.begin(), sc.processes.end(),
                                    [](const auto& p) { return p.combinator(); });
  const bool unlimited = std::any_of(sc.processes.begin(), sc.processes.end(), [](const auto& p) {
    const auto* m = std::get_if<machine_spec>(&p.body);
    return m && m->unlimited;
  });
  if (hot_dogs || checker)
    rt->set_finisher([&w, &checker, &lines, hot_dogs, unlimited, carriers, &run = *rt](
                         run_result& r, const std::function<void(event&)>& report) {
      if (hot_dogs)
        summarize(w.books, money_in_channels(run, w, lines, carriers), unlimited, r, report);
      if (checker) r.failed_checks = checker->check(r, report);
    });
  if (ready) ready(*rt, channels);
  auto until = opts.until ? opts.until : sc.until;
  run_result r = rt->run(until);
  if (scheduled && opts.deviations_taken) *opts.deviations_taken = scheduled->deviations_taken();
  return r;
}

}  // namespace hotdog::sim
