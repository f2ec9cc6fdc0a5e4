// Durations that may be random: a fixed duration, or one of the distributions of
// duration_spec, each with its parameters checked (a negative SD, a mode outside [MIN, MAX],
// weights that sum to 0 are errors at load, located at the parameter).
#include "hotdog/sim/model/duration.hpp"

#include "json_duration.hpp"
#include "validator.hpp"

#include <algorithm>
#include <cmath>

namespace hotdog::sim::loading {

namespace {

const names& distribution_names() {
  static const names all{"uniform", "exponential", "normal",  "lognormal", "erlang",
                         "gamma",   "triangular",  "weibull", "choose",    "empirical"};
  return all;
}

// What each distribution takes, for messages.
std::string usage(const std::string& name) {
  if (name == "uniform") return "[MIN, MAX], two durations";
  if (name == "exponential") return "MEAN, a duration";
  if (name == "normal" || name == "lognormal") return "[MEAN, SD], two durations";
  if (name == "erlang") return "[K, MEAN]: a whole number from 1 to 10000 and a duration";
  if (name == "gamma") return "[SHAPE, MEAN]: a number > 0 and a duration";
  if (name == "triangular") return "[MIN, MODE, MAX], three durations";
  if (name == "weibull") return "[SHAPE, SCALE]: a number > 0 and a duration";
  if (name == "choose") return "[D, ...], a non-empty list of durations";
  return "[[D, WEIGHT], ...]: durations with weights >= 0 that sum to more than 0";
}

// Reads one distribution's parameters into d; problems are reported at their pointers.
class distribution_reader {
 public:
  distribution_reader(validator& v, std::string name, std::string ptr)
      : v_(v), name_(std::move(name)), ptr_(std::move(ptr)) {}

  // The parameters as a list of `n` items, or false (reported).
  bool list_of(const json& x, std::size_t n) {
    if (x.is_array() && x.size() == n) return true;
    v_.error(ptr_, q(name_) + " takes " + usage(name_) + ", not " + describe(x));
    return false;
  }
  // A duration parameter in ms: a number >= 0 (fractions allowed) or a duration text.
  double ms(const json& x, const std::string& ptr, const char* what) {
    if (x.is_number() && !x.is_number_integer()) {
      const double d = x.get<double>();
      if (d >= 0 && d <= static_cast<double>(max_duration_ms)) return d;
      v_.error(ptr, q(name_) + ": " + what +
                        (d < 0 ? " may not be negative, got "
                               : " is more than the longest duration (" +
                                     std::to_string(max_duration_ms) + " ms), got ") +
                        x.dump());
      return 0;
    }
    if (x.is_number_integer() && !x.is_number_unsigned()) {
      v_.error(ptr, q(name_) + ": " + what + " may not be negative, got " + x.dump());
      return 0;
    }
    return static_cast<double>(v_.duration_at(x, ptr));
  }
  // A plain number > 0 (a shape).
  double positive(const json& x, const std::string& ptr, const char* what) {
    if (x.is_number() && x.get<double>() > 0 && std::isfinite(x.get<double>()))
      return x.get<double>();
    v_.error(ptr, q(name_) + ": " + what + " must be a number greater than 0, not " + describe(x));
    return 1;
  }
  std::string at(std::size_t i) const { return pointer_append(ptr_, i); }

  validator& v_;
  std::string name_, ptr_;
};

void read_parameters(distribution_reader& r, const json& x, duration_spec& d) {
  using k = duration_spec::kind;
  const std::string& name = r.name_;
  if (name == "uniform") {
    if (!r.list_of(x, 2)) return;
    d.type = k::uniform;
    d.min = r.v_.duration_at(x[0], r.at(0));
    d.max = r.v_.duration_at(x[1], r.at(1));
    if (d.min > d.max) r.v_.error(r.ptr_, "\"uniform\": MIN is greater than MAX");
  } else if (name == "exponential") {
    d.type = k::exponential;
    d.mean = static_cast<double>(r.v_.duration_at(x, r.ptr_));
  } else if (name == "normal" || name == "lognormal") {
    if (!r.list_of(x, 2)) return;
    d.type = name == "normal" ? k::normal : k::lognormal;
    d.params = {r.ms(x[0], r.at(0), "MEAN"), r.ms(x[1], r.at(1), "SD")};
    if (d.type == k::lognormal && d.params[0] == 0 && d.params[1] > 0)
      r.v_.error(r.at(0), "\"lognormal\": MEAN must be greater than 0 when SD is");
  } else if (name == "erlang") {
    if (!r.list_of(x, 2)) return;
    d.type = k::erlang;
    const auto stages = validator::whole_number(x[0], 1, 10'000);
    if (!stages)
      r.v_.error(r.at(0),
                 "\"erlang\": K must be a whole number from 1 to 10000, not " + describe(x[0]));
    d.params = {static_cast<double>(stages.value_or(1)), r.ms(x[1], r.at(1), "MEAN")};
  } else if (name == "gamma" || name == "weibull") {
    if (!r.list_of(x, 2)) return;
    d.type = name == "gamma" ? k::gamma : k::weibull;
    d.params = {r.positive(x[0], r.at(0), "SHAPE"),
                r.ms(x[1], r.at(1), name == "gamma" ? "MEAN" : "SCALE")};
  } else if (name == "triangular") {
    if (!r.list_of(x, 3)) return;
    d.type = k::triangular;
    d.params = {r.ms(x[0], r.at(0), "MIN"), r.ms(x[1], r.at(1), "MODE"),
                r.ms(x[2], r.at(2), "MAX")};
    if (d.params[0] > d.params[2])
      r.v_.error(r.ptr_, "\"triangular\": MIN is greater than MAX");
    else if (d.params[1] < d.params[0] || d.params[1] > d.params[2])
      r.v_.error(r.at(1), "\"triangular\": MODE is outside [MIN, MAX]");
  } else if (name == "choose") {
    if (!x.is_array() || x.empty()) {
      r.v_.error(r.ptr_, "\"choose\" takes " + usage(name) + ", not " + describe(x));
      return;
    }
    d.type = k::choose;
    for (std::size_t i = 0; i < x.size(); ++i) d.values.push_back(r.v_.duration_at(x[i], r.at(i)));
  } else {
    if (!x.is_array() || x.empty()) {
      r.v_.error(r.ptr_, "\"empirical\" takes " + usage(name) + ", not " + describe(x));
      return;
    }
    d.type = k::empirical;
    double total = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const json& pair = x[i];
      if (!pair.is_array() || pair.size() != 2) {
        r.v_.error(r.at(i), "\"empirical\": each entry is [D, WEIGHT], not " + describe(pair));
        continue;
      }
      d.values.push_back(r.v_.duration_at(pair[0], pointer_append(r.at(i), 0)));
      const bool weight_ok =
          pair[1].is_number() && pair[1].get<double>() >= 0 && std::isfinite(pair[1].get<double>());
      if (!weight_ok)
        r.v_.error(pointer_append(r.at(i), 1),
                   "\"empirical\": WEIGHT must be a number >= 0, not " + describe(pair[1]));
      d.weights.push_back(weight_ok ? pair[1].get<double>() : 0);
      total += d.weights.back();
    }
    if (total <= 0 && d.weights.size() == x.size())
      r.v_.error(r.ptr_, "\"empirical\": the weights sum to 0; give at least one a weight > 0");
    else if (!std::isfinite(total))
      r.v_.error(r.ptr_, "\"empirical\": the weights sum past the largest number; scale them down");
  }
}

}  // namespace

duration_spec validator::random_duration_at(const json& v, const std::string& ptr) {
  duration_spec d;
  if (!v.is_object()) {
    d.ms = duration_at(v, ptr);
    return d;
  }
  check_keys(v, ptr, distribution_names(), "distribution");
  if (v.size() != 1) {
    error(ptr,
          "a random duration is an object with one key, the distribution: uniform, "
          "exponential, normal, lognormal, erlang, gamma, triangular, weibull, choose or "
          "empirical");
    return d;
  }
  const std::string name = v.begin().key();
  const names& all = distribution_names();
  if (std::find(all.begin(), all.end(), name) == all.end()) return d;  // reported above
  distribution_reader r(*this, name, pointer_append(ptr, name));
  read_parameters(r, v.begin().value(), d);
  return d;
}

}  // namespace hotdog::sim::loading
