#pragma once
/// @file simulation.hpp
/// Runs a scenario: makes its channels, starts its processes on a runtime, reports every
/// event to an observer.

#include "hotdog/event.hpp"
#include "hotdog/runtime.hpp"
#include "hotdog/schedule.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/run/exit_status.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace hotdog::sim {

/// How to run a scenario; unset fields take the scenario's own values.
struct run_options {
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> until;
  std::uint64_t max_events = 100'000'000;  ///< then the run ends with reason "limit"
  /// When virtual time has stood still this many steps (events, and loop iterations that
  /// make none), the run ends with reason "stalled"; 0: never.
  std::uint64_t stall_steps = 1'000'000;
  bool realtime = false;  ///< thread pool and wall clock instead
  std::size_t threads = 8;
  double speed = 1.0;
  /// Deterministic runs: the order of handlers ready at once, and the random draws, from this
  /// schedule (none: first-in-first-out and the seed alone, as always).
  std::optional<schedule> sched;
  /// When set (with `sched`), receives the deviations from the default order the run took.
  std::vector<deviation>* deviations_taken = nullptr;
};

/// Runs sc to its end and returns how it ended; every event goes to `out`.
run_result simulate(const scenario& sc, const run_options& opts, observer& out);

/// The width of the widest process name in sc, counting the names of a crowd's customers
/// (`NAME-1` ... `NAME-count`), in code points (at least 1): the text format's column.
std::size_t process_width(const scenario& sc);

/// The exit status the CLI gives for a run that ended this way (ok, deadlock, or error for a
/// limit, an error or a stall).
exit_status exit_status_of(end_reason r) noexcept;

}  // namespace hotdog::sim
