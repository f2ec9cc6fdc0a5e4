#pragma once
/// @file shrink.hpp
/// Shrinking a failing run: keep how it failed (its end reason, the expectations it broke,
/// what each process logged, who a deadlock left waiting on what) while making, in this order, its
/// schedule and then its scenario smaller.
///
/// The schedule becomes its list of deviations from the default order (see schedule.hpp);
/// deviations are dropped while the run still fails the same way. Then the scenario, as the
/// typed model: one edit at a time (shrink_candidates.hpp: drop processes, channels and steps,
/// lower counts, halve fixed durations), each kept when the run (under the shrunk schedule)
/// still fails the same way, until no edit helps. The result is written as scenario JSON
/// (scenario_writer.hpp), and that text, read again, must fail the same way too.

#include "hotdog/schedule.hpp"
#include "hotdog/sim/load/load.hpp"
#include "hotdog/sim/run/progress.hpp"
#include "hotdog/sim/run/simulation.hpp"
#include "hotdog/sim/text/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

/// How a run failed: what shrinking keeps. (The logs and a deadlock's waiting processes are
/// kept too: without them, any run that deadlocks anywhere would do. `logs` is the sample,
/// `digest` tells all the messages apart.)
struct failure_class {
  std::string end;
  std::vector<std::string> failed;  ///< the expectations broken, in order
  std::vector<std::pair<std::string, std::vector<std::string>>> logs;
  std::vector<std::string> waiting;
  std::string digest;  ///< the class's (outcome_class::digest): every message, not the sample
  friend bool operator==(const failure_class&, const failure_class&) = default;
};

struct shrink_result {
  failure_class failure;
  schedule shrunk;  ///< number plus its remaining deviations
  std::size_t deviations_before = 0;
  std::string scenario_json;    ///< the smallest scenario found, as JSON text
  std::size_t size_before = 0;  ///< processes + channels + steps, before and after
  std::size_t size_after = 0;
  std::uint64_t runs = 0;  ///< runs made while shrinking
  bool gave_up = false;    ///< stopped at max_shrink_runs: a smaller one may exist
};

/// Shrinking stops trying smaller scenarios after this many runs (a big scenario would take
/// hours; what it has by then is still smaller and still fails the same way).
inline constexpr std::uint64_t max_shrink_runs = 20000;

/// Shrinks the run of the scenario file at `path` (with `settings`) under `s`. Returns the
/// result, or why it cannot (the scenario is invalid, or that run ends as expected). The
/// scenario written has the settings in it; what they name or set is not shrunk, so the
/// replay command may give them again. `progress` is told of each run made (of no known
/// total: how many a shrink takes is not known before).
result<shrink_result> shrink(const std::string& path, const std::vector<setting>& settings,
                             const schedule& s, const run_options& opts,
                             const progress_fn& progress = {});

/// The same, of the scenario already loaded from `path` with `settings`: a file is read
/// once, so a pipe (`/dev/stdin`) shrinks as a file does.
result<shrink_result> shrink(scenario sc, const std::string& path,
                             const std::vector<setting>& settings, const schedule& s,
                             const run_options& opts, const progress_fn& progress = {});

}  // namespace hotdog::sim
