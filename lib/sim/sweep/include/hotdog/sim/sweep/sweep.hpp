#pragma once
/// @file sweep.hpp
/// Many runs of one scenario: every combination of the swept values (a "point"; or, zipped,
/// the values in step) times every seed, on several threads, each run on its own
/// deterministic runtime; one JSON line per run, in (point, seed) order whatever the number
/// of threads, streamed (memory does not grow with the number of runs). A share of the runs
/// (`--shard K/M`) can run elsewhere: its lines follow a header saying what it was made from,
/// so that merge_sweeps() (merge.hpp) puts only shards of one sweep together.

#include "hotdog/sim/load/load.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/run/progress.hpp"
#include "hotdog/sim/run/simulation.hpp"
#include "hotdog/sim/text/result.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

/// One swept key: `--set NAME.KEY=V1,V2,...`.
struct sweep_axis {
  setting key;                      ///< target and key; its value is unused
  std::vector<std::string> values;  ///< each as typed
};

/// `--ci FIELD=REL [--max-seeds N]`: seeds are added to each point until the 95% confidence
/// half-width of FIELD is at most REL times its mean (or N seeds have run).
struct ci_goal {
  std::string field;  ///< a numeric summary field, dotted as in the aggregates
  double rel = 0;
  std::uint64_t max_seeds = 1000;
};

struct sweep_options {
  std::vector<setting> fixed;    ///< `--set`s with one value: the same in every run
  std::vector<sweep_axis> axes;  ///< `--set`s with several: the first varies slowest
  bool zip = false;              ///< `--zip`: the axes' values in step, not crossed
  std::optional<ci_goal> ci;     ///< `--ci`: seeds from first_seed on, as many as needed
  std::uint64_t first_seed = 1;  ///< `--seeds A..B`
  std::uint64_t last_seed = 1;
  std::size_t jobs = 1;                ///< threads
  bool sharded = false;                ///< `--shard` given: the lines follow a shard header
  std::uint64_t shard = 1;             ///< `--shard K/M`: this process runs the runs whose
  std::uint64_t shards = 1;            ///< number modulo M is K - 1
  std::vector<std::string> set_texts;  ///< every `--set` as typed, for the shard header
  run_options run;                     ///< until, max_events (seed comes from the sweep)
};

/// A run that did not end as expected: enough to replay it.
struct unexpected_run {
  std::vector<setting> settings;  ///< the fixed settings, then the point's
  std::uint64_t seed = 0;
  std::string end;  ///< its end reason
};

/// What a sweep found, beside its lines.
struct sweep_report {
  std::uint64_t runs = 0;        ///< runs made (this shard's)
  std::uint64_t unexpected = 0;  ///< of them, runs that did not end as expected
  /// Of them, runs that ended no later than their "warmup": means over no time, waits of
  /// no customer who arrived before the end.
  std::uint64_t before_warmup = 0;
  std::optional<unexpected_run> first_unexpected;
  /// With `--ci`: per point, its swept values (JSON), the seeds it took and whether the goal
  /// was met.
  struct point_seeds {
    std::string point;
    std::uint64_t seeds = 0;
    bool met = false;
  };
  std::vector<point_seeds> seeds_taken;
};

/// Splits `--set` text into a setting per value: `NAME.KEY=V1,V2` gives two values (commas
/// inside JSON brackets, braces or strings do not split). Returns an axis, or the error.
/// `seed` is refused: a sweep's seeds are `--seeds`.
result<sweep_axis> parse_sweep_setting(std::string_view text);

/// Parses `A..B` (or a single seed); returns the range, or the error (also when it holds
/// more seeds than a 64-bit count).
result<std::pair<std::uint64_t, std::uint64_t>> parse_seed_range(std::string_view text);

/// Parses `K/M` with 1 <= K <= M; returns the pair, or the error.
result<std::pair<std::uint64_t, std::uint64_t>> parse_shard(std::string_view text);

/// Parses `FIELD=REL` (REL a positive decimal); the field is checked when the sweep runs.
result<ci_goal> parse_ci(std::string_view text);

/// The start of run n's line as a sweep over `opts` without `--ci` writes it:
/// `{"point":{...},"seed":S,` (run n is point n / seeds, seed A + n % seeds). A merge checks
/// every shard's lines against it.
std::string run_line_start(const sweep_options& opts, std::uint64_t n);

/// The number of points: the product of the axes' value counts, or with `zip` their common
/// length; an error when zipped axes differ in length or the count does not fit 64 bits.
result<std::uint64_t> count_points(const sweep_options& opts);

/// Validates every point first (nothing runs if one is invalid: its errors are returned),
/// then runs this shard's runs, handing each line (no newline) to `line` in order, the shard
/// header first when `opts.sharded`; `line` returns an error to stop the sweep. `progress`
/// (if set) is called after each line with (runs written, runs in this shard, 0 with --ci).
result<sweep_report> run_sweep(
    const std::string& scenario_path, const sweep_options& opts,
    const std::function<std::optional<std::string>(const std::string&)>& line,
    const progress_fn& progress = {});

/// Student's t quantile for a two-sided 95% interval with `df` degrees of freedom.
double t95(std::uint64_t df);

}  // namespace hotdog::sim
