#pragma once
/// @file duration.hpp
/// Durations as people write them: "250ms", "2s", "1.5s", "3m", "1h", and on the command line
/// plain milliseconds too ("5000"). A scenario's own durations go through the JSON overload
/// in scenario.hpp, which takes numbers as milliseconds and strings with a unit.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotdog::sim {

/// The longest duration with a unit: 2^52 ms, exact in a double (about 142,000 years).
inline constexpr std::int64_t max_duration_ms = std::int64_t{1} << 52;

/// Parses digits with at most one '.' between them, then "ms", "s", "m" or "h", and nothing
/// else; returns the milliseconds, or an empty optional when the text is not of that form,
/// finer than a millisecond, or over max_duration_ms.
std::optional<std::int64_t> parse_duration_with_unit(std::string_view text);

/// Parses command-line text (`--until`): plain digits as milliseconds (up to INT64_MAX), or
/// a duration with a unit as parse_duration_with_unit does; an empty optional otherwise.
std::optional<std::int64_t> parse_duration(std::string_view text);

/// As above; spelled out so that a string or literal is not ambiguous with the JSON overload.
inline std::optional<std::int64_t> parse_duration(const std::string& text) {
  return parse_duration(std::string_view(text));
}
inline std::optional<std::int64_t> parse_duration(const char* text) {
  return parse_duration(std::string_view(text));
}

}  // namespace hotdog::sim
