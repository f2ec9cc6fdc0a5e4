#include "hotdog/sim/explore/shrink.hpp"

#include "hotdog/sim/explore/explore.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <sstream>

namespace hotdog::sim {

namespace {

using json = nlohmann::ordered_json;

// Keys whose arrays hold steps (a script's, a loop's, an if's branches).
bool holds_steps(const std::string& key) {
  return key == "steps" || key == "loop" || key == "then" || key == "else";
}

std::size_t size_of(const json& j) {
  std::size_t n = 0;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if ((holds_steps(k) || k == "processes" || k == "channels") && v.is_array()) n += v.size();
      n += size_of(v);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) n += size_of(v);
  }
  return n;
}

// Every smaller variant of `doc`, one change each, in document order.
void candidates(const json& doc, const json& node, const json::json_pointer& at,
                std::vector<json>& out) {
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) {
      if (k == "expect") continue;  // what the failure is measured against stays
      const json::json_pointer child = at / k;
      if (v.is_array() && (holds_steps(k) || k == "processes" || k == "channels")) {
        for (std::size_t i = 0; i < v.size(); ++i) {
          json c = doc;
          c[child].erase(i);
          out.push_back(std::move(c));
        }
      }
      if (v.is_number_unsigned()) {
        const auto n = v.get<std::uint64_t>();
        const bool count =
            k == "times" || k == "count" || k == "buffer" || k == "stock" || k == "batches";
        const bool duration = k == "sleep" || k == "start" || k == "interval" || k == "until" ||
                              k == "serve_time" || k == "cook_time" || k == "patience";
        // Halving first takes a crowd of 200 down in a few steps; then one less at a time.
        if ((count || duration) && n > 1) {
          json c = doc;
          c[child] = n / 2;
          out.push_back(std::move(c));
        }
        if ((count && n > 0) || (duration && n == 1)) {
          json c = doc;
          c[child] = n - 1;
          out.push_back(std::move(c));
        }
      }
      candidates(doc, v, child, out);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) candidates(doc, node[i], at / i, out);
  }
}

}  // namespace

std::variant<shrink_result, std::string> shrink(const std::string& path,
                                                const std::vector<setting>& settings,
                                                const schedule& s, const run_options& opts) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return "cannot read " + path;
  json doc;
  try {
    doc = json::parse(text.str());
  } catch (const json::exception&) {
    return path + " is not valid JSON (hotdog validate says where)";
  }
  shrink_result r;
  // The class of a run of `d` under `sch`, or nothing when `d` is not a valid scenario or the
  // run ends as expected.
  auto failure_of = [&](const json& d, const schedule& sch,
                        std::vector<deviation>* taken) -> std::optional<failure_class> {
    const auto loaded = load_scenario(d.dump(), path, settings);
    if (!loaded) return std::nullopt;
    ++r.runs;
    run_options o = opts;
    o.deviations_taken = taken;
    // run_outcome gives the class; recording needs the options' pointer, so run it here.
    outcome_class c = run_outcome(*loaded, o, sch);
    if (c.expected) return std::nullopt;
    return failure_class{c.end, c.failed, c.logs, c.waiting};
  };

  std::vector<deviation> taken;
  const auto first = failure_of(doc, s, &taken);
  if (!first) {
    if (!load_scenario(text.str(), path, settings)) return path + " is not a valid scenario";
    return "the run under schedule " + s.text() + " ends as expected: nothing to shrink";
  }
  r.failure = *first;
  // The schedule as deviations from the default order; dropped one by one, from the last.
  std::vector<deviation> devs = s.deviations ? *s.deviations : taken;
  auto with = [&](const std::vector<deviation>& d) {
    schedule sch;
    sch.number = s.number;
    sch.deviations = d;
    return sch;
  };
  r.deviations_before = devs.size();
  if (failure_of(doc, with(devs), nullptr) != r.failure)
    return "internal: the deviations of schedule " + s.text() + " do not replay it";
  auto drop_deviations = [&] {
    for (std::size_t i = devs.size(); i-- > 0;) {
      std::vector<deviation> fewer = devs;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
      if (failure_of(doc, with(fewer), nullptr) == r.failure) devs = std::move(fewer);
    }
  };
  drop_deviations();
  schedule cur = with(devs);
  // Then the scenario: first-improvement until no single change keeps the failure.
  r.size_before = size_of(doc);
  for (bool smaller = true; smaller && r.runs < max_shrink_runs;) {
    smaller = false;
    std::vector<json> next;
    candidates(doc, doc, json::json_pointer(), next);
    for (auto& c : next)
      if (r.runs >= max_shrink_runs) {
        r.gave_up = true;
        break;
      } else if (failure_of(c, cur, nullptr) == r.failure) {
        doc = std::move(c);
        smaller = true;
        break;
      }
  }
  r.size_after = size_of(doc);
  // A smaller scenario may need fewer deviations still.
  drop_deviations();
  r.shrunk = with(devs);
  if (doc.contains("description"))
    doc["description"] = "Shrunk by hotdog shrink from " + path + " under schedule " + s.text() +
                         ": the smallest scenario found that fails as that run did.";
  r.scenario_json = doc.dump(2) + "\n";
  return r;
}

}  // namespace hotdog::sim
