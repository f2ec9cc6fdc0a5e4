#include "hotdog/sim/kinds/kinds.hpp"

#include "hotdog/timeout.hpp"

#include "handed.hpp"
#include "reach_guard.hpp"

#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

namespace hotdog::sim {
namespace {

// `wanted` is what the channel carries, `maker` who makes it: a plain value (a script's, or
// what a transducer's map made of a payment) may read like one in the trace, so its error
// says who makes the real ones.
[[noreturn]] void unexpected(const process& p, const message& m, const message_channel& ch,
                             const char* wanted, const char* maker) {
  throw std::runtime_error(
      describe(m) + " arrived on " + ch.name() + ", which carries " + wanted + " for " + p.name() +
      (std::holds_alternative<value>(m)
           ? std::string(" (a plain value is never one, whatever it looks like: only ") + maker +
                 ")"
           : std::string()));
}

// Counts a customer's payment as waiting on its channel from its making until done() (or
// the customer's end), for "choose": "shortest".
class waiting_payment {
 public:
  waiting_payment(world& w, std::size_t channel) : w_(w), channel_(channel) { add(1); }
  ~waiting_payment() { done(); }
  waiting_payment(const waiting_payment&) = delete;
  waiting_payment& operator=(const waiting_payment&) = delete;
  void done() {
    if (std::exchange(counted_, false)) add(-1);
  }

 private:
  void add(std::int64_t d) {
    if (channel_ >= w_.waiting_payments.size()) return;
    auto hold = w_.books.hold();
    w_.waiting_payments[channel_] += d;
  }
  world& w_;
  std::size_t channel_;
  bool counted_ = true;
};

// Which of the customer's machines it goes to (0 for a line or a single machine).
std::size_t choose_machine(process& p, world& w, const customer_spec& spec, std::uint64_t number) {
  const std::size_t n = spec.machine_in_channels.size();
  if (!spec.pick_at_random || n == 0) return 0;
  switch (spec.choose) {
    case machine_choice::random: break;
    case machine_choice::round_robin: return static_cast<std::size_t>((number - 1) % n);
    case machine_choice::shortest: {
      // Waiting: the payments whose puts wait, and those in the buffer of a buffered line.
      // The buffers are counted before the books are held: a line's discard books under
      // its own lock, so the books' lock is never taken first.
      std::vector<std::int64_t> queued(n, 0);
      for (std::size_t i = 0; i < n; ++i)
        if (const message_channel& in = w.channels[spec.machine_in_channels[i]]; in.capacity() > 0)
          queued[i] = static_cast<std::int64_t>(in.buffered_count());
      auto hold = w.books.hold();
      for (std::size_t i = 0; i < n; ++i)
        queued[i] += w.waiting_payments[spec.machine_in_channels[i]];
      std::size_t best = 0;
      for (std::size_t i = 1; i < n; ++i)
        if (queued[i] < queued[best]) best = i;
      return best;
    }
  }
  return w.random(p).below(n);
}

// What a machine does with its in: takes, and closes it when sold out only if it is the
// book's v2. A close it never makes is left out: it would read as the machine waiting on
// itself when nobody pays it.
std::uint8_t machine_in_uses(const machine_spec& spec) {
  const bool closes = spec.close_when_empty && !spec.unlimited;
  return static_cast<std::uint8_t>(channel_uses::take | (closes ? channel_uses::close : 0));
}

// What a machine may still do: take payments from `in` (and close it), fill (while
// `stocking`) and empty its hopper, and answer on the reply channel of the payment it holds
// (`answering`); the deadlock check adds the replies of the payments its line holds. The
// arguments are the machine's own state, which the reach reads whenever asked.
reach_fn machine_reach(const machine_spec& spec, const message_channel& in,
                       const message_channel& hopper, const bool& stocking,
                       const std::string_view& answering, bool deterministic) {
  return [&in, &hopper, &stocking, &answering, deterministic,
          in_uses = machine_in_uses(spec)](std::vector<channel_use>& out) {
    // In real time the reach is asked under the runtime's lock, and a thread putting into
    // the line may hold the line's lock while it waits for the runtime's: the line's buffer
    // cannot be read, so a machine with a buffered line cannot tell what it reaches.
    if (in.capacity() > 0 && !deterministic) return false;
    out.push_back({in.name(), in_uses});
    const std::uint8_t fills = stocking ? channel_uses::put : 0;
    out.push_back({hopper.name(), static_cast<std::uint8_t>(fills | channel_uses::take)});
    if (!answering.empty()) out.push_back({answering, channel_uses::put});
    // A payment waiting in its line (buffered, or in a pipe's put) is one it may take and
    // answer: the deadlock check adds their replies to its take (the simulation's carried
    // reach), so its customers are not stuck while this machine can go on.
    return true;
  };
}

}  // namespace

std::int64_t money_of(const message& m) {
  const auto* pay = std::get_if<payment>(&m);
  return pay ? pay->amount : 0;
}

void book_lost(world& w, std::int64_t money) {
  if (money == 0) return;
  auto hold = w.books.hold();
  w.books.add(w.books.lost_in_channels, money);
}

// The book's machine, grown up: a price, a hopper the chef fills, change and refunds, and a
// reply channel in each payment so that each customer gets their own hot dog.
task<void> run_machine(process& p, world& w, const machine_spec& spec) {
  ledger& books = w.books;
  message_channel in = w.channels[spec.in_channel];
  message_channel hopper = w.channels[spec.hopper_channel];
  std::int64_t stock = spec.stock;
  // Its hopper is always its own (its in may be a line it shares).
  const std::size_t self = w.machine_of_channel[spec.hopper_channel];
  // It takes payments from in (and may close it), fills and empties its hopper, and answers
  // on the reply channel of the payment it holds.
  std::string_view answering;
  bool stocking = true;  // it puts only its first stock into the hopper; later it takes
  reach_guard reaching(
      p, machine_reach(spec, in, hopper, stocking, answering, p.rt().deterministic()));
  {
    // Up to 10^6 puts at one instant, none of which waits (the stock fits): no stall.
    process::finite_burst stocking_up(p);
    for (std::int64_t i = 0; i < stock; ++i) co_await p.put(hopper, message(hot_dog{}));
  }
  stocking = false;
  p.reach_changed();
  {
    auto hold = books.hold();
    books.add(books.stocked, stock);
    books.add(books.into_hoppers, stock);
  }
  report(p, stock_event{self, stock, spec.price});
  // The machine takes a payment only with a hot dog in hand, so while it is sold out the
  // payments wait in `in` (and impatient customers can still give up with their money).
  bool holding = false;
  for (;;) {
    if (spec.close_when_empty && stock == 0 && !spec.unlimited) {
      // The book's v2: out of hot dogs, it closes its channels and stops. (A scheduled run
      // may let a customer's payment arrive first: the race of the book's REPL.)
      co_await p.yield_point();
      report(p, sold_out_event{self, sold_out_action::close});
      p.close(in);
      co_return;
    }
    if (!holding && spec.unlimited) {
      // A plain server: a hot dog is always at hand.
      holding = true;
      auto hold = books.hold();
      ++books.stocked;
      ++books.into_hoppers;
      ++books.out_of_hoppers;
      ++books.machine_holding;
    }
    if (!holding) {
      auto dog = co_await p.poll(hopper);
      if (!dog) {
        report(p, sold_out_event{self, sold_out_action::wait_for_chef});
        dog = co_await p.take(hopper);
      }
      if (!dog) co_return;  // someone closed the hopper: no hot dog will ever come
      if (!std::holds_alternative<hot_dog>(*dog))
        unexpected(p, *dog, hopper, "hot dogs", "a machine's stock and its chefs make hot dogs");
      holding = true;
      auto hold = books.hold();
      ++books.out_of_hoppers;
      ++books.machine_holding;
    }
    co_await p.yield_point();  // a scheduled run may interleave here (see process.hpp)
    // A payment is the machine's once it changes hands, even if the run is cut before the
    // machine resumes: booked then, or on return when the take did not wait.
    bool booked = false;
    auto book = [&books, &booked](const message& m) {
      const auto* pay = std::get_if<payment>(&m);
      if (!pay || std::exchange(booked, true)) return;
      auto hold = books.hold();
      books.add(books.payments, pay->amount);
      books.add(books.held, pay->amount);
    };
    p.at_handoff([&book](const void* r) {
      if (const auto* got = handed<std::optional<message>>(r); got && *got) book(**got);
    });
    auto got = co_await p.take(in);
    if (!got) co_return;  // someone closed the machine
    auto* pay = std::get_if<payment>(&*got);
    if (!pay) unexpected(p, *got, in, "payments", "customers make payments");
    const std::int64_t amount = pay->amount;
    const std::string_view from = pay->from;
    answering = pay->reply.name();
    book(*got);
    report(p, pay_event{self, from, amount, pay->queued_at});
    if (spec.serve_time) co_await p.sleep(spec.serve_time->draw(w.random(p)));
    answer reply;
    if (spec.lettuce && amount != spec.price) {
      reply = lettuce_given{self};
      report(p, lettuce_event{self, from, amount});
      auto hold = books.hold();
      books.add(books.lettuce_takings, amount);
      books.add(books.held, -amount);
    } else if (amount < spec.price) {
      reply = refunded{amount, self};
      report(p, refund_event{self, from, amount, refund_reason::too_little});
      auto hold = books.hold();
      books.add(books.refunds, amount);
      books.add(books.held, -amount);
    } else {
      holding = false;
      --stock;
      const std::int64_t change = amount - spec.price;
      reply = served{change, self};
      report(p, dispense_event{self, from});
      if (change > 0) report(p, change_event{self, from, change});
      auto hold = books.hold();
      ++books.sold;
      --books.machine_holding;
      books.add(books.revenue, spec.price);
      books.add(books.change, change);
      books.add(books.held, -amount);
    }
    // The reply channel has a buffer of one: the machine never waits on a customer.
    message_channel to = pay->reply;
    co_await p.put(to, message(std::move(reply)));
    answering = {};
    p.reach_changed();
  }
}

task<void> run_customer(process& p, world& w, const customer_spec& spec, std::int64_t amount,
                        std::int64_t patience, std::uint64_t number) {
  ledger& books = w.books;
  const std::size_t pick = choose_machine(p, w, spec, number);
  const std::string& machine = spec.line.empty() ? spec.machines[pick] : spec.line;
  const std::size_t in_index = spec.machine_in_channels[pick];
  message_channel in = w.channels[in_index];
  // No machine owns a shared line: whichever takes the payment answers it.
  const std::size_t at = w.machine_of_channel[in_index];
  const std::int64_t arrived = p.rt().now();
  {
    auto hold = books.hold();
    ++books.customers;
    ++books.present;
    books.add(books.purses, amount);
    books.add(books.in_hand, amount);
  }
  report(p, arrive_event{machine, at, amount, !spec.line.empty()});
  message_channel reply =
      make_channel<message>(p.rt(), customer_reply(p.name()), 1, buffer_policy::fixed, w.own_tag());
  // It pays into its machine's in and takes the answer from its own reply channel.
  reach_guard reaching(p, [&in, &reply](std::vector<channel_use>& out) {
    out.push_back({in.name(), channel_uses::put});
    out.push_back({reply.name(), channel_uses::take});
    return true;
  });
  message pay = payment{p.name(), amount, reply, at};
  std::size_t answered_by = at;  // the machine that took the payment, once one has
  // Every customer who leaves counts in the summary's waits (served or not), as in each
  // machine's wait_mean: one meaning for both.
  auto leave = [&](leave_reason reason) {
    if (arrived >= w.warmup) {
      auto hold = books.hold();
      books.waits.add(p.rt().now() - arrived);
    }
    report(p, leave_event{reason, p.rt().now() - arrived, answered_by});
  };
  auto leave_hungry = [&](leave_reason reason) {
    {
      auto hold = books.hold();
      ++books.hungry;
      --books.present;
      books.add(books.kept, amount);
      books.add(books.in_hand, -amount);
    }
    leave(reason);
  };
  co_await p.yield_point();  // a scheduled run may let others go before the payment
  // The payment is handed over once it changes hands, even if the run is cut before the
  // customer resumes: booked then, or on return when the put did not wait.
  bool booked = false;
  auto hand_over = [&books, &booked, amount] {
    if (std::exchange(booked, true)) return;
    auto hold = books.hold();
    books.add(books.handed_over, amount);
    books.add(books.in_hand, -amount);
  };
  bool paid = false;
  waiting_payment counted(w, in_index);
  if (patience >= 0) {
    p.at_handoff([&hand_over](const void* r) {
      if (const auto* got = handed<alts_result<message>>(r); got && got->index == 0 && got->put_ok)
        hand_over();
    });
    auto r = co_await p.alts(
        alt_ops(alt_op<message>::put(in, std::move(pay)),
                alt_op<message>::take(make_timeout<message>(p.rt(), patience, w.own_tag()))));
    if (r.index != 0) {
      // The timeout won: the payment was withdrawn, so the customer keeps the money.
      leave_hungry(leave_reason::impatient);
      co_return;
    }
    paid = r.put_ok;
  } else {
    p.at_handoff([&hand_over](const void* r) {
      if (const bool* ok = handed<bool>(r); ok && *ok) hand_over();
    });
    paid = co_await p.put(in, std::move(pay));
  }
  counted.done();
  if (!paid) {
    leave_hungry(leave_reason::closed);
    co_return;
  }
  hand_over();
  auto got = co_await p.take(reply);
  const answer* a = got ? std::get_if<answer>(&*got) : nullptr;
  if (!a) {
    if (!got) throw std::runtime_error(reply.name() + " was closed before the machine answered");
    unexpected(p, *got, reply, "the machine's answer", "machines answer payments");
  }
  std::visit([&answered_by](const auto& x) { answered_by = x.machine; }, *a);
  leave_reason reason = leave_reason::served;
  {
    auto hold = books.hold();
    --books.present;
    if (const auto* r = std::get_if<refunded>(a)) {
      reason = leave_reason::refunded;
      ++books.refunded;
      books.add(books.got_back, r->amount);
    } else if (const auto* s = std::get_if<served>(a)) {
      ++books.served;
      books.add(books.got_back, s->change);

    } else {
      reason = leave_reason::lettuce;
      ++books.lettuce_eaters;
    }
  }
  leave(reason);
}

task<void> run_one_customer(process& p, world& w, const customer_spec& spec) {
  random_source& r = w.random(p);
  const std::int64_t amount = spec.amount.draw(r);
  const std::int64_t patience = spec.patience ? spec.patience->draw(r) : -1;
  return run_customer(p, w, spec, amount, patience, 1);
}

// A crowd makes its customers as they arrive, so a million of them never exist at once.
task<void> run_crowd(process& p, world& w, const customer_spec& spec) {
  const std::uint64_t count = spec.count.value_or(1);
  random_source& r = w.random(p);
  // The customers it has yet to make will pay into the machines' in channels.
  reach_guard reaching(p, [&w, &spec](std::vector<channel_use>& out) {
    for (std::size_t in : spec.machine_in_channels)
      out.push_back({w.channels[in].name(), channel_uses::put});
    return true;
  });
  for (std::uint64_t i = 1; i <= count; ++i) {
    if (i > 1) co_await p.sleep(spec.interval.draw(r));
    const std::int64_t amount = spec.amount.draw(r);
    const std::int64_t patience = spec.patience ? spec.patience->draw(r) : -1;
    // Its members share the crowd's tag, each its own member number.
    p.rt().spawn({p.name() + "-" + std::to_string(i), process_mode::go, false, p.rt().now(),
                  p.tag(), static_cast<std::uint32_t>(i)},
                 [&w, &spec, amount, patience, i](process& c) {
                   return run_customer(c, w, spec, amount, patience, i);
                 });
  }
}

task<void> run_chef(process& p, world& w, const chef_spec& spec) {
  ledger& books = w.books;
  message_channel hopper = w.channels[spec.hopper_channel];
  random_source& r = w.random(p);
  reach_guard reaching(p, [&hopper](std::vector<channel_use>& out) {
    out.push_back({hopper.name(), channel_uses::put});
    return true;
  });
  for (std::uint64_t n = 0; !spec.batches || n < *spec.batches; ++n) {
    co_await p.sleep(spec.cook_time.draw(r));
    {
      auto hold = books.hold();
      books.add(books.cooked, spec.batch);
      books.add(books.chef_holding, spec.batch);
    }
    report(p, cook_event{spec.batch});
    {
      // Up to 10^6 puts of one batch, at one instant while the hopper has room: a burst that
      // ends, no loop, so its events do not count towards the stall limit (as a machine's
      // first stock). What the machine and its customers do meanwhile still counts.
      process::finite_burst restocking(p);
      for (std::int64_t i = 0; i < spec.batch; ++i) {
        // Parks while the hopper is full: backpressure.
        co_await p.yield_point();
        // Into the hopper once it changes hands, even if the run ends before the chef
        // resumes (a daemon parked on a full hopper whose hot dog a script then takes):
        // booked then, or on return when the put did not wait.
        bool booked = false;
        auto into_hopper = [&books, &booked] {
          if (std::exchange(booked, true)) return;
          auto hold = books.hold();
          --books.chef_holding;
          ++books.into_hoppers;
        };
        p.at_handoff([&into_hopper](const void* result) {
          if (const bool* ok = handed<bool>(result); ok && *ok) into_hopper();
        });
        if (!co_await p.put(hopper, message(hot_dog{})))
          throw std::runtime_error(hopper.name() + " was closed: the chef cannot restock");
        into_hopper();
      }
    }
    report(p, restock_event{spec.machine, w.machine_of_channel[spec.hopper_channel], spec.batch});
  }
}

}  // namespace hotdog::sim
