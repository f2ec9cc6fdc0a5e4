#include "hotdog/sim/simulation.hpp"

#include "hotdog/deterministic_runtime.hpp"
#include "hotdog/realtime_runtime.hpp"
#include "script.hpp"

#include <memory>

namespace hotdog::sim {

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

run_result simulate(const scenario& sc, const run_options& opts, observer& out) {
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
  channel_map channels;
  for (const auto& c : sc.channels)
    channels.emplace(c.name, make_channel<nlohmann::json>(*rt, c.name, c.buffer, c.policy));
  for (const auto& p : sc.processes) {
    const nlohmann::json* steps = &p.steps;
    rt->spawn({p.name, p.mode, p.daemon, p.start},
              [&channels, steps](process& self) { return run_script(self, channels, *steps); });
  }
  auto until = opts.until ? opts.until : sc.until;
  return rt->run(until);
}

}  // namespace hotdog::sim
