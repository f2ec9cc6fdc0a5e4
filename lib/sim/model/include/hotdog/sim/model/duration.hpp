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

/// A duration that may be random: fixed ms, or drawn from one of the distributions below
/// (parameters in ms, shapes and weights as plain numbers). Every draw is whole ms, >= 0.
struct duration_spec {
  enum class kind {
    fixed,        ///< ms
    uniform,      ///< whole ms in [min, max]
    exponential,  ///< mean
    normal,       ///< params: MEAN, SD; redrawn while below 0
    lognormal,    ///< params: MEAN, SD of the values themselves
    erlang,       ///< params: K, MEAN
    gamma,        ///< params: SHAPE, MEAN
    triangular,   ///< params: MIN, MODE, MAX
    weibull,      ///< params: SHAPE, SCALE
    choose,       ///< one of values, each as likely
    empirical,    ///< one of values, in proportion to weights
  } type = kind::fixed;
  std::int64_t ms = 0;
  std::int64_t min = 0, max = 0;
  double mean = 0;
  std::vector<double> params;        ///< the distribution's numbers, in the order written
  std::vector<std::int64_t> values;  ///< choose and empirical: the durations
  std::vector<double> weights;       ///< empirical: each value's weight (their sum > 0)
  /// A fixed duration of ms.
  static duration_spec fixed(std::int64_t ms) {
    duration_spec d;
    d.ms = ms;
    return d;
  }
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
