#pragma once
// One line of a sweep's JSONL, read back: what merge, the CSVs and the aggregates share. The
// reader refuses lines nested deeper than a sweep writes, before parsing them, so hostile
// input cannot exhaust the stack of a recursive walk.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotdog::sim::detail {

/// How deep a sweep's line may nest (a summary is 4 levels; a swept value may add some).
inline constexpr std::size_t max_line_depth = 64;

/// A run's line: `{"point": {...}, "seed": S, "summary": {...}, "expected": B, "run": N}`.
struct sweep_line {
  nlohmann::ordered_json point;
  std::string point_text;  ///< point's JSON, which names the point
  std::uint64_t seed = 0;
  nlohmann::ordered_json summary;
  bool expected = true;
};

/// Whether `text` holds a NUL byte, which no JSON text does (outside strings it must be
/// escaped), and which nlohmann_json would read as the end of its input.
inline bool has_nul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

/// Whether `text` nests brackets and braces (outside strings) at most `depth` deep.
bool nesting_within(std::string_view text, std::size_t depth);

/// Parses a run's line; nothing when it is not one (or nests too deep).
std::optional<sweep_line> parse_sweep_line(const std::string& text);

/// "not a line of hotdog sweep's JSONL: ..." with the line's start, printable.
std::string not_a_sweep_line(const std::string& text);

/// Every numeric (and boolean, as 1 or 0) field of `j`, nested ones named with dots.
void flatten(const nlohmann::ordered_json& j, const std::string& prefix,
             std::vector<std::pair<std::string, double>>& out);

/// As flatten(), each number as its JSON text (whole numbers stay whole), booleans 1 or 0, and
/// text (as `"stock_left": "unlimited"`) too, as an empty cell: a field's column must not
/// depend on whether the first run gave it as a number or as text.
void flatten_text(const nlohmann::ordered_json& j, const std::string& prefix,
                  std::vector<std::pair<std::string, std::string>>& out);

/// A swept value as one cell: a string as itself, anything else as its JSON.
std::string cell_text(const nlohmann::ordered_json& v);

}  // namespace hotdog::sim::detail
