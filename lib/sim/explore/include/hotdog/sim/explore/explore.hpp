#pragma once
/// @file explore.hpp
/// Exploration: one scenario run under schedules 1..N (see hotdog/schedule.hpp), the runs
/// grouped by outcome — how the run ended, which expectations it broke, what every process
/// logged — each class with its count and the first schedule that showed it. Runs go on
/// several threads and the result does not depend on how many; a share of the schedules
/// (`--shard K/M`) can run elsewhere and merge_explorations() puts the shares together.

#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/run/progress.hpp"
#include "hotdog/sim/run/simulation.hpp"
#include "hotdog/sim/text/result.hpp"

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hotdog::sim {

/// A class keeps at most this many log messages, and this many bytes of them: a sample, its
/// first messages per process; the class itself is told apart by all of them (its digest).
inline constexpr std::size_t log_sample_lines = 1000;
inline constexpr std::size_t log_sample_bytes = 64 * 1024;

/// One outcome and the runs that had it.
struct outcome_class {
  std::string end;                  ///< the end reason
  std::vector<std::string> failed;  ///< the `what` of each expect_failed event, in order
  /// Each process that logged (in the scenario's order) and its first messages, in order, as
  /// many as the sample holds (log_sample_lines, log_sample_bytes).
  std::vector<std::pair<std::string, std::vector<std::string>>> logs;
  /// The processes whose messages the sample cut short, and how many it left out of each.
  std::vector<std::pair<std::string, std::uint64_t>> logs_cut;
  /// What the class is: its end, failed and every message each process logged, as 32 hex
  /// digits. Runs with the same digest are one class.
  std::string digest;
  /// A deadlock's waiting processes, "PROC OP CHAN" each (shrink keeps them; not part of the
  /// class explore groups by, which the logs already tell apart).
  std::vector<std::string> waiting;
  std::uint64_t count = 0;
  std::uint64_t schedule = 0;  ///< the first schedule that showed it
  bool expected = false;       ///< the run ended as the scenario wants (ended_as_expected)
};

struct explore_options {
  std::uint64_t runs = 100;  ///< schedules 1..runs
  std::size_t jobs = 1;
  std::uint64_t shard = 1;   ///< this process runs the schedules s with (s - 1) % shards ==
  std::uint64_t shards = 1;  ///< shard - 1
  run_options run;           ///< until, max_events, stall_steps (the schedule is set per run)
  schedule_strategy strategy = schedule_strategy::random;
  std::uint32_t depth = 3;  ///< pct
  progress_fn progress;     ///< told of each run done, of this shard's runs
};

/// What an exploration found: the runs made and their classes, by first schedule, and what
/// it was made from (so that explore-merge refuses shards that do not belong together).
struct exploration {
  std::string scenario;  ///< what it explored (a name or path: the caller's to set), or empty
  std::string digest;    ///< the scenario file's (scenario_digest()): the caller's to set
  std::vector<std::string> sets;  ///< the --set overrides, as given: the caller's to set
  std::string strategy = "random";
  std::uint32_t depth = 3;
  std::uint64_t max_events = 0;
  std::uint64_t schedules = 0;  ///< --runs: the schedules 1..schedules the shards share out
  std::uint64_t shard = 1, shards = 1;
  std::uint64_t runs = 0;  ///< this shard's runs
  std::vector<outcome_class> classes;
  /// Merged explorations: what `replay_prefix_of` gave for the last class read (the part of
  /// its replay command that every class shares).
  std::string replay_prefix;
  /// True when every run ended as the scenario wants.
  bool all_expected() const noexcept;
};

/// The digest of a scenario file's text (its bytes), as 32 hex digits.
std::string scenario_digest(std::string_view text);

/// Whether `text` is valid UTF-8, which the JSON explore writes must be.
bool json_can_hold(std::string_view text) noexcept;

/// How many runs shard `shard` of `shards` makes of schedules 1..runs, or why that is not a
/// shard (1 <= shard <= shards <= runs).
result<std::uint64_t> shard_runs(std::uint64_t runs, std::uint64_t shard, std::uint64_t shards);

/// Runs sc under this shard's schedules and groups the runs. Memory grows with the classes,
/// not the runs. Throws std::invalid_argument when shard_runs() refuses the shard.
exploration explore(const scenario& sc, const explore_options& opts);

/// The outcome of one run of sc under `s` (count 1, schedule s.number).
outcome_class run_outcome(const scenario& sc, const run_options& opts, const schedule& s);

/// The command that replays the run under one schedule number: the caller's (the library
/// builds no command lines).
using replay_command = std::function<std::string(std::uint64_t schedule)>;

/// `--format json`: one object, {"scenario" (when set), "digest", "sets", "strategy",
/// "depth", "max_events", "schedules", "shard": "K/M", "runs", "classes": [{"end", "failed",
/// "logs", "logs_cut" (when the sample cut some), "digest", "count", "schedule", "expected",
/// "replay"}]}; `replay` is replay(schedule). Every text in it must be valid UTF-8.
std::string exploration_json(const exploration& e, const replay_command& replay);
/// `--format text`: a table for people, each class with its replay(schedule).
std::string exploration_text(const exploration& e, const std::string& title,
                             const replay_command& replay);

/// A shard to merge: its name (in errors) and its text.
struct exploration_input {
  std::string name;
  std::istream* in = nullptr;
};

/// Reads the JSON of the shards of one exploration (any order) and combines them into what
/// the unsharded exploration finds; returns it, or what is wrong with an input. The shards
/// must be made from the same scenario file (digest), --set values, strategy, depth, event
/// limit and --runs, each shard K/M once and all M of them, each whole (its classes count its
/// runs, and its runs are those of K/M).
/// `replay_prefix_of` takes a class's "replay" text apart: the part every class shares, or
/// nothing when it is not a replay command (then the input is refused).
result<exploration> merge_explorations(
    const std::vector<exploration_input>& inputs,
    const std::function<std::optional<std::string>(const std::string&)>& replay_prefix_of);

}  // namespace hotdog::sim
