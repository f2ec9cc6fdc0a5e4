#include "hotdog/sim/model/duration.hpp"

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
  const std::string number(text.substr(0, i));
  const std::string_view unit = text.substr(i);
  if (number.empty() || number.front() == '.' || number.back() == '.' ||
      std::count(number.begin(), number.end(), '.') > 1)
    return std::nullopt;
  double scale = 0;
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
  const double ms = std::strtod(number.c_str(), nullptr) * scale;
  if (!(ms <= static_cast<double>(max_duration_ms)) || ms != std::floor(ms)) return std::nullopt;
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

std::int64_t duration_spec::draw(random_source& random) const {
  switch (type) {
    case kind::uniform: return random.between(min, max);
    case kind::exponential:
      return static_cast<std::int64_t>(std::llround(random.exponential(mean)));
    case kind::fixed: break;
  }
  return ms;
}

}  // namespace hotdog::sim
