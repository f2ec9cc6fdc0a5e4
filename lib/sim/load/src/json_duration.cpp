#include "json_duration.hpp"

#include "hotdog/sim/model/duration.hpp"

#include <cmath>

namespace hotdog::sim {

std::optional<std::int64_t> parse_duration(const nlohmann::json& v) {
  constexpr std::int64_t max_ms = std::int64_t{1} << 52;  // exact in a double; ~142,000 years
  if (v.is_number_unsigned()) {
    const auto n = v.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(max_ms)) return std::nullopt;
    return static_cast<std::int64_t>(n);
  }
  if (v.is_number_integer()) {
    const auto n = v.get<std::int64_t>();
    if (n < 0) return std::nullopt;
    return n;
  }
  // 2000.0 is whole milliseconds too, however it was written (as counts are).
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d >= 0 && d <= static_cast<double>(max_ms) && d == std::floor(d))
      return static_cast<std::int64_t>(d);
    return std::nullopt;
  }
  if (!v.is_string()) return std::nullopt;
  return parse_duration_with_unit(v.get_ref<const std::string&>());
}

}  // namespace hotdog::sim
