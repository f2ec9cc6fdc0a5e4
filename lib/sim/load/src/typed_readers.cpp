// The validator's small typed readers: strings, booleans, whole numbers and durations, each
// reporting a wrong value at its key's pointer.
#include "hotdog/sim/model/duration.hpp"

#include "json_duration.hpp"
#include "validator.hpp"

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

std::int64_t validator::whole(const json& obj, const std::string& ptr, const char* key,
                              std::int64_t min, std::int64_t dflt, std::int64_t max) {
  if (!obj.contains(key)) return dflt;
  const json& v = obj[key];
  if (v.is_number_integer() &&
      !(v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) &&
      v.get<std::int64_t>() >= min && v.get<std::int64_t>() <= max)
    return v.get<std::int64_t>();
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

duration_spec validator::random_duration_at(const json& v, const std::string& ptr) {
  duration_spec d;
  if (!v.is_object()) {
    d.ms = duration_at(v, ptr);
    return d;
  }
  check_keys(v, ptr, {"uniform", "exponential"});
  if (v.size() != 1) {
    error(ptr, "a random duration is {\"uniform\": [MIN, MAX]} or {\"exponential\": MEAN}");
    return d;
  }
  if (v.contains("uniform")) {
    const json& u = v["uniform"];
    const std::string up = ptr + "/uniform";
    if (!u.is_array() || u.size() != 2) {
      error(up, "\"uniform\" takes [MIN, MAX], two durations");
      return d;
    }
    d.type = duration_spec::kind::uniform;
    d.min = duration_at(u[0], pointer_append(up, 0));
    d.max = duration_at(u[1], pointer_append(up, 1));
    if (d.min > d.max) error(up, "\"uniform\": MIN is greater than MAX");
  } else if (v.contains("exponential")) {
    d.type = duration_spec::kind::exponential;
    d.mean = static_cast<double>(duration_at(v["exponential"], ptr + "/exponential"));
  }
  return d;
}

}  // namespace hotdog::sim::loading
