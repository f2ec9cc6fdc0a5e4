#pragma once
/// @file duration.hpp
/// Durations as people write them: "250ms", "2s", "1.5s", "3m", "1h", and on the command line
/// plain milliseconds too ("5000"); and the random quantities of a scenario (durations and
/// amounts of money that may be drawn from the run's seed).

#include "hotdog/random.hpp"

#include <cstdint>
#include <vector>
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

/// A duration that may be random: fixed ms, uniform in [min, max], or exponential(mean).
struct duration_spec {
  enum class kind { fixed, uniform, exponential } type = kind::fixed;
  std::int64_t ms = 0;
  std::int64_t min = 0, max = 0;
  double mean = 0;
  /// A fixed duration of ms.
  static duration_spec fixed(std::int64_t ms) { return {kind::fixed, ms, 0, 0, 0}; }
  /// Draws one duration (fixed ones draw nothing, so they leave the random stream alone).
  std::int64_t draw(random_source& random) const;
};

/// An amount of money that may be random: fixed, uniform in [min, max], or one of a list.
struct amount_spec {
  enum class kind { fixed, uniform, choose } type = kind::fixed;
  std::int64_t n = 0;
  std::int64_t min = 0, max = 0;
  std::vector<std::int64_t> choices;
  /// A fixed amount.
  static amount_spec fixed(std::int64_t n) { return {kind::fixed, n, 0, 0, {}}; }
  /// Draws one amount (fixed ones draw nothing).
  std::int64_t draw(random_source& random) const;
};

}  // namespace hotdog::sim
