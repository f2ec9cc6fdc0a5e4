// Processes: the keys every process has (kind, name, mode, daemon, start), each kind's own
// keys read by its file, and the machines that customers and chefs name.
#include "families.hpp"

#include <algorithm>
#include <unordered_set>

namespace hotdog::sim {

const std::vector<std::string>& process_kinds() {
  static const std::vector<std::string> kinds{"script", "machine", "customer", "chef",
                                              "pipe",   "mult",    "pub",      "merge",
                                              "mix",    "split",   "pipeline"};
  return kinds;
}

namespace loading {

names process_keys(names own) {
  for (const char* key : {"name", "kind", "mode", "daemon", "start", "description"})
    own.push_back(key);
  return own;
}

namespace {

// "kind": one of process_kinds(), or nothing (reported).
std::optional<std::string> read_kind(validator& v, const json& p, const std::string& ptr) {
  const names& kinds = process_kinds();
  const std::string kind =
      p.contains("kind") && p["kind"].is_string() ? p["kind"].get<std::string>() : "";
  if (!p.contains("kind")) {
    v.error(ptr, "a process needs a \"kind\": \"script\", \"machine\", \"customer\" or \"chef\"");
    return std::nullopt;
  }
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    std::string msg =
        "unknown process kind " + (p["kind"].is_string() ? q(kind) : describe(p["kind"]));
    if (auto m = did_you_mean(kind, kinds))
      msg += "; did you mean " + q(*m) + "?";
    else
      msg +=
          " (kinds: script, machine, customer, chef, pipe, mult, pub, merge, mix, split, "
          "pipeline)";
    v.error(ptr + "/kind", msg);
    return std::nullopt;
  }
  return kind;
}

// "name", "mode", "daemon" and "start".
void read_common(validator& v, const json& p, const std::string& ptr, const std::string& kind,
                 process_spec& spec) {
  if (!p.contains("name") || !p["name"].is_string() || p["name"].get<std::string>().empty())
    v.error(p.contains("name") ? ptr + "/name" : ptr,
            "a process needs a \"name\" (a non-empty string)");
  else if (auto checked = check_name(p["name"].get<std::string>()); !checked)
    v.error(ptr + "/name", "process name " + q(p["name"].get<std::string>()) +
                               " is not allowed: " + checked.error().message());
  else
    spec.name = std::move(*checked);
  if (p.contains("mode")) {
    const json& m = p["mode"];
    if (m == "go")
      spec.mode = process_mode::go;
    else if (m == "thread")
      spec.mode = process_mode::thread;
    else
      v.error(ptr + "/mode", "\"mode\" must be \"go\" or \"thread\", not " + describe(m));
  }
  // Machines, chefs and combinators serve forever: daemons unless they say otherwise.
  spec.daemon = v.optional_bool(p, ptr, "daemon")
                    .value_or(kind == "machine" || kind == "chef" || is_combinator_kind(kind));
  if (p.contains("start")) spec.start = v.duration_at(p["start"], ptr + "/start");
}

}  // namespace

std::optional<process_spec> read_process(validator& v, const json& p, const std::string& ptr) {
  if (!p.is_object()) {
    v.error(ptr, "a process must be an object, not " + describe(p));
    return std::nullopt;
  }
  const auto kind = read_kind(v, p, ptr);
  if (!kind) return std::nullopt;
  process_spec spec;
  read_common(v, p, ptr, *kind, spec);
  if (*kind == "machine") {
    spec.body = read_machine(v, p, ptr);
  } else if (*kind == "customer") {
    spec.body = read_customer(v, p, ptr);
  } else if (*kind == "chef") {
    spec.body = read_chef(v, p, ptr);
  } else if (is_combinator_kind(*kind)) {
    spec.body = read_combinator(v, p, ptr, *kind);
  } else {
    auto script = read_script(v, p, ptr, spec);
    if (!script) return std::nullopt;
    spec.body = std::move(*script);
  }
  return spec;
}

void check_machine_refs(validator& v, const std::vector<process_spec>& procs) {
  names machines;
  std::unordered_set<std::string> machine_set;
  for (const auto& p : procs)
    if (std::holds_alternative<machine_spec>(p.body)) {
      machines.push_back(p.name);
      machine_set.insert(p.name);
    }
  for (const auto& [ptr, ref] : v.machine_refs) {
    std::vector<std::pair<std::string, json>> each;
    if (ref.is_array() && !ref.empty()) {
      for (std::size_t i = 0; i < ref.size(); ++i) each.push_back({pointer_append(ptr, i), ref[i]});
    } else {
      each.push_back({ptr, ref});
    }
    for (const auto& [where, name] : each) {
      if (name.is_null()) {
        v.error(where, "missing \"machine\": the name of a machine process");
      } else if (!name.is_string()) {
        v.error(where, "expected the name of a machine process, not " + describe(name));
      } else if (!machine_set.count(name.get<std::string>())) {
        std::string msg = "unknown machine " + q(name.get<std::string>());
        if (auto m = did_you_mean(name.get<std::string>(), machines))
          msg += "; did you mean " + q(*m) + "?";
        v.error(where, msg);
      }
    }
  }
}

}  // namespace loading

}  // namespace hotdog::sim
