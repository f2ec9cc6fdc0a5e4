// "expect": what every run must show: its end, its processes' logs, its summary's fields.
#include "families.hpp"

#include <algorithm>

namespace hotdog::sim::loading {

namespace {

void read_end(validator& v, const json& end, const std::string& ptr, expect_spec& e) {
  const names reasons(end_reason_names().begin(), end_reason_names().end());
  const std::string s = end.is_string() ? end.get<std::string>() : std::string();
  const auto it = std::find(reasons.begin(), reasons.end(), s);
  if (it != reasons.end()) {
    e.end = static_cast<end_reason>(it - reasons.begin());
    return;
  }
  std::string msg = "unknown end reason " + (end.is_string() ? q(s) : describe(end)) +
                    " (done, until, deadlock, limit, error, stalled)";
  if (auto m = did_you_mean(s, reasons)) msg += "; did you mean " + q(*m) + "?";
  v.error(ptr, msg);
}

// {PROCESS: [MESSAGE...]}
void read_logs(validator& v, const json& logs, const std::string& ptr, const scenario& sc,
               expect_spec& e) {
  names procs;
  for (const auto& p : sc.processes) procs.push_back(p.name);
  if (!logs.is_object()) {
    v.error(ptr, "\"logs\" must be an object {PROCESS: [MESSAGE...]}, not " + describe(logs));
    return;
  }
  for (const auto& [name, msgs] : logs.items()) {
    const std::string at = pointer_append(ptr, name);
    if (std::find(procs.begin(), procs.end(), name) == procs.end()) {
      std::string msg = "unknown process " + q(name) + " in \"expect\"";
      if (auto m = did_you_mean(name, procs)) msg += "; did you mean " + q(*m) + "?";
      v.error_key(at, msg);
      continue;
    }
    std::vector<std::string> texts;
    bool ok = msgs.is_array();
    if (ok)
      for (const auto& m : msgs) {
        if (!m.is_string()) ok = false;
        if (ok) texts.push_back(m.get<std::string>());
      }
    if (!ok) {
      v.error(at,
              "expected the process's log messages, an array of strings, not " + describe(msgs));
      continue;
    }
    e.logs.emplace_back(name, std::move(texts));
  }
}

// One summary field's expectation: a number, true or false, or {"min": A, "max": B}; nothing
// (reported) when it is none of these.
std::optional<summary_expectation> read_field(validator& v, const std::string& key,
                                              const json& want, const std::string& at) {
  summary_expectation s;
  s.key = key;
  // `balanced` is the one field that is true or false; every other is a number (a boolean
  // there would compare as 1 or 0 and fail as "wanted=true got=true").
  const bool boolean_field = key == "balanced";
  if (boolean_field != want.is_boolean()) {
    v.error(at, boolean_field ? q(key) + " is true or false, not " + describe(want)
                              : q(key) +
                                    " is a number: expected a number or {\"min\": A, "
                                    "\"max\": B}, not " +
                                    describe(want));
    return std::nullopt;
  }
  if (want.is_boolean()) {
    s.equals = want.get<bool>() ? 1.0 : 0.0;
    s.boolean = true;
  } else if (want.is_number()) {
    s.equals = want.get<double>();
  } else if (want.is_object() && !want.empty()) {
    v.check_keys(want, at, {"min", "max"});
    for (const char* bound : {"min", "max"}) {
      if (!want.contains(bound)) continue;
      if (!want[bound].is_number()) {
        v.error(pointer_append(at, bound),
                q(bound) + " must be a number, not " + describe(want[bound]));
        continue;
      }
      (std::string(bound) == "min" ? s.min : s.max) = want[bound].get<double>();
    }
    if (s.min && s.max && *s.min > *s.max) v.error(at, "\"min\" is greater than \"max\"");
  } else {
    v.error(at,
            "expected a number, true or false, or {\"min\": A, \"max\": B}, not " + describe(want));
    return std::nullopt;
  }
  return s;
}

void read_summary(validator& v, const json& x, const std::string& ptr, const scenario& sc,
                  expect_spec& e) {
  if (!x.is_object()) {
    v.error(ptr, "\"summary\" must be an object {FIELD: VALUE or {\"min\": A, \"max\": B}}, not " +
                     describe(x));
    return;
  }
  const bool has_summary = std::any_of(sc.processes.begin(), sc.processes.end(), [](const auto& p) {
    return !std::holds_alternative<script_spec>(p.body);
  });
  if (!has_summary && !x.empty())
    v.error(ptr, "this scenario has no machine, customer or chef, so its runs have no summary");
  const names fields(summary_fields().begin(), summary_fields().end());
  for (const auto& [key, want] : x.items()) {
    const std::string at = pointer_append(ptr, key);
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
      std::string msg = "unknown summary field " + q(key);
      if (auto m = did_you_mean(key, fields)) msg += "; did you mean " + q(*m) + "?";
      v.error_key(at, msg);
      continue;
    }
    if (auto s = read_field(v, key, want, at)) e.summary.push_back(std::move(*s));
  }
}

}  // namespace

// "expect": {"end": REASON?, "logs": {PROC: [MSG...]}?, "summary": {KEY: V or {min,max}}?}
expect_spec read_expect(validator& v, const json& x, const scenario& sc) {
  expect_spec e;
  const std::string ptr = "/expect";
  if (!x.is_object()) {
    v.error(ptr, "\"expect\" must be an object like {\"end\": \"done\"}, not " + describe(x));
    return e;
  }
  v.check_keys(x, ptr, {"end", "logs", "summary"});
  if (x.contains("end")) read_end(v, x["end"], ptr + "/end", e);
  if (x.contains("logs")) read_logs(v, x["logs"], ptr + "/logs", sc, e);
  if (x.contains("summary")) read_summary(v, x["summary"], ptr + "/summary", sc, e);
  return e;
}

}  // namespace hotdog::sim::loading
