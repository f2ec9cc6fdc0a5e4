// The steps that steer a script: loop, if, break, set, and sleep and log.
#include "families.hpp"

#include <cmath>

namespace hotdog::sim::loading {

namespace {

loop_step read_loop(validator& v, const step_site& at) {
  const json& s = at.s;
  v.check_keys(s, at.ptr, {"loop", "times", "while", "index_as"}, "key in a loop step");
  loop_step st;
  if (s.contains("times")) {
    const json& t = s["times"];
    // 2.0 is a whole number too, however it was written.
    const bool whole_float = t.is_number_float() && t.get<double>() >= 0 &&
                             t.get<double>() < 0x1p64 &&
                             t.get<double>() == std::floor(t.get<double>());
    if (t.is_number_unsigned())
      st.times = t.get<std::uint64_t>();
    else if (whole_float)
      st.times = static_cast<std::uint64_t>(t.get<double>());
    else
      v.error(at.ptr + "/times", "\"times\" must be a whole number >= 0, not " + describe(t));
  }
  if (s.contains("while")) st.while_condition = read_logic(v, s["while"], at.ptr + "/while");
  st.index_as = bound_variable(v, s, at.ptr, "index_as");
  if (s["loop"].is_array() && s["loop"].empty())
    v.error(at.op_ptr, "a loop needs at least one step");
  ++v.script.loop_depth;
  st.body = read_steps(v, s["loop"], at.op_ptr, at.proc);
  --v.script.loop_depth;
  return st;
}

if_step read_if(validator& v, const step_site& at) {
  const json& s = at.s;
  v.check_keys(s, at.ptr, {"if", "then", "else"}, "key in an if step");
  if_step st;
  st.condition = read_logic(v, s["if"], at.op_ptr);
  if (!s.contains("then"))
    v.error(at.ptr, "an if step needs \"then\": the steps to run when the condition holds");
  else
    st.then_steps = read_steps(v, s["then"], at.ptr + "/then", at.proc);
  if (s.contains("else")) st.else_steps = read_steps(v, s["else"], at.ptr + "/else", at.proc);
  return st;
}

set_step read_set(validator& v, const step_site& at) {
  const json& s = at.s;
  v.check_keys(s, at.ptr, {"set", "to"}, "key in a set step");
  set_step st;
  if (auto x = bound_variable(v, s, at.ptr, "set")) st.var = *x;
  if (!s.contains("to"))
    v.error(at.ptr, "a set step needs \"to\": the JSON Logic expression whose value it binds");
  else
    st.to = read_logic(v, s["to"], at.ptr + "/to");
  return st;
}

break_step read_break(validator& v, const step_site& at) {
  v.check_keys(at.s, at.ptr, {"break"}, "key in a break step");
  if (at.s["break"] != true)
    v.error(at.op_ptr, "\"break\" takes true ({\"break\": true}), not " + describe(at.s["break"]));
  else if (v.script.loop_depth == 0)
    v.error(at.ptr, "a break must be inside a loop: it leaves the innermost one");
  return {};
}

log_step read_log(validator& v, const step_site& at) {
  v.check_keys(at.s, at.ptr, {"log"}, "key in a log step");
  log_step st;
  if (!at.s["log"].is_string())
    v.error(at.op_ptr, "\"log\" takes a string, not " + describe(at.s["log"]));
  else
    st.text = read_text(v, at.s["log"].get<std::string>(), at.op_ptr);
  return st;
}

}  // namespace

step read_control_step(validator& v, const step_site& at) {
  if (at.op == "loop") return {read_loop(v, at)};
  if (at.op == "if") return {read_if(v, at)};
  if (at.op == "set") return {read_set(v, at)};
  if (at.op == "break") return {read_break(v, at)};
  if (at.op == "log") return {read_log(v, at)};
  v.check_keys(at.s, at.ptr, {"sleep", "blocking"}, "key in a sleep step");
  return {sleep_step{v.random_duration_at(at.s["sleep"], at.op_ptr), at.blocking}};
}

}  // namespace hotdog::sim::loading
