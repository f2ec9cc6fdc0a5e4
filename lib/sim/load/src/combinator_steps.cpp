// The steps that change combinators while they run (tap, untap, sub, unsub, admix, unmix,
// toggle) and the two that move many values (onto, collect).
#include "families.hpp"

namespace hotdog::sim::loading {

namespace {

// "a tap", "an unsub", "an admix": the article a step's name takes.
std::string a_or_an(const std::string& op) {
  const bool vowel = !op.empty() && std::string_view("aeiou").find(op[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + op;
}

// The combinator process a step names, which must be of kind `kind`.
process_ref read_process_ref(validator& v, const json& x, const std::string& ptr,
                             const std::string& kind) {
  if (!x.is_string()) {
    v.error(ptr, "expected the name of a " + kind + " process, not " + describe(x));
    return {};
  }
  const std::string name = x.get<std::string>();
  const auto it = v.process_kinds.find(name);
  if (it != v.process_kinds.end() && it->second.second == kind) return {it->second.first, name};
  if (it != v.process_kinds.end()) {
    v.error(ptr, q(name) + " is a " + it->second.second + " process, not a " + kind);
    return {0, name};
  }
  names same_kind;
  for (const auto& [n, at] : v.process_kinds)
    if (at.second == kind) same_kind.push_back(n);
  std::string msg = "unknown " + kind + " process " + q(name);
  if (auto m = did_you_mean(name, same_kind)) msg += "; did you mean " + q(*m) + "?";
  v.error(ptr, msg);
  return {0, name};
}

channel_ref ch_of(validator& v, const step_site& at) {
  if (!at.s.contains("ch")) {
    v.error(at.ptr, a_or_an(at.op) + " step needs \"ch\": the channel it " +
                        (at.op == "tap" || at.op == "sub" || at.op == "admix" ? "adds" : "names"));
    return {};
  }
  return read_channel_ref(v, at.s["ch"], at.ptr + "/ch");
}

step read_onto(validator& v, const step_site& at) {
  v.check_keys(at.s, at.ptr, {"onto", "values", "close"}, "key in an onto step");
  onto_step st;
  st.chan = read_channel_ref(v, at.s["onto"], at.op_ptr);
  st.close = v.optional_bool(at.s, at.ptr, "close").value_or(true);
  if (!at.s.contains("values")) {
    v.error(at.ptr, "an onto step needs \"values\": a list, or an expression that gives one");
  } else if (const json& vals = at.s["values"]; vals.is_array()) {
    for (std::size_t i = 0; i < vals.size(); ++i)
      st.values.push_back(read_value(v, vals[i], pointer_append(at.ptr + "/values", i)));
  } else if (vals.is_object()) {
    st.expr = read_logic(v, vals, at.ptr + "/values");
  } else {
    v.error(at.ptr + "/values",
            "\"values\" must be a list, or a JSON Logic expression that gives one, not " +
                describe(vals));
  }
  return {std::move(st)};
}

}  // namespace

bool is_combinator_step(const std::string& op) {
  return op == "tap" || op == "untap" || op == "sub" || op == "unsub" || op == "admix" ||
         op == "unmix" || op == "toggle" || op == "onto" || op == "collect";
}

step read_combinator_step(validator& v, const step_site& at) {
  const json& s = at.s;
  if (at.op == "tap" || at.op == "untap") {
    const bool tap = at.op == "tap";
    v.check_keys(s, at.ptr, tap ? names{"tap", "ch", "close"} : names{"untap", "ch"},
                 "key in " + std::string(tap ? "a tap" : "an untap") + " step");
    tap_step st;
    st.mult = read_process_ref(v, s[at.op], at.op_ptr, "mult");
    st.chan = ch_of(v, at);
    st.untap = !tap;
    if (tap) st.close = v.optional_bool(s, at.ptr, "close").value_or(true);
    return {std::move(st)};
  }
  if (at.op == "sub" || at.op == "unsub") {
    v.check_keys(s, at.ptr, {at.op, "topic", "ch"}, "key in " + a_or_an(at.op) + " step");
    sub_step st;
    st.pub = read_process_ref(v, s[at.op], at.op_ptr, "pub");
    if (!s.contains("topic"))
      v.error(at.ptr, a_or_an(at.op) + " step needs \"topic\": the topic's value");
    else
      st.topic = read_value(v, s["topic"], at.ptr + "/topic");
    st.chan = ch_of(v, at);
    st.unsub = at.op == "unsub";
    return {std::move(st)};
  }
  if (at.op == "admix" || at.op == "unmix" || at.op == "toggle") {
    mix_step st;
    if (at.op == "toggle") {
      v.check_keys(s, at.ptr, {"toggle", "ch", "mute", "pause", "solo"}, "key in a toggle step");
      st.type = mix_step::kind::toggle;
      st.mute = v.optional_bool(s, at.ptr, "mute");
      st.pause = v.optional_bool(s, at.ptr, "pause");
      st.solo = v.optional_bool(s, at.ptr, "solo");
    } else {
      v.check_keys(s, at.ptr, {at.op, "ch"}, "key in an " + at.op + " step");
      st.type = at.op == "admix" ? mix_step::kind::admix : mix_step::kind::unmix;
    }
    st.mix = read_process_ref(v, s[at.op], at.op_ptr, "mix");
    st.changes = mix_changes(st.mix.name);
    st.chan = ch_of(v, at);
    if (st.type == mix_step::kind::admix)
      refuse_hopper_source(v, st.chan.index, at.ptr + "/ch", "an admix");
    return {std::move(st)};
  }
  if (at.op == "onto") return read_onto(v, at);
  v.check_keys(s, at.ptr, {"collect", "as"}, "key in a collect step");
  return {collect_step{read_channel_ref(v, s["collect"], at.op_ptr),
                       bound_variable(v, s, at.ptr, "as")}};
}

}  // namespace hotdog::sim::loading
