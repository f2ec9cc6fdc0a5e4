#include "hotdog/sim/run/expectation.hpp"

#include "hotdog/json_text.hpp"
#include "hotdog/sim/events/event_fields.hpp"
#include "hotdog/sim/run/simulation.hpp"

#include <cmath>

namespace hotdog::sim {

namespace {

std::string json_string(std::string_view s) {
  std::string out;
  append_json_quoted(out, s);
  return out;
}

std::string json_strings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    append_json_quoted(out, v[i]);
  }
  return out + "]";
}

std::string json_number(double d) {
  std::string out;
  append_json_double(out, d);
  return out;
}

std::string wanted_json(const summary_expectation& s) {
  if (s.equals) return s.boolean ? (*s.equals != 0 ? "true" : "false") : json_number(*s.equals);
  std::string out = "{";
  if (s.min) out += "\"min\":" + json_number(*s.min);
  if (s.max) out += std::string(s.min ? "," : "") + "\"max\":" + json_number(*s.max);
  return out + "}";
}

}  // namespace

expectation_checker::expectation_checker(const expect_spec& spec, observer& inner)
    : spec_(spec), inner_(inner), inner_wants_(inner.wants()) {
  for (const auto& entry : spec_.logs) logs_[entry.first];
}

event_mask expectation_checker::wants() const {
  event_mask m = inner_wants_;
  if (!spec_.logs.empty()) m.set(static_cast<std::size_t>(event_kind::log));
  if (!spec_.summary.empty()) m.set(static_cast<std::size_t>(event_kind::custom));
  return m;
}

void expectation_checker::on_event(const event& e) {
  if (e.kind == event_kind::log && !spec_.logs.empty()) {
    if (auto it = logs_.find(e.proc); it != logs_.end()) it->second.emplace_back(e.text);
  } else if (is(e, sim_event::summary)) {
    summarized_ = true;
    // Once a run: the keys `expect.summary` names are the summary's field names.
    for_each_field(e, [this](const trace_field& f) {
      if (const auto* i = std::get_if<std::int64_t>(&f.value))
        summary_[std::string(f.key)] = static_cast<double>(*i);
      else if (const auto* b = std::get_if<bool>(&f.value))
        summary_[std::string(f.key)] = *b ? 1.0 : 0.0;
      else if (const auto* d = std::get_if<double>(&f.value))
        summary_[std::string(f.key)] = *d;
    });
  }
  if (inner_wants_.test(static_cast<std::size_t>(e.kind))) inner_.on_event(e);
}

std::size_t expectation_checker::check(const run_result& r,
                                       const std::function<void(event&)>& report) {
  std::size_t failed = 0;
  // A run stopped by hand (hotdog step's q) is not the run the expectations describe.
  if (r.reason == end_reason::quit) return failed;
  auto fail = [&](const std::string& what, const std::string& wanted, const std::string& got) {
    const expect_failed_event failure{what, {wanted}, {got}};
    event e = event_of(failure);
    report(e);
    ++failed;
  };
  if (spec_.end && *spec_.end != r.reason)
    fail("end", json_string(to_string(*spec_.end)), json_string(to_string(r.reason)));
  for (const auto& [proc, wanted] : spec_.logs) {
    const auto& got = logs_.at(proc);
    if (got != wanted) fail("logs." + proc, json_strings(wanted), json_strings(got));
  }
  for (const auto& s : spec_.summary) {
    const auto it = summary_.find(s.key);
    if (!summarized_ || it == summary_.end()) {
      fail("summary." + s.key, wanted_json(s), "null");
      continue;
    }
    const double v = it->second;
    const bool ok = s.equals ? v == *s.equals : (!s.min || v >= *s.min) && (!s.max || v <= *s.max);
    if (!ok)
      fail("summary." + s.key, wanted_json(s),
           s.boolean ? (v != 0 ? "true" : "false") : json_number(v));
  }
  return failed;
}

bool ended_as_expected(const run_result& r, const scenario& sc) noexcept {
  if (r.failed_checks > 0) return false;
  if (sc.expect && sc.expect->end) return true;  // checked: it matched
  return r.reason == end_reason::done || r.reason == end_reason::until;
}

bool ended_before_warmup(const run_result& r, const scenario& sc) noexcept {
  return sc.warmup > 0 && r.t <= sc.warmup;
}

exit_status exit_status_of(const run_result& r, const scenario& sc) noexcept {
  if (r.failed_checks > 0) return exit_status::failed;
  if (sc.expect && sc.expect->end && *sc.expect->end == r.reason) return exit_status::ok;
  return exit_status_of(r.reason);
}

}  // namespace hotdog::sim
