#include "hotdog/sim/model/duration.hpp"

#include "hotdog/sim/model/sampling.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace hotdog::sim {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::int64_t> parse_duration_with_unit(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) ++i;
  const std::string_view number = text.substr(0, i);
  const std::string_view unit = text.substr(i);
  if (number.empty() || number.front() == '.' || number.back() == '.' ||
      std::count(number.begin(), number.end(), '.') > 1)
    return std::nullopt;
  std::int64_t scale = 0;
  if (unit == "ms")
    scale = 1;
  else if (unit == "s")
    scale = 1000;
  else if (unit == "m")
    scale = 60'000;
  else if (unit == "h")
    scale = 3'600'000;
  else
    return std::nullopt;
  // Exact decimal arithmetic, not a double: "0.9999999999999999999h" is not whole
  // milliseconds, however close a double would round it.
  const std::size_t dot = std::min(number.find('.'), number.size());
  std::string_view whole = number.substr(0, dot);
  std::string_view fraction = dot < number.size() ? number.substr(dot + 1) : std::string_view{};
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  // Whole milliseconds need at most 7 fraction digits (an hour is 2^7 3^2 5^5 ms), and no
  // duration has more than 19 digits before the point.
  if (fraction.size() > 7 || whole.size() > 19) return std::nullopt;
  __extension__ using wide = __int128;
  wide w = 0, f = 0, ten_to = 1;
  for (char c : whole) w = w * 10 + (c - '0');
  for (char c : fraction) {
    f = f * 10 + (c - '0');
    ten_to *= 10;
  }
  if ((f * scale) % ten_to != 0) return std::nullopt;
  const wide ms = w * scale + f * scale / ten_to;
  if (ms > max_duration_ms) return std::nullopt;
  return static_cast<std::int64_t>(ms);
}

std::optional<std::int64_t> parse_duration(std::string_view text) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), is_digit)) {
    std::int64_t ms = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec != std::errc{} || end != text.data() + text.size() || ms > max_duration_ms)
      return std::nullopt;
    return ms;
  }
  return parse_duration_with_unit(text);
}

namespace {

// A continuous draw as the run uses it: whole ms, at least 0, at most max_duration_ms.
std::int64_t whole_ms(double ms) {
  if (!(ms > 0)) return 0;  // also NaN
  if (ms >= static_cast<double>(max_duration_ms)) return max_duration_ms;
  return static_cast<std::int64_t>(std::llround(ms));
}

}  // namespace

std::int64_t duration_spec::draw(random_source& random) const {
  const auto p = [this](std::size_t i) { return i < params.size() ? params[i] : 0.0; };
  switch (type) {
    case kind::uniform: return random.between(min, max);
    case kind::exponential:
      return static_cast<std::int64_t>(std::llround(random.exponential(mean)));
    case kind::normal: {
      // Redrawn while below 0 (a truncated normal), so the mean moves up when SD is large.
      for (;;) {
        const double x = normal(random, p(0), p(1));
        if (x >= 0) return whole_ms(x);
      }
    }
    case kind::lognormal: return p(0) > 0 ? whole_ms(lognormal(random, p(0), p(1))) : 0;
    case kind::erlang: return whole_ms(erlang(random, static_cast<long>(p(0)), p(1)));
    case kind::gamma: return whole_ms(gamma(random, p(0), p(1)));
    case kind::triangular: return whole_ms(triangular(random, p(0), p(1), p(2)));
    case kind::weibull: return whole_ms(weibull(random, p(0), p(1)));
    case kind::choose: return values[random.below(values.size())];
    case kind::empirical: {
      double total = 0;
      for (double w : weights) total += w;
      const double u = random.uniform01() * total;
      double below = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        below += weights[i];
        if (u < below) return values[i];
      }
      // Rounding may leave u at the very top: the last value with a weight.
      for (std::size_t i = values.size(); i-- > 0;)
        if (weights[i] > 0) return values[i];
      return 0;
    }
    case kind::fixed: break;
  }
  return ms;
}

}  // namespace hotdog::sim
