#pragma once
// The first line of a shard's JSONL: what the shard was made from (the scenario's digest,
// every --set as typed, --zip, --seeds, the run limits), which share it is and how many runs
// it holds, so that a merge refuses shards that do not belong together; and the title the
// unsharded sweep gives its HTML page, so that the merged page is the same.

#include "hotdog/sim/sweep/sweep.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotdog::sim::detail {

/// FNV-1a (64 bits) of `text`, as 16 hex digits: not cryptographic, it tells files apart.
std::string digest(std::string_view text);

/// The header line (no newline) of a shard of `mine` runs out of `total`; `title` is the one
/// the sweep's HTML page would have (the scenario file as the sweep was given it).
std::string shard_header(std::string_view scenario_text, std::string_view title,
                         const sweep_options& opts, std::uint64_t mine, std::uint64_t total);

/// A shard header, read back.
struct shard_info {
  std::string made_from;  ///< everything but the share, as canonical JSON
  /// The sweep's HTML title; none in a header without one. Not part of `made_from`: the same
  /// scenario may be reached by other paths on other hosts.
  std::optional<std::string> title;
  std::uint64_t shard = 0, shards = 0, runs = 0, total = 0;
};

/// Reads a header line; nothing when `line` is not one.
std::optional<shard_info> parse_shard_header(const std::string& line);

/// What differs between two shards' `made_from`, in words ("the scenario", "the --set
/// options", ...).
std::string made_from_difference(const std::string& a, const std::string& b);

}  // namespace hotdog::sim::detail
