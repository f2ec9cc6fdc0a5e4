#include "hotdog/sim/simulation.hpp"

#include "hotdog/deterministic_runtime.hpp"
#include "hotdog/realtime_runtime.hpp"
#include "kinds.hpp"
#include "script.hpp"
#include "simulation_hooks.hpp"

#include <functional>

#include <algorithm>
#include <memory>

namespace hotdog::sim {

std::size_t process_width(const scenario& sc) {
  std::size_t width = 1;
  for (const auto& p : sc.processes) width = std::max(width, p.name.size());
  return width;
}

int exit_status(end_reason r) noexcept {
  switch (r) {
    case end_reason::deadlock: return 3;
    case end_reason::limit:
    case end_reason::error: return 4;
    case end_reason::done:
    case end_reason::until: break;
  }
  return 0;
}

namespace {

// Nearest-rank percentile of sorted values.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, int pct) {
  if (sorted.empty()) return 0;
  const std::size_t rank = (sorted.size() * static_cast<std::size_t>(pct) + 99) / 100;
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

// The summary, and the check that every coin and hot dog is accounted for.
void summarize(tallies& t, run_result& r, std::vector<event>& out) {
  std::lock_guard lock(t.mutex);
  std::sort(t.waits.begin(), t.waits.end());
  std::int64_t total_wait = 0;
  for (auto w : t.waits) total_wait += w;
  const std::int64_t stock_left = t.into_hoppers - t.out_of_hoppers;
  std::vector<std::string> broken;
  if (t.purses != t.kept + t.handed_over + t.in_hand)
    broken.push_back("customers' money: arrived with " + std::to_string(t.purses) + ", accounted " +
                     std::to_string(t.kept + t.handed_over + t.in_hand));
  if (t.handed_over != t.payments)
    broken.push_back("payments: customers handed over " + std::to_string(t.handed_over) +
                     ", machines took " + std::to_string(t.payments));
  if (t.payments != t.revenue + t.change + t.refunds + t.lettuce_takings + t.held)
    broken.push_back("machines' money: took " + std::to_string(t.payments) + ", accounted " +
                     std::to_string(t.revenue + t.change + t.refunds + t.lettuce_takings + t.held));
  if (t.stocked + t.cooked != t.sold + t.machine_holding + stock_left + t.chef_holding)
    broken.push_back("hot dogs: stocked and cooked " + std::to_string(t.stocked + t.cooked) +
                     ", accounted " +
                     std::to_string(t.sold + t.machine_holding + stock_left + t.chef_holding));
  if (t.out_of_hoppers != t.sold + t.machine_holding)
    broken.push_back("hot dogs: taken from hoppers " + std::to_string(t.out_of_hoppers) +
                     ", sold or in hand " + std::to_string(t.sold + t.machine_holding));
  event s{0, 0, {}, "summary", {}};
  s.num("sold", t.sold)
      .num("revenue", t.revenue)
      .num("change", t.change)
      .num("refunds", t.refunds)
      .num("lettuce", t.lettuce_takings)
      .num("customers", t.customers)
      .num("served", t.served)
      .num("hungry", t.hungry)
      .num("refunded", t.refunded)
      .num("lettuce_eaters", t.lettuce_eaters)
      .num("present", t.present)
      .num("wait_mean",
           t.waits.empty() ? 0 : total_wait / static_cast<std::int64_t>(t.waits.size()))
      .num("wait_p50", percentile(t.waits, 50))
      .num("wait_p95", percentile(t.waits, 95))
      .num("wait_max", t.waits.empty() ? 0 : t.waits.back())
      .num("cooked", t.cooked)
      .num("stock_left", stock_left + t.machine_holding)
      .boolean("balanced", broken.empty());
  out.push_back(std::move(s));
  if (!broken.empty()) {
    std::string msg = "conservation check failed: ";
    for (std::size_t i = 0; i < broken.size(); ++i) msg += (i ? "; " : "") + broken[i];
    out.push_back(event{0, 0, {}, "error", {}}.str("msg", msg));
    r.reason = end_reason::error;
    r.message = msg;
  }
}

}  // namespace

run_result simulate(const scenario& sc, const run_options& opts, observer& out) {
  return simulate_with(sc, opts, out, nullptr);
}

run_result simulate_with(const scenario& sc, const run_options& opts, observer& out,
                         const std::function<void(runtime&, const channel_map&)>& ready) {
  const std::uint64_t seed = opts.seed.value_or(sc.seed);
  std::unique_ptr<runtime> rt;
  if (opts.realtime)
    rt = std::make_unique<realtime_runtime>(seed, opts.threads, opts.speed);
  else
    rt = std::make_unique<deterministic_runtime>(seed);
  rt->set_observer(&out);
  rt->set_event_limit(opts.max_events);
  if (opts.realtime) {
    // Said first, so nobody mistakes this trace for a reproducible one.
    rt->emit(
        event{0, 0, {}, "realtime", {}}
            .num("threads", static_cast<std::int64_t>(opts.threads))
            .raw("speed", nlohmann::json(opts.speed).dump())
            .str("note",
                 "events are in the order they really happened; this trace is not reproducible"));
  }
  // Declared after the runtime: channels and tallies must go before it does.
  channel_directory dir;
  tallies t;
  channel_map channels;
  for (const auto& c : sc.channels) {
    auto ch = make_channel<nlohmann::json>(*rt, c.name, c.buffer, c.policy);
    channels.emplace(c.name, ch);
    dir.add(c.name, ch);
  }
  for (const auto& p : sc.processes) {
    if (p.kind != "machine") continue;
    auto in = make_channel<nlohmann::json>(*rt, machine_in(p.name));
    auto hopper = make_channel<nlohmann::json>(*rt, machine_hopper(p.name),
                                               p.params["capacity"].get<std::size_t>());
    channels.emplace(machine_in(p.name), in);
    channels.emplace(machine_hopper(p.name), hopper);
    dir.add(machine_in(p.name), in);
    dir.add(machine_hopper(p.name), hopper);
  }
  for (const auto& p : sc.processes) {
    const nlohmann::json* params = &p.params;
    process_body body;
    if (p.kind == "script") {
      const nlohmann::json* steps = &p.steps;
      body = [&channels, steps](process& self) { return run_script(self, channels, *steps); };
    } else {
      t.any = true;
      if (p.kind == "machine") {
        body = [&dir, &t, params](process& self) { return run_machine(self, dir, t, *params); };
      } else if (p.kind == "chef") {
        body = [&dir, &t, params](process& self) { return run_chef(self, dir, t, *params); };
      } else if (params->contains("count")) {
        body = [&dir, &t, params](process& self) { return run_crowd(self, dir, t, *params); };
      } else {
        body = [&dir, &t, params](process& self) {
          random_source& r = self.rt().random();
          const std::int64_t amount = draw_amount(params->value("amount", nlohmann::json(3)), r);
          const std::int64_t patience =
              params->contains("patience") ? draw_duration((*params)["patience"], r) : -1;
          return run_customer(self, dir, t, *params, amount, patience);
        };
      }
    }
    rt->spawn({p.name, p.mode, p.daemon, p.start}, std::move(body));
  }
  if (t.any)
    rt->set_finisher(
        [&t](run_result& r, std::vector<event>& closing) { summarize(t, r, closing); });
  if (ready) ready(*rt, channels);
  auto until = opts.until ? opts.until : sc.until;
  return rt->run(until);
}

}  // namespace hotdog::sim
