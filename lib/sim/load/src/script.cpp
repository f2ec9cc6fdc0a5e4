// A script process: its variables, its list of steps, and each step's one operation, read by
// the family it belongs to (channel_steps.cpp, control_steps.cpp).
#include "families.hpp"

namespace hotdog::sim {

const std::vector<std::string>& step_operations() {
  static const std::vector<std::string> ops{"put",    "take",  "offer",  "poll",  "close", "sleep",
                                            "alts",   "log",   "loop",   "if",    "set",   "break",
                                            "tap",    "untap", "sub",    "unsub", "admix", "unmix",
                                            "toggle", "onto",  "collect"};
  return ops;
}

namespace loading {

namespace {

// Variables a script binds anywhere (with `as`, `port_as`, `set` or `index_as`), for checking
// {var} uses; each gets a slot, in the order first bound.
void collect_vars(script_scope& script, const json& steps) {
  if (!steps.is_array()) return;
  for (const auto& s : steps) {
    if (!s.is_object()) continue;
    for (const char* k : {"as", "port_as", "set", "index_as"})
      if (s.contains(k) && s[k].is_string()) {
        const std::string name = s[k].get<std::string>();
        script.vars.insert(name);
        script.slots.emplace(name, script.slots.size());
      }
    for (const char* k : {"loop", "then", "else"})
      if (s.contains(k)) collect_vars(script, s[k]);
  }
}

// The step's one operation; nothing (reported) when it has none or several.
std::optional<std::string> operation_of(validator& v, const json& s, const std::string& ptr) {
  const names& ops = step_operations();
  std::vector<std::string> found;
  for (const auto& op : ops)
    if (s.contains(op)) found.push_back(op);
  // "close" is an option of tap and onto, not a second operation.
  if (found.size() > 1 && (s.contains("tap") || s.contains("onto")))
    std::erase(found, std::string("close"));
  if (found.empty()) {
    for (const auto& [k, x] : s.items())
      if (auto m = did_you_mean(k, ops)) {
        v.error_key(pointer_append(ptr, k),
                    "unknown step " + q(k) + "; did you mean " + q(*m) + "?");
        return std::nullopt;
      }
    v.error(ptr,
            "a step needs one operation: put, take, offer, poll, close, sleep, alts, log, loop, "
            "if, set, break, tap, untap, sub, unsub, admix, unmix, toggle, onto or collect");
    return std::nullopt;
  }
  if (found.size() > 1) {
    v.error(ptr, "a step has one operation, this one has " + std::to_string(found.size()) + ": " +
                     found[0] + " and " + found[1]);
    return std::nullopt;
  }
  return found[0];
}

std::optional<step> read_step(validator& v, const json& s, const std::string& ptr,
                              const process_spec& proc) {
  if (!s.is_object()) {
    v.error(ptr, "a step must be an object like {\"take\": \"echo\"}, not " + describe(s));
    return std::nullopt;
  }
  const auto op = operation_of(v, s, ptr);
  if (!op) return std::nullopt;
  const std::string op_ptr = pointer_append(ptr, *op);
  bool blocking = false;
  if (s.contains("blocking")) {
    blocking = v.optional_bool(s, ptr, "blocking").value_or(false);
    if (blocking && proc.mode == process_mode::go)
      v.warn(ptr + "/blocking",
             "a blocking " + *op + " in go process " + q(proc.name) +
                 ": go blocks must not block (core.async's rule); use \"mode\": \"thread\"");
  }
  const step_site site{s, ptr, *op, op_ptr, proc, blocking};
  if (is_combinator_step(*op)) return read_combinator_step(v, site);
  return is_channel_operation(*op) ? read_channel_step(v, site) : read_control_step(v, site);
}

}  // namespace

std::optional<script_spec> read_script(validator& v, const json& p, const std::string& ptr,
                                       const process_spec& proc) {
  v.check_keys(p, ptr, process_keys({"steps"}));
  if (!p.contains("steps")) {
    v.error(ptr, "a script process needs \"steps\": a list of steps");
    return std::nullopt;
  }
  v.script = {};
  script_spec script;
  collect_vars(v.script, p["steps"]);
  script.steps = read_steps(v, p["steps"], ptr + "/steps", proc);
  script.variables.resize(v.script.slots.size());
  for (const auto& [name, slot] : v.script.slots) script.variables[slot] = name;
  return script;
}

step_list read_steps(validator& v, const json& list, const std::string& ptr,
                     const process_spec& proc) {
  step_list out;
  if (!list.is_array()) {
    v.error(ptr, "\"steps\" must be an array of steps, not " + describe(list));
    return out;
  }
  out.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i)
    if (auto st = read_step(v, list[i], pointer_append(ptr, i), proc))
      out.push_back(std::move(*st));
  return out;
}

}  // namespace loading

}  // namespace hotdog::sim
