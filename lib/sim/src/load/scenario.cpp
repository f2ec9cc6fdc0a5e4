#include "hotdog/sim/model/scenario.hpp"

#include "hotdog/sim/model/duration.hpp"
#include "hotdog/sim/text/printable.hpp"

#include "load/json_duration.hpp"
#include "load/json_logic_compile.hpp"
#include "load/json_reader.hpp"
#include "load/json_to_value.hpp"

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_set>
#include <sstream>

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
  if (!v.is_string()) return std::nullopt;
  return parse_duration_with_unit(v.get_ref<const std::string&>());
}

const std::vector<std::string>& step_operations() {
  static const std::vector<std::string> ops{"put",  "take", "offer", "poll", "close", "sleep",
                                            "alts", "log",  "loop",  "if",   "set",   "break"};
  return ops;
}

const std::vector<std::string>& process_kinds() {
  static const std::vector<std::string> kinds{"script", "machine", "customer", "chef"};
  return kinds;
}

namespace {

// The work did_you_mean may still do in this thread's current load (candidates looked at plus
// distance cells computed), so that hostile input (10^5 unknown names against 10^5 channels)
// stays fast: once it runs out, no more suggestions.
// Outside a load (a direct call) the budget is not consulted: the length bounds suffice.
thread_local std::uint64_t suggestion_budget = 0;
thread_local bool suggestions_budgeted = false;
constexpr std::uint64_t suggestion_budget_per_load = 50'000'000;
// Names longer than this get no suggestions: typos are made in names one types.
constexpr std::size_t max_suggested_length = 64;

}  // namespace

std::optional<std::string> did_you_mean(const std::string& word,
                                        const std::vector<std::string>& candidates) {
  if (word.size() > max_suggested_length) return std::nullopt;
  // Optimal string alignment: edits plus swaps of neighbours ("mdoe" is one from "mode").
  // Both strings are at most max_suggested_length long: three rows of at most 65 cells.
  auto distance = [](const std::string& a, const std::string& b) {
    std::vector<std::size_t> two_back(b.size() + 1), back(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) back[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        row[j] =
            std::min({back[j] + 1, row[j - 1] + 1, back[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          row[j] = std::min(row[j], two_back[j - 2] + 1);
      }
      std::swap(two_back, back);
      std::swap(back, row);
    }
    return back[b.size()];
  };
  std::optional<std::string> best;
  std::size_t best_d = 0;
  for (const auto& c : candidates) {
    if (suggestions_budgeted) {
      if (suggestion_budget == 0) break;
      --suggestion_budget;
    }
    if (c.size() > max_suggested_length) continue;
    const std::size_t allowed = std::max<std::size_t>(1, std::min(word.size(), c.size()) / 3);
    const std::size_t gap =
        word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    if (gap > allowed) continue;  // the distance is at least the difference in length
    const std::uint64_t cells = (word.size() + 1) * (c.size() + 1);
    if (suggestions_budgeted) {
      if (cells > suggestion_budget) {
        suggestion_budget = 0;
        break;
      }
      suggestion_budget -= cells;
    }
    const std::size_t d = distance(word, c);
    if (d <= allowed && (!best || d < best_d)) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

std::optional<std::string> name_problem(std::string_view name) {
  if (name.empty()) return "a name may not be empty";
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f) return "a name may not hold a control character";
    if (c == '|') return "a name may not hold '|' (traces use it to join channel names)";
    // C1 controls U+0080..U+009F; U+2028, U+2029; bidirectional overrides and isolates
    // U+202A..U+202E and U+2066..U+2069: all would change how a trace line reads.
    if (c == 0xc2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) < 0xa0)
      return "a name may not hold a control character";
    if (c == 0xe2 && i + 2 < name.size()) {
      const auto b1 = static_cast<unsigned char>(name[i + 1]);
      const auto b2 = static_cast<unsigned char>(name[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xa8 && b2 <= 0xae) || (b1 == 0x81 && b2 >= 0xa6 && b2 <= 0xa9))
        return "a name may not hold a line separator or a bidirectional formatting character";
    }
  }
  return std::nullopt;
}

namespace {

using json = nlohmann::json;
using names = std::vector<std::string>;

std::string q(const std::string& s) { return "\"" + s + "\""; }

std::string type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

class validator {
 public:
  validator(const located_json& doc, std::string file) : doc_(doc), file_(std::move(file)) {}

  load_result run() {
    scenario sc;
    sc.file = file_;
    const json& root = doc_.value;
    if (!root.is_object()) {
      error("", "a scenario must be a JSON object, not " + type_name(root));
      return finish(std::nullopt);
    }
    // "$schema" lets an editor find the JSON Schema; hotdog only checks that it is a string.
    check_keys(root, "",
               {"hotdog", "$schema", "name", "description", "seed", "until", "channels",
                "processes", "expect"});
    if (root.contains("$schema") && !root["$schema"].is_string())
      error("/$schema", "\"$schema\" must be a string (the schema's URI or path), not " +
                            describe(root["$schema"]));
    if (!root.contains("hotdog")) {
      error("", "missing key \"hotdog\": the format version, 1");
    } else if (root["hotdog"] != 1) {
      error("/hotdog", "unsupported format version " + root["hotdog"].dump() +
                           ": this hotdog reads version 1");
    }
    sc.name = optional_string(root, "", "name");
    sc.description = optional_string(root, "", "description");
    if (root.contains("seed")) {
      if (root["seed"].is_number_unsigned() ||
          (root["seed"].is_number_integer() && root["seed"].get<std::int64_t>() >= 0))
        sc.seed = root["seed"].get<std::uint64_t>();
      else
        error("/seed",
              "\"seed\" must be an unsigned 64-bit integer, not " + describe(root["seed"]));
    }
    if (root.contains("until")) sc.until = duration_at(root["until"], "/until");

    if (root.contains("channels")) {
      const json& chans = root["channels"];
      if (!chans.is_array()) {
        error("/channels", "\"channels\" must be an array, not " + type_name(chans));
      } else {
        for (std::size_t i = 0; i < chans.size(); ++i)
          if (auto c = channel(chans[i], pointer_append("/channels", i))) sc.channels.push_back(*c);
      }
    }
    for (const auto& c : sc.channels) channel_names_.push_back(c.name);
    // The machines' channels follow the declared ones, in the order of the machines.
    if (root.contains("processes") && root["processes"].is_array())
      for (const auto& p : root["processes"])
        if (p.is_object() && p.value("kind", json()) == "machine" &&
            p.value("name", json()).is_string()) {
          channel_names_.push_back(machine_in(p["name"].get<std::string>()));
          channel_names_.push_back(machine_hopper(p["name"].get<std::string>()));
        }
    for (std::size_t i = 0; i < channel_names_.size(); ++i)
      channel_index_.emplace(channel_names_[i], i);

    if (!root.contains("processes")) {
      error("", "missing key \"processes\": a scenario needs at least one process");
    } else if (!root["processes"].is_array()) {
      error("/processes", "\"processes\" must be an array, not " + type_name(root["processes"]));
    } else if (root["processes"].empty()) {
      error("/processes", "\"processes\" is empty: a scenario needs at least one process");
    } else {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < root["processes"].size(); ++i) {
        const std::string ptr = pointer_append("/processes", i);
        const json& raw = root["processes"][i];
        // Names are checked for duplicates even when the rest of the entry is broken.
        if (raw.is_object() && raw.contains("name") && raw["name"].is_string() &&
            !seen.insert(raw["name"].get<std::string>()).second)
          error(ptr + "/name", "duplicate process name " + q(raw["name"].get<std::string>()));
        if (auto p = process(raw, ptr)) {
          sc.processes.push_back(std::move(*p));
          process_ptrs_.push_back(ptr);
        }
      }
      check_machine_refs(sc.processes);
      check_names(sc);
      add_machine_channels(sc);
    }
    if (root.contains("expect")) sc.expect = expectation(root["expect"], sc);
    return finish(std::move(sc));
  }

  // "expect": {"end": REASON?, "logs": {PROC: [MSG...]}?, "summary": {KEY: V or {min,max}}?}
  expect_spec expectation(const json& v, const scenario& sc) {
    expect_spec e;
    const std::string ptr = "/expect";
    if (!v.is_object()) {
      error(ptr, "\"expect\" must be an object like {\"end\": \"done\"}, not " + describe(v));
      return e;
    }
    check_keys(v, ptr, {"end", "logs", "summary"});
    const names reasons(end_reason_names().begin(), end_reason_names().end());
    if (v.contains("end")) {
      const json& end = v["end"];
      const std::string s = end.is_string() ? end.get<std::string>() : std::string();
      const auto it = std::find(reasons.begin(), reasons.end(), s);
      if (it != reasons.end()) {
        e.end = static_cast<end_reason>(it - reasons.begin());
      } else {
        std::string msg = "unknown end reason " + (end.is_string() ? q(s) : describe(end)) +
                          " (done, until, deadlock, limit, error, stalled)";
        if (auto m = did_you_mean(s, reasons)) msg += "; did you mean " + q(*m) + "?";
        error(ptr + "/end", msg);
      }
    }
    if (v.contains("logs")) {
      const json& logs = v["logs"];
      names procs;
      for (const auto& p : sc.processes) procs.push_back(p.name);
      if (!logs.is_object()) {
        error(ptr + "/logs",
              "\"logs\" must be an object {PROCESS: [MESSAGE...]}, not " + describe(logs));
      } else {
        for (const auto& [name, msgs] : logs.items()) {
          const std::string at = pointer_append(ptr + "/logs", name);
          if (std::find(procs.begin(), procs.end(), name) == procs.end()) {
            std::string msg = "unknown process " + q(name) + " in \"expect\"";
            if (auto m = did_you_mean(name, procs)) msg += "; did you mean " + q(*m) + "?";
            error_key(at, msg);
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
            error(at, "expected the process's log messages, an array of strings, not " +
                          describe(msgs));
            continue;
          }
          e.logs.emplace_back(name, std::move(texts));
        }
      }
    }
    if (v.contains("summary")) summary_expectations(v["summary"], ptr + "/summary", sc, e);
    return e;
  }

  void summary_expectations(const json& v, const std::string& ptr, const scenario& sc,
                            expect_spec& e) {
    if (!v.is_object()) {
      error(ptr, "\"summary\" must be an object {FIELD: VALUE or {\"min\": A, \"max\": B}}, not " +
                     describe(v));
      return;
    }
    const bool has_summary =
        std::any_of(sc.processes.begin(), sc.processes.end(),
                    [](const auto& p) { return !std::holds_alternative<script_spec>(p.body); });
    if (!has_summary && !v.empty())
      error(ptr, "this scenario has no machine, customer or chef, so its runs have no summary");
    const names fields(summary_fields().begin(), summary_fields().end());
    for (const auto& [key, want] : v.items()) {
      const std::string at = pointer_append(ptr, key);
      if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
        std::string msg = "unknown summary field " + q(key);
        if (auto m = did_you_mean(key, fields)) msg += "; did you mean " + q(*m) + "?";
        error_key(at, msg);
        continue;
      }
      summary_expectation s;
      s.key = key;
      if (want.is_boolean()) {
        s.equals = want.get<bool>() ? 1.0 : 0.0;
        s.boolean = true;
      } else if (want.is_number()) {
        s.equals = want.get<double>();
      } else if (want.is_object() && !want.empty()) {
        check_keys(want, at, {"min", "max"});
        for (const char* bound : {"min", "max"}) {
          if (!want.contains(bound)) continue;
          if (!want[bound].is_number()) {
            error(pointer_append(at, bound),
                  q(bound) + " must be a number, not " + describe(want[bound]));
            continue;
          }
          (std::string(bound) == "min" ? s.min : s.max) = want[bound].get<double>();
        }
        if (s.min && s.max && *s.min > *s.max) error(at, "\"min\" is greater than \"max\"");
      } else {
        error(at, "expected a number, true or false, or {\"min\": A, \"max\": B}, not " +
                      describe(want));
        continue;
      }
      e.summary.push_back(std::move(s));
    }
  }

 private:
  load_result finish(std::optional<scenario> sc) {
    load_result r;
    std::stable_sort(errors_.begin(), errors_.end(), [](const diagnostic& a, const diagnostic& b) {
      return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    if (more_errors_ > 0)
      errors_.push_back({file_, errors_.back().where,
                         "and " + std::to_string(more_errors_) + " more errors (only the first " +
                             std::to_string(max_reported) + " are reported)"});
    r.errors = std::move(errors_);
    r.warnings = std::move(warnings_);
    if (r.errors.empty() && sc) {
      r.value = std::move(sc);
    }
    return r;
  }

  // A hostile file may hold millions of problems: the first max_reported of each kind are
  // kept (and sorted by position), the rest only counted, so memory stays in proportion.
  static constexpr std::size_t max_reported = 1000;

  void error(const std::string& ptr, std::string msg) {
    if (errors_.size() >= max_reported) {
      ++more_errors_;
      return;
    }
    errors_.push_back({file_, doc_.at(ptr), std::move(msg)});
  }
  void error_key(const std::string& ptr, std::string msg) {
    if (errors_.size() >= max_reported) {
      ++more_errors_;
      return;
    }
    errors_.push_back({file_, doc_.key_at(ptr), std::move(msg)});
  }
  void warn(const std::string& ptr, std::string msg) {
    if (warnings_.size() < max_reported) warnings_.push_back({file_, doc_.at(ptr), std::move(msg)});
  }

  static std::string describe(const json& v) {
    std::string s = v.dump();
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return type_name(v) + " " + s;
  }

  void check_keys(const json& obj, const std::string& ptr, const names& allowed,
                  const std::string& what = "key") {
    for (const auto& [key, value] : obj.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string msg = "unknown " + what + " " + q(key);
      if (auto m = did_you_mean(key, allowed)) msg += "; did you mean " + q(*m) + "?";
      error_key(pointer_append(ptr, key), msg);
    }
  }

  std::string optional_string(const json& obj, const std::string& ptr, const std::string& key) {
    if (!obj.contains(key)) return {};
    if (!obj[key].is_string()) {
      error(pointer_append(ptr, key), q(key) + " must be a string, not " + describe(obj[key]));
      return {};
    }
    return obj[key].get<std::string>();
  }

  std::optional<bool> optional_bool(const json& obj, const std::string& ptr,
                                    const std::string& key) {
    if (!obj.contains(key)) return std::nullopt;
    if (!obj[key].is_boolean()) {
      error(pointer_append(ptr, key), q(key) + " must be true or false, not " + describe(obj[key]));
      return std::nullopt;
    }
    return obj[key].get<bool>();
  }

  std::int64_t duration_at(const json& v, const std::string& ptr) {
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

  duration_spec random_duration_at(const json& v, const std::string& ptr) {
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

  std::optional<channel_spec> channel(const json& c, const std::string& ptr) {
    if (!c.is_object()) {
      error(ptr, "a channel must be an object like {\"name\": \"echo\"}, not " + describe(c));
      return std::nullopt;
    }
    check_keys(c, ptr, {"name", "buffer", "policy", "description"});
    channel_spec spec;
    bool ok = true;
    bool named = false;  // a usable name: declared even when the rest is wrong
    if (!c.contains("name") || !c["name"].is_string() || c["name"].get<std::string>().empty()) {
      error(c.contains("name") ? ptr + "/name" : ptr,
            "a channel needs a \"name\" (a non-empty string)");
      ok = false;
    } else {
      spec.name = c["name"].get<std::string>();
      if (auto problem = name_problem(spec.name)) {
        error(ptr + "/name", "channel name " + q(spec.name) + " is not allowed: " + *problem);
        ok = false;
      } else if (spec.name == "timeout" || spec.name == "default") {
        error(ptr + "/name", q(spec.name) + " is reserved: alts uses it as a port name");
        ok = false;
      }
      if (!channel_names_seen_.insert(spec.name).second) {
        error(ptr + "/name", "duplicate channel name " + q(spec.name));
        ok = false;
      } else {
        named = ok;
      }
    }
    if (c.contains("buffer")) {
      const json& b = c["buffer"];
      if (b.is_number_unsigned() && b.get<std::uint64_t>() <= (1u << 30)) {
        spec.buffer = b.get<std::size_t>();
      } else if (b.is_number_integer() && !b.is_number_unsigned()) {
        error(ptr + "/buffer", "\"buffer\" may not be negative, got " + b.dump());
        ok = false;
      } else {
        error(ptr + "/buffer",
              "\"buffer\" must be a whole number from 0 to 1073741824, not " + describe(b));
        ok = false;
      }
    }
    if (c.contains("policy")) {
      const json& p = c["policy"];
      const std::string s = p.is_string() ? p.get<std::string>() : "";
      if (s == "fixed")
        spec.policy = buffer_policy::fixed;
      else if (s == "dropping")
        spec.policy = buffer_policy::dropping;
      else if (s == "sliding")
        spec.policy = buffer_policy::sliding;
      else {
        std::string msg =
            "\"policy\" must be \"fixed\", \"dropping\" or \"sliding\", not " + describe(p);
        // "drop" and "slide" are the trace's event names, so people write them here.
        std::optional<std::string> m = s == "drop"    ? "dropping"
                                       : s == "slide" ? "sliding"
                                       : s == "fix"
                                           ? "fixed"
                                           : did_you_mean(s, {"fixed", "dropping", "sliding"});
        if (m) msg += "; did you mean " + q(*m) + "?";
        error(ptr + "/policy", msg);
        ok = false;
      }
      if (ok && spec.policy != buffer_policy::fixed && spec.buffer == 0) {
        error(ptr + "/policy", "a " + std::string(to_string(spec.policy)) +
                                   " buffer needs \"buffer\" of at least 1");
        ok = false;
      }
    }
    // A channel with a good name but a bad buffer or policy is still declared (its errors
    // are reported; the load fails), so its uses do not add "unknown channel" errors.
    if (!ok && !named) return std::nullopt;
    return spec;
  }

  std::optional<process_spec> process(const json& p, const std::string& ptr) {
    if (!p.is_object()) {
      error(ptr, "a process must be an object, not " + describe(p));
      return std::nullopt;
    }
    process_spec spec;
    const names& kinds = process_kinds();
    const std::string kind =
        p.contains("kind") && p["kind"].is_string() ? p["kind"].get<std::string>() : "";
    if (!p.contains("kind")) {
      error(ptr, "a process needs a \"kind\": \"script\", \"machine\", \"customer\" or \"chef\"");
      return std::nullopt;
    }
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      std::string msg =
          "unknown process kind " + (p["kind"].is_string() ? q(kind) : describe(p["kind"]));
      if (auto m = did_you_mean(kind, kinds))
        msg += "; did you mean " + q(*m) + "?";
      else
        msg += " (kinds: script, machine, customer, chef)";
      error(ptr + "/kind", msg);
      return std::nullopt;
    }
    if (!p.contains("name") || !p["name"].is_string() || p["name"].get<std::string>().empty())
      error(p.contains("name") ? ptr + "/name" : ptr,
            "a process needs a \"name\" (a non-empty string)");
    else if (auto problem = name_problem(p["name"].get<std::string>()))
      error(ptr + "/name",
            "process name " + q(p["name"].get<std::string>()) + " is not allowed: " + *problem);
    else
      spec.name = p["name"].get<std::string>();
    if (p.contains("mode")) {
      const json& m = p["mode"];
      if (m == "go")
        spec.mode = process_mode::go;
      else if (m == "thread")
        spec.mode = process_mode::thread;
      else
        error(ptr + "/mode", "\"mode\" must be \"go\" or \"thread\", not " + describe(m));
    }
    // Machines and chefs serve forever: daemons unless they say otherwise.
    spec.daemon = optional_bool(p, ptr, "daemon").value_or(kind == "machine" || kind == "chef");
    if (p.contains("start")) spec.start = duration_at(p["start"], ptr + "/start");
    const names common{"name", "kind", "mode", "daemon", "start", "description"};
    auto with = [&](names extra) {
      extra.insert(extra.end(), common.begin(), common.end());
      return extra;
    };
    if (kind == "machine") {
      check_keys(p, ptr,
                 with({"price", "stock", "capacity", "when_empty", "lettuce", "serve_time"}));
      machine_spec m;
      m.price = whole(p, ptr, "price", 1, m.price, max_items);
      if (p.contains("stock") && p["stock"] == "unlimited")
        m.unlimited = true;
      else
        m.stock = whole(p, ptr, "stock", 0, m.stock, max_items);
      if (p.contains("serve_time"))
        m.serve_time = random_duration_at(p["serve_time"], ptr + "/serve_time");
      m.capacity = whole(p, ptr, "capacity", 1, std::max<std::int64_t>(m.stock, 10), max_items);
      if (m.stock > m.capacity)
        error(ptr + "/stock", "\"stock\" (" + std::to_string(m.stock) +
                                  ") does not fit in \"capacity\" (" + std::to_string(m.capacity) +
                                  ")");
      if (p.contains("when_empty") && p["when_empty"] != "wait" && p["when_empty"] != "close")
        error(ptr + "/when_empty",
              "\"when_empty\" must be \"wait\" (for the chef) or \"close\" (like the book's v2), "
              "not " +
                  describe(p["when_empty"]));
      m.close_when_empty = p.value("when_empty", json()) == "close";
      m.lettuce = optional_bool(p, ptr, "lettuce").value_or(m.lettuce);
      spec.body = std::move(m);
    } else if (kind == "customer") {
      check_keys(p, ptr, with({"machine", "amount", "patience", "count", "interval"}));
      machine_refs_.push_back(
          {p.contains("machine") ? ptr + "/machine" : ptr, p.value("machine", json())});
      customer_spec c;
      if (p.contains("machine") && p["machine"].is_array()) {
        c.pick_at_random = true;
        for (const auto& m : p["machine"])
          if (m.is_string()) c.machines.push_back(m.get<std::string>());
      } else if (p.contains("machine") && p["machine"].is_string()) {
        c.machines.push_back(p["machine"].get<std::string>());
      }
      if (p.contains("amount")) c.amount = amount(p["amount"], ptr + "/amount");
      if (p.contains("patience")) c.patience = random_duration_at(p["patience"], ptr + "/patience");
      if (p.contains("count")) c.count = static_cast<std::uint64_t>(whole(p, ptr, "count", 1, 1));
      if (p.contains("interval")) {
        if (!p.contains("count"))
          error(ptr + "/interval", "\"interval\" is for a crowd: give \"count\" too");
        c.interval = random_duration_at(p["interval"], ptr + "/interval");
      }
      spec.body = std::move(c);
    } else if (kind == "chef") {
      check_keys(p, ptr, with({"machine", "cook_time", "batch", "batches"}));
      machine_refs_.push_back(
          {p.contains("machine") ? ptr + "/machine" : ptr, p.value("machine", json())});
      chef_spec c;
      if (p.contains("machine") && !p["machine"].is_string())
        error(ptr + "/machine", "a chef serves one machine: \"machine\" must be a name, not " +
                                    describe(p["machine"]));
      else if (p.contains("machine"))
        c.machine = p["machine"].get<std::string>();
      if (p.contains("cook_time"))
        c.cook_time = random_duration_at(p["cook_time"], ptr + "/cook_time");
      c.batch = whole(p, ptr, "batch", 1, c.batch, max_items);
      if (p.contains("batches"))
        c.batches = static_cast<std::uint64_t>(whole(p, ptr, "batches", 0, 0));
      spec.body = std::move(c);
    } else {
      check_keys(p, ptr, with({"steps"}));
      if (!p.contains("steps")) {
        error(ptr, "a script process needs \"steps\": a list of steps");
        return std::nullopt;
      }
      vars_.clear();
      var_slots_.clear();
      script_spec script;
      collect_vars(p["steps"]);
      script.steps = steps(p["steps"], ptr + "/steps", spec);
      script.variables.resize(var_slots_.size());
      for (const auto& [name, slot] : var_slots_) script.variables[slot] = name;
      spec.body = std::move(script);
    }
    return spec;
  }

  // Names the run makes for itself must not collide with declared ones: a machine's
  // NAME.in and NAME.hopper, a crowd's NAME-1 ... NAME-count, a customer's NAME.reply.
  void check_names(const scenario& sc) {
    std::map<std::string, std::uint64_t, std::less<>> crowds;  // name -> count
    std::set<std::string, std::less<>> machines, customers;    // declared, one at a time
    for (const auto& p : sc.processes) {
      if (std::holds_alternative<machine_spec>(p.body)) machines.insert(p.name);
      if (const auto* c = std::get_if<customer_spec>(&p.body)) {
        if (c->count)
          crowds.emplace(p.name, *c->count);
        else
          customers.insert(p.name);
      }
    }
    // "rush-17" when crowd "rush" has at least 17 customers: the crowd's name.
    const auto crowd_of = [&](std::string_view name) -> std::optional<std::string> {
      const std::size_t dash = name.rfind('-');
      if (dash == std::string_view::npos || dash + 1 == name.size()) return std::nullopt;
      const std::string_view digits = name.substr(dash + 1);
      if (digits[0] == '0' || digits.size() > 19 ||
          !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
      auto it = crowds.find(name.substr(0, dash));
      if (it == crowds.end() || std::stoull(std::string(digits)) > it->second) return std::nullopt;
      return it->first;
    };
    for (std::size_t i = 0; i < sc.processes.size(); ++i)
      if (auto crowd = crowd_of(sc.processes[i].name))
        error(process_ptrs_[i] + "/name", "process name " + q(sc.processes[i].name) +
                                              " is taken: crowd " + q(*crowd) +
                                              " names its customers " + *crowd + "-1 ... " +
                                              *crowd + "-" + std::to_string(crowds.at(*crowd)));
    const auto ends_with = [](std::string_view s, std::string_view tail) {
      return s.size() > tail.size() && s.substr(s.size() - tail.size()) == tail;
    };
    for (std::size_t i = 0; i < sc.channels.size(); ++i) {
      const std::string& name = sc.channels[i].name;
      const std::string ptr = pointer_append(pointer_append("/channels", i), "name");
      for (std::string_view own : {".in", ".hopper"})
        if (ends_with(name, own) && machines.count(name.substr(0, name.size() - own.size())))
          error(ptr, "channel " + q(name) + " belongs to machine " +
                         q(name.substr(0, name.size() - own.size())));
      if (ends_with(name, ".reply")) {
        const std::string who = name.substr(0, name.size() - 6);
        if (customers.count(who))
          error(ptr, "channel " + q(name) + " is the reply channel of customer " + q(who));
        else if (auto crowd = crowd_of(who))
          error(ptr, "channel " + q(name) + " is the reply channel of customer " + q(who) +
                         " of crowd " + q(*crowd));
      }
    }
  }

  // Each machine's own channels follow the declared ones; specs refer to them by index.
  void add_machine_channels(scenario& sc) {
    std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> ports;  // in, hopper
    for (auto& p : sc.processes)
      if (auto* m = std::get_if<machine_spec>(&p.body)) {
        m->in_channel = sc.channels.size();
        sc.channels.push_back({machine_in(p.name), 0, buffer_policy::fixed, p.name});
        m->hopper_channel = sc.channels.size();
        sc.channels.push_back({machine_hopper(p.name), static_cast<std::size_t>(m->capacity),
                               buffer_policy::fixed, p.name});
        ports.emplace(p.name, std::pair{m->in_channel, m->hopper_channel});
      }
    for (auto& p : sc.processes) {
      if (auto* c = std::get_if<customer_spec>(&p.body))
        for (const auto& m : c->machines)
          if (auto it = ports.find(m); it != ports.end())
            c->machine_in_channels.push_back(it->second.first);
      if (auto* c = std::get_if<chef_spec>(&p.body))
        if (auto it = ports.find(c->machine); it != ports.end())
          c->hopper_channel = it->second.second;
    }
  }

  // Hot dogs are real objects in the run (each one a value in a hopper): a million is plenty.
  static constexpr std::int64_t max_items = 1'000'000;

  std::int64_t whole(const json& obj, const std::string& ptr, const char* key, std::int64_t min,
                     std::int64_t dflt, std::int64_t max = std::int64_t{1} << 40) {
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

  amount_spec amount(const json& v, const std::string& ptr) {
    auto ok_number = [](const json& x) {
      return x.is_number_integer() && x.get<std::int64_t>() >= 0;
    };
    if (ok_number(v)) return amount_spec::fixed(v.get<std::int64_t>());
    if (v.is_object() && v.size() == 1 && v.contains("uniform") && v["uniform"].is_array() &&
        v["uniform"].size() == 2 && ok_number(v["uniform"][0]) && ok_number(v["uniform"][1]) &&
        v["uniform"][0] <= v["uniform"][1]) {
      amount_spec a;
      a.type = amount_spec::kind::uniform;
      a.min = v["uniform"][0].get<std::int64_t>();
      a.max = v["uniform"][1].get<std::int64_t>();
      return a;
    }
    if (v.is_object() && v.size() == 1 && v.contains("choose") && v["choose"].is_array() &&
        !v["choose"].empty() && std::all_of(v["choose"].begin(), v["choose"].end(), ok_number)) {
      amount_spec a;
      a.type = amount_spec::kind::choose;
      for (const auto& x : v["choose"]) a.choices.push_back(x.get<std::int64_t>());
      return a;
    }
    error(ptr,
          "an amount is a whole number >= 0, {\"uniform\": [MIN, MAX]} or {\"choose\": [A, B, "
          "...]}, not " +
              describe(v));
    return {};
  }

  void check_machine_refs(const std::vector<process_spec>& procs) {
    names machines;
    std::unordered_set<std::string> machine_set;
    for (const auto& p : procs)
      if (std::holds_alternative<machine_spec>(p.body)) {
        machines.push_back(p.name);
        machine_set.insert(p.name);
      }
    for (const auto& [ptr, ref] : machine_refs_) {
      std::vector<std::pair<std::string, json>> each;
      if (ref.is_array() && !ref.empty()) {
        for (std::size_t i = 0; i < ref.size(); ++i)
          each.push_back({pointer_append(ptr, i), ref[i]});
      } else {
        each.push_back({ptr, ref});
      }
      for (const auto& [where, name] : each) {
        if (name.is_null()) {
          error(where, "missing \"machine\": the name of a machine process");
        } else if (!name.is_string()) {
          error(where, "expected the name of a machine process, not " + describe(name));
        } else if (!machine_set.count(name.get<std::string>())) {
          std::string msg = "unknown machine " + q(name.get<std::string>());
          if (auto m = did_you_mean(name.get<std::string>(), machines))
            msg += "; did you mean " + q(*m) + "?";
          error(where, msg);
        }
      }
    }
  }

  // Variables a script binds anywhere (with `as` or `port_as`), for checking {var} uses; each
  // gets a slot, in the order first bound.
  void collect_vars(const json& steps) {
    if (!steps.is_array()) return;
    for (const auto& s : steps) {
      if (!s.is_object()) continue;
      for (const char* k : {"as", "port_as", "set", "index_as"})
        if (s.contains(k) && s[k].is_string()) {
          const std::string name = s[k].get<std::string>();
          vars_.insert(name);
          var_slots_.emplace(name, var_slots_.size());
        }
      for (const char* k : {"loop", "then", "else"})
        if (s.contains(k)) collect_vars(s[k]);
    }
  }

  step_list steps(const json& list, const std::string& ptr, const process_spec& proc) {
    step_list out;
    if (!list.is_array()) {
      error(ptr, "\"steps\" must be an array of steps, not " + describe(list));
      return out;
    }
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
      if (auto st = step(list[i], pointer_append(ptr, i), proc)) out.push_back(std::move(*st));
    return out;
  }

  sim::channel_ref channel_ref(const json& v, const std::string& ptr) {
    if (!v.is_string()) {
      error(ptr, "expected a channel name, not " + describe(v));
      return {};
    }
    const std::string name = v.get<std::string>();
    if (auto it = channel_index_.find(name); it != channel_index_.end()) return {it->second, name};
    std::string msg = "unknown channel " + q(name);
    if (auto m = did_you_mean(name, channel_names_))
      msg += "; did you mean " + q(*m) + "?";
    else
      msg += ": declare it under \"channels\"";
    error(ptr, msg);
    return {0, name};
  }

  void var_name(const json& v, const std::string& ptr) {
    if (!v.is_string() || !is_identifier(v.get<std::string>()))
      error(ptr,
            "a variable name must be a string of letters, digits, '_' or '-', not " + describe(v));
  }

  // The variable a step binds with `key`, if it names one.
  std::optional<variable> bound(const json& s, const std::string& ptr, const char* key) {
    if (!s.contains(key)) return std::nullopt;
    var_name(s[key], pointer_append(ptr, key));
    if (!s[key].is_string()) return std::nullopt;
    const std::string name = s[key].get<std::string>();
    auto it = var_slots_.find(name);
    if (it == var_slots_.end()) return std::nullopt;
    return variable{it->second, name};
  }

  value_template value(const json& v, const std::string& ptr) {
    if (v.is_null()) {
      error(ptr, "null cannot be put on a channel (core.async: \"Can't put nil on channel\")");
      return {};
    }
    return value_of(v, ptr);
  }

  // A value with its templates parsed; checks every {var} and {var|filter} in its strings.
  value_template value_of(const json& v, const std::string& ptr) {
    std::string where = ptr;
    return value_in(v, where);
  }

  // value_of, with `ptr` a buffer each level appends its token to and takes it off again, so
  // that deep values with long keys cost memory in proportion to their size.
  value_template value_in(const json& v, std::string& ptr) {
    value_template t;
    const std::size_t ptr_size = ptr.size();
    if (v.is_array()) {
      bool literal = true;
      for (std::size_t i = 0; i < v.size(); ++i) {
        ptr += "/" + std::to_string(i);
        t.items.push_back(value_in(v[i], ptr));
        ptr.resize(ptr_size);
        literal &= t.items.back().type == value_template::kind::literal;
      }
      if (literal) return {value_template::kind::literal, to_value(v), {}, {}, {}, {}};
      t.type = value_template::kind::array;
      return t;
    }
    if (v.is_object()) {
      bool literal = true;
      for (const auto& [k, x] : v.items()) {
        ptr += '/';
        for (char c : k) ptr += c == '~' ? "~0" : c == '/' ? "~1" : std::string_view(&c, 1);
        t.members.push_back({k, value_in(x, ptr)});
        ptr.resize(ptr_size);
        literal &= t.members.back().second.type == value_template::kind::literal;
      }
      if (literal) return {value_template::kind::literal, to_value(v), {}, {}, {}, {}};
      t.type = value_template::kind::object;
      return t;
    }
    if (!v.is_string()) return {value_template::kind::literal, to_value(v), {}, {}, {}, {}};
    const std::string& s = v.get_ref<const std::string&>();
    // "{x}" is x itself, keeping its type.
    if (s.size() >= 3 && s.front() == '{' && s.back() == '}' &&
        is_identifier(std::string_view(s).substr(1, s.size() - 2))) {
      const std::string name = s.substr(1, s.size() - 2);
      t.type = value_template::kind::variable;
      t.var = use_var(name, s, ptr);
      return t;
    }
    t.text = text_of(s, ptr);
    if (t.text.pieces.size() == 1 && !t.text.pieces[0].var)
      return {value_template::kind::literal, sim::value(s), {}, {}, {}, {}};
    t.type = value_template::kind::text;
    return t;
  }

  variable use_var(const std::string& name, const std::string& in, const std::string& ptr) {
    if (auto it = var_slots_.find(name); it != var_slots_.end()) return {it->second, name};
    std::string msg = "unknown variable " + q(name) + " in " + q(in);
    if (auto m = did_you_mean(name, names(vars_.begin(), vars_.end())))
      msg += "; did you mean " + q(*m) + "?";
    else
      msg += ": bind it first with \"as\"";
    error(ptr, msg);
    return {0, name};
  }

  // Splits a text at its {var} and {var|filter} holes, in time linear in its length: for
  // each '{', the first '}' after it closes the hole; braces around anything but a variable
  // name are left as they are.
  text_template text_of(const std::string& s, const std::string& ptr) {
    text_template t;
    std::vector<std::size_t> next_close(s.size() + 1, std::string::npos);
    for (std::size_t i = s.size(); i-- > 0;) next_close[i] = s[i] == '}' ? i : next_close[i + 1];
    std::string literal;
    std::size_t i = 0;
    for (;;) {
      const std::size_t open = s.find('{', i);
      if (open == std::string::npos) break;
      const std::size_t close = next_close[open];
      if (close == std::string::npos) break;
      // The name runs to '|' or '}'; a character that cannot be in a name ends the check.
      std::size_t end = open + 1;
      while (end < close && s[end] != '|' &&
             (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '_' || s[end] == '-'))
        ++end;
      const std::string_view name(s.data() + open + 1, end - open - 1);
      if ((end != close && s[end] != '|') || !is_identifier(name)) {
        literal.append(s, i, open + 1 - i);
        i = open + 1;
        continue;
      }
      literal.append(s, i, open - i);
      text_template::piece piece{std::move(literal), use_var(std::string(name), s, ptr),
                                 text_template::filter::none};
      literal.clear();
      if (end != close) {
        const std::string filter = s.substr(end + 1, close - end - 1);
        if (filter == "upper")
          piece.how = text_template::filter::upper;
        else if (filter == "lower")
          piece.how = text_template::filter::lower;
        else if (filter == "reverse")
          piece.how = text_template::filter::reverse;
        else {
          std::string msg = "unknown filter " + q(filter) + " (filters: upper, lower, reverse)";
          if (auto m = did_you_mean(filter, {"upper", "lower", "reverse"}))
            msg += "; did you mean " + q(*m) + "?";
          error(ptr, msg);
        }
      }
      t.pieces.push_back(std::move(piece));
      i = close + 1;
    }
    literal.append(s, i);
    t.pieces.push_back({std::move(literal), std::nullopt, text_template::filter::none});
    return t;
  }

  std::optional<sim::step> step(const json& s, const std::string& ptr, const process_spec& proc) {
    const names& ops = step_operations();
    if (!s.is_object()) {
      error(ptr, "a step must be an object like {\"take\": \"echo\"}, not " + describe(s));
      return std::nullopt;
    }
    std::vector<std::string> found;
    for (const auto& op : ops)
      if (s.contains(op)) found.push_back(op);
    if (found.empty()) {
      std::string msg =
          "a step needs one operation: put, take, offer, poll, close, sleep, alts, log, loop, "
          "if, set or break";
      for (const auto& [k, v] : s.items())
        if (auto m = did_you_mean(k, ops)) {
          error_key(pointer_append(ptr, k),
                    "unknown step " + q(k) + "; did you mean " + q(*m) + "?");
          return std::nullopt;
        }
      error(ptr, msg);
      return std::nullopt;
    }
    if (found.size() > 1) {
      error(ptr, "a step has one operation, this one has " + std::to_string(found.size()) + ": " +
                     found[0] + " and " + found[1]);
      return std::nullopt;
    }
    const std::string& op = found[0];
    const std::string op_ptr = pointer_append(ptr, op);
    bool blocking = false;
    if (s.contains("blocking")) {
      auto b = optional_bool(s, ptr, "blocking");
      blocking = b.value_or(false);
      if (blocking && proc.mode == process_mode::go)
        warn(ptr + "/blocking",
             "a blocking " + op + " in go process " + q(proc.name) +
                 ": go blocks must not block (core.async's rule); use \"mode\": \"thread\"");
    }
    sim::step out;
    if (op == "put") {
      check_keys(s, ptr, {"put", "value", "as", "blocking"}, "key in a put step");
      put_step st;
      st.chan = channel_ref(s["put"], op_ptr);
      if (!s.contains("value"))
        error(ptr, "a put step needs a \"value\"");
      else
        st.value = value(s["value"], ptr + "/value");
      st.as = bound(s, ptr, "as");
      st.blocking = blocking;
      out.op = std::move(st);
    } else if (op == "take") {
      check_keys(s, ptr, {"take", "as", "blocking"}, "key in a take step");
      out.op = take_step{channel_ref(s["take"], op_ptr), bound(s, ptr, "as"), blocking};
    } else if (op == "offer") {
      check_keys(s, ptr, {"offer", "value", "as"}, "key in an offer step");
      offer_step st;
      st.chan = channel_ref(s["offer"], op_ptr);
      if (!s.contains("value"))
        error(ptr, "an offer step needs a \"value\"");
      else
        st.value = value(s["value"], ptr + "/value");
      st.as = bound(s, ptr, "as");
      out.op = std::move(st);
    } else if (op == "poll") {
      check_keys(s, ptr, {"poll", "as"}, "key in a poll step");
      out.op = poll_step{channel_ref(s["poll"], op_ptr), bound(s, ptr, "as")};
    } else if (op == "close") {
      check_keys(s, ptr, {"close"}, "key in a close step");
      out.op = close_step{channel_ref(s["close"], op_ptr)};
    } else if (op == "sleep") {
      check_keys(s, ptr, {"sleep", "blocking"}, "key in a sleep step");
      out.op = sleep_step{random_duration_at(s["sleep"], op_ptr), blocking};
    } else if (op == "log") {
      check_keys(s, ptr, {"log"}, "key in a log step");
      log_step st;
      if (!s["log"].is_string())
        error(op_ptr, "\"log\" takes a string, not " + describe(s["log"]));
      else
        st.text = text_of(s["log"].get<std::string>(), op_ptr);
      out.op = std::move(st);
    } else if (op == "loop") {
      check_keys(s, ptr, {"loop", "times", "while", "index_as"}, "key in a loop step");
      loop_step st;
      if (s.contains("times") && !s["times"].is_number_unsigned())
        error(ptr + "/times", "\"times\" must be a whole number >= 0, not " + describe(s["times"]));
      else if (s.contains("times"))
        st.times = s["times"].get<std::uint64_t>();
      if (s.contains("while")) st.while_condition = logic(s["while"], ptr + "/while");
      st.index_as = bound(s, ptr, "index_as");
      if (s["loop"].is_array() && s["loop"].empty())
        error(op_ptr, "a loop needs at least one step");
      ++loop_depth_;
      st.body = steps(s["loop"], op_ptr, proc);
      --loop_depth_;
      out.op = std::move(st);
    } else if (op == "if") {
      check_keys(s, ptr, {"if", "then", "else"}, "key in an if step");
      if_step st;
      st.condition = logic(s["if"], op_ptr);
      if (!s.contains("then"))
        error(ptr, "an if step needs \"then\": the steps to run when the condition holds");
      else
        st.then_steps = steps(s["then"], ptr + "/then", proc);
      if (s.contains("else")) st.else_steps = steps(s["else"], ptr + "/else", proc);
      out.op = std::move(st);
    } else if (op == "set") {
      check_keys(s, ptr, {"set", "to"}, "key in a set step");
      set_step st;
      if (auto v = bound(s, ptr, "set")) st.var = *v;
      if (!s.contains("to"))
        error(ptr, "a set step needs \"to\": the JSON Logic expression whose value it binds");
      else
        st.to = logic(s["to"], ptr + "/to");
      out.op = std::move(st);
    } else if (op == "break") {
      check_keys(s, ptr, {"break"}, "key in a break step");
      if (s["break"] != true)
        error(op_ptr, "\"break\" takes true ({\"break\": true}), not " + describe(s["break"]));
      else if (loop_depth_ == 0)
        error(ptr, "a break must be inside a loop: it leaves the innermost one");
      out.op = break_step{};
    } else if (op == "alts") {
      check_keys(s, ptr, {"alts", "priority", "default", "as", "port_as"}, "key in an alts step");
      alts_step st;
      const json& arms = s["alts"];
      if (!arms.is_array() || arms.empty()) {
        error(op_ptr,
              "\"alts\" takes a non-empty array of operations: {\"take\": C}, {\"put\": C, "
              "\"value\": V} or {\"timeout\": DURATION}");
      } else {
        for (std::size_t i = 0; i < arms.size(); ++i) {
          const json& a = arms[i];
          const std::string ap = pointer_append(op_ptr, i);
          alts_arm arm;
          if (!a.is_object()) {
            error(ap, "an alts operation must be an object, not " + describe(a));
          } else if (a.contains("take")) {
            check_keys(a, ap, {"take"}, "key in an alts take");
            arm.type = alts_arm::kind::take;
            arm.chan = channel_ref(a["take"], ap + "/take");
          } else if (a.contains("put")) {
            check_keys(a, ap, {"put", "value"}, "key in an alts put");
            arm.type = alts_arm::kind::put;
            arm.chan = channel_ref(a["put"], ap + "/put");
            if (!a.contains("value"))
              error(ap, "an alts put needs a \"value\"");
            else
              arm.value = value(a["value"], ap + "/value");
          } else if (a.contains("timeout")) {
            check_keys(a, ap, {"timeout"}, "key in an alts timeout");
            arm.type = alts_arm::kind::timeout;
            arm.timeout = random_duration_at(a["timeout"], ap + "/timeout");
          } else {
            check_keys(a, ap, {"take", "put", "value", "timeout"}, "key in an alts operation");
            if (a.empty())
              error(ap,
                    "an alts operation is {\"take\": C}, {\"put\": C, \"value\": V} or "
                    "{\"timeout\": DURATION}");
          }
          st.arms.push_back(std::move(arm));
        }
      }
      st.priority = optional_bool(s, ptr, "priority").value_or(false);
      if (s.contains("default")) st.default_value = value(s["default"], ptr + "/default");
      st.port_as = bound(s, ptr, "port_as");
      st.as = bound(s, ptr, "as");
      out.op = std::move(st);
    }
    return out;
  }

  // A JSON Logic expression, compiled against this script's variables.
  logic_expression logic(const json& e, const std::string& ptr) {
    logic_compile_hooks hooks;
    hooks.error = [this](const std::string& p, std::string m) { error(p, std::move(m)); };
    hooks.error_key = [this](const std::string& p, std::string m) { error_key(p, std::move(m)); };
    hooks.warn = [this](const std::string& p, std::string m) { warn(p, std::move(m)); };
    hooks.slot_of = [this](const std::string& name) -> std::optional<std::size_t> {
      if (auto it = var_slots_.find(name); it != var_slots_.end()) return it->second;
      return std::nullopt;
    };
    return compile_logic(e, ptr, hooks);
  }

  const located_json& doc_;
  std::string file_;
  int loop_depth_ = 0;  // loops around the step being read (a break needs one)
  std::vector<diagnostic> errors_, warnings_;
  std::size_t more_errors_ = 0;
  names channel_names_;
  std::unordered_set<std::string> channel_names_seen_;
  std::set<std::string> vars_;
  std::map<std::string, std::size_t, std::less<>> var_slots_;      // the script's variables
  std::map<std::string, std::size_t, std::less<>> channel_index_;  // every channel, by name
  std::vector<std::pair<std::string, json>> machine_refs_;
  std::vector<std::string> process_ptrs_;  // where each of the scenario's processes is
};

}  // namespace

std::variant<setting, std::string> parse_setting(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return "expected NAME.KEY=VALUE (or seed=N, until=DURATION), not \"" + std::string(text) + "\"";
  const std::string_view lhs = text.substr(0, eq);
  setting s;
  s.value = std::string(text.substr(eq + 1));
  if (const std::size_t dot = lhs.rfind('.'); dot != std::string_view::npos) {
    s.target = std::string(lhs.substr(0, dot));
    s.key = std::string(lhs.substr(dot + 1));
  } else {
    s.key = std::string(lhs);
  }
  if (s.key.empty() || (lhs.find('.') != std::string_view::npos && s.target.empty()))
    return "expected NAME.KEY=VALUE, not \"" + std::string(text) + "\"";
  return s;
}

namespace {

// Applies `--set`s to the parsed document before it is validated, so an override is checked
// exactly as the same key written in the file would be.
std::vector<diagnostic> apply_settings(located_json& doc, const std::vector<setting>& settings,
                                       const std::string& file) {
  std::vector<diagnostic> errors;
  json& root = doc.value;
  for (const auto& s : settings) {
    const std::string what =
        "--set " + s.target + (s.target.empty() ? "" : ".") + s.key + "=" + s.value + ": ";
    json v;
    try {
      v = json::parse(s.value);
    } catch (const json::exception&) {
      v = s.value;  // not JSON: a plain string
    }
    if (s.target.empty()) {
      static const names top{"seed", "until"};
      if (std::find(top.begin(), top.end(), s.key) == top.end()) {
        std::string msg = "the top-level keys --set can change are seed and until, not " + q(s.key);
        if (auto m = did_you_mean(s.key, top)) msg += "; did you mean " + q(*m) + "?";
        errors.push_back({file, {1, 1}, what + msg});
        continue;
      }
      if (root.is_object()) root[s.key] = v;
      continue;
    }
    json* found = nullptr;
    names all;
    for (const char* list : {"channels", "processes"})
      if (root.is_object() && root.contains(list) && root[list].is_array())
        for (auto& entry : root[list])
          if (entry.is_object() && entry.contains("name") && entry["name"].is_string()) {
            all.push_back(entry["name"].get<std::string>());
            if (entry["name"] == s.target && !found) found = &entry;
          }
    if (!found) {
      std::string msg = "no channel or process is named " + q(s.target);
      if (auto m = did_you_mean(s.target, all)) msg += "; did you mean " + q(*m) + "?";
      errors.push_back({file, {1, 1}, what + msg});
      continue;
    }
    if (s.key == "name" || s.key == "kind") {
      errors.push_back(
          {file, {1, 1}, what + "a process's or channel's " + s.key + " cannot be changed"});
      continue;
    }
    (*found)[s.key] = v;  // an unknown key is reported by the validator, with "did you mean"
  }
  return errors;
}

}  // namespace

load_result load_scenario(std::string_view text, const std::string& file,
                          const std::vector<setting>& settings) {
  auto parsed = read_json(text);
  if (auto* err = std::get_if<json_error>(&parsed)) {
    load_result r;
    r.errors.push_back({file, err->where, err->message});
    return r;
  }
  suggestion_budget = suggestion_budget_per_load;
  suggestions_budgeted = true;
  struct unbudget {
    ~unbudget() { suggestions_budgeted = false; }
  } const restore;
  located_json& doc = std::get<located_json>(parsed);
  if (!settings.empty()) {
    load_result r;
    r.errors = apply_settings(doc, settings, file);
    if (!r.errors.empty()) return r;
  }
  return validator(doc, file).run();
}

load_result load_scenario_file(const std::string& path, const std::vector<setting>& settings) {
  constexpr std::size_t max_size = 64u << 20;
  load_result r;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    r.errors.push_back({path, {1, 1}, "this is a folder, not a scenario file"});
    return r;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    r.errors.push_back(
        {path, {1, 1}, "cannot open the file: " + std::string(std::strerror(errno))});
    return r;
  }
  // Read in chunks rather than by size: a pipe or /dev/stdin has no size to ask for.
  std::string text;
  std::vector<char> chunk(1 << 16);
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_size) {
      r.errors.push_back(
          {path, {1, 1}, "the file is larger than 64 MiB; a scenario may be at most 64 MiB"});
      return r;
    }
  }
  if (in.bad()) {
    r.errors.push_back(
        {path, {1, 1}, "cannot read the file: " + std::string(std::strerror(errno))});
    return r;
  }
  return load_scenario(text, path, settings);
}

}  // namespace hotdog::sim
