#pragma once
/// @file merge.hpp
/// Shards of one sweep put back together: exactly the lines one unsharded sweep writes.

#include "hotdog/sim/run/progress.hpp"

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

/// One shard to merge: its stream and the name its errors use.
struct shard_input {
  std::istream* in = nullptr;
  std::string name;
};

/// What a merge found, beside its lines.
struct merge_report {
  std::uint64_t runs = 0;        ///< runs merged
  std::uint64_t unexpected = 0;  ///< of them, runs that did not end as expected
  /// The title shard 1's header gives the sweep's HTML page (known before the first line is
  /// handed on); none when its header has none.
  std::optional<std::string> title;
};

/// Merges shards' JSONL (each led by its shard header, in any order) into the lines one
/// unsharded sweep writes, streaming, each handed to `line` (no newline). Returns an error,
/// saying which file, when the shards do not make one sweep: a header missing or of another
/// scenario, other --set options, --seeds, --zip or limits; a shard given twice or missing;
/// a shard with fewer or more runs than its header says; a run missing or repeated; a line
/// that is not a sweep's. `progress` is told of the bytes read so far.
std::optional<std::string> merge_sweeps(
    const std::vector<shard_input>& inputs,
    const std::function<std::optional<std::string>(const std::string&)>& line, merge_report& report,
    const progress_fn& progress = {});

}  // namespace hotdog::sim
