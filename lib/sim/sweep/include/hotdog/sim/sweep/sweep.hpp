#pragma once
/// @file sweep.hpp
/// Many runs of one scenario: every combination of the swept values (a "point") times
/// every seed, on several threads, each run on its own deterministic runtime; one JSON line
/// per run, in (point, seed) order whatever the number of threads. A share of the runs
/// (`--shard K/M`) can run elsewhere; merge() puts the shards' lines back together, and
/// aggregate() turns lines into per-point statistics (mean, standard deviation, 95%
/// confidence half-width, n) as CSV, text or an HTML page of charts.

#include "hotdog/sim/load/load.hpp"
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
#include <vector>

namespace hotdog::sim {

/// One swept key: `--set NAME.KEY=V1,V2,...`.
struct sweep_axis {
  setting key;                      ///< target and key; its value is unused
  std::vector<std::string> values;  ///< each as typed
};

struct sweep_options {
  std::vector<setting> fixed;    ///< `--set`s with one value: the same in every run
  std::vector<sweep_axis> axes;  ///< `--set`s with several: the first varies slowest
  std::uint64_t first_seed = 1;  ///< `--seeds A..B`
  std::uint64_t last_seed = 1;
  std::size_t jobs = 1;      ///< threads
  std::uint64_t shard = 1;   ///< `--shard K/M`: this process runs the runs whose
  std::uint64_t shards = 1;  ///< number modulo M is K - 1
  run_options run;           ///< until, max_events (seed comes from the sweep)
};

/// Splits `--set` text into a setting per value: `NAME.KEY=V1,V2` gives two values (commas
/// inside JSON brackets, braces or strings do not split). Returns an axis, or the error.
result<sweep_axis> parse_sweep_setting(std::string_view text);

/// Parses `A..B` (or a single seed); returns the range, or the error.
result<std::pair<std::uint64_t, std::uint64_t>> parse_seed_range(std::string_view text);

/// Parses `K/M` with 1 <= K <= M; returns the pair, or the error.
result<std::pair<std::uint64_t, std::uint64_t>> parse_shard(std::string_view text);

/// Validates every point first (nothing runs if one is invalid: its errors are returned),
/// then runs this shard's runs, writing their lines to `out` in order. `progress` (if set)
/// is called after each line with (runs written, runs in this shard).
std::vector<diagnostic> run_sweep(const std::string& scenario_path, const sweep_options& opts,
                                  std::ostream& out, const progress_fn& progress = {});

/// Merges sweep JSONL (shards, in any order) into the lines one unsharded sweep writes,
/// streaming; returns an error when a run is missing, repeated, or a line is not a sweep's.
/// `progress` is told of the bytes read so far (the total is the caller's to know).
std::optional<std::string> merge_sweeps(std::vector<std::istream*> inputs, std::ostream& out,
                                        const progress_fn& progress = {});

/// Aggregates sweep JSONL per point: every numeric summary field (nested ones named with
/// dots: `machines.m1.utilization`) as mean, standard deviation, 95% confidence
/// half-width (Student's t) and n. `format` is "csv", "text" or "html" (an offline page of
/// SVG charts of each field against the swept values, with confidence bars). Returns an
/// error for input that is not a sweep's.
std::optional<std::string> aggregate_sweep(std::istream& in, const std::string& format,
                                           const std::string& title, std::ostream& out);

/// Student's t quantile for a two-sided 95% interval with `df` degrees of freedom.
double t95(std::uint64_t df);

}  // namespace hotdog::sim
