// The validator's small typed readers: strings, booleans, whole numbers and durations, each
// reporting a wrong value at its key's pointer.
#include "hotdog/sim/model/duration.hpp"

#include "json_duration.hpp"
#include "validator.hpp"

#include <cmath>

namespace hotdog::sim::loading {

std::string validator::optional_string(const json& obj, const std::string& ptr,
                                       const std::string& key) {
  if (!obj.contains(key)) return {};
  if (!obj[key].is_string()) {
    error(pointer_append(ptr, key), q(key) + " must be a string, not " + describe(obj[key]));
    return {};
  }
  return obj[key].get<std::string>();
}

std::optional<bool> validator::optional_bool(const json& obj, const std::string& ptr,
                                             const std::string& key) {
  if (!obj.contains(key)) return std::nullopt;
  if (!obj[key].is_boolean()) {
    error(pointer_append(ptr, key), q(key) + " must be true or false, not " + describe(obj[key]));
    return std::nullopt;
  }
  return obj[key].get<bool>();
}

std::optional<std::int64_t> validator::whole_number(const json& v, std::int64_t min,
                                                    std::int64_t max) {
  if (v.is_number_integer() &&
      !(v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) &&
      v.get<std::int64_t>() >= min && v.get<std::int64_t>() <= max)
    return v.get<std::int64_t>();
  // 2.0 is a whole number too, however it was written.
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d == std::floor(d) && d >= static_cast<double>(min) && d <= static_cast<double>(max) &&
        d < 0x1p63)
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::int64_t validator::whole(const json& obj, const std::string& ptr, const char* key,
                              std::int64_t min, std::int64_t dflt, std::int64_t max) {
  if (!obj.contains(key)) return dflt;
  const json& v = obj[key];
  if (auto n = whole_number(v, min, max)) return *n;
  error(pointer_append(ptr, key), q(key) + " must be a whole number from " + std::to_string(min) +
                                      " to " + std::to_string(max) + ", not " + describe(v));
  return dflt;
}

std::int64_t validator::duration_at(const json& v, const std::string& ptr) {
  if (auto d = parse_duration(v)) return *d;
  if (v.is_number_integer() && !v.is_number_unsigned())
    error(ptr, "a duration may not be negative, got " + v.dump());
  else if (v.is_number_unsigned())
    error(ptr, "a duration may be at most " + std::to_string(max_duration_ms) +
                   " ms (about 142,000 years), got " + v.dump());
  else
    error(ptr,
          "expected a duration (whole milliseconds, or \"250ms\", \"2s\", \"1.5s\", \"3m\", "
          "\"1h\"), not " +
              describe(v));
  return 0;
}

}  // namespace hotdog::sim::loading
