// The steps on channels: put, take, offer, poll, close, and alts with its arms.
#include "families.hpp"

namespace hotdog::sim::loading {

namespace {

// A put's or an offer's channel, value and "as"; `what` is "a put" or "an offer".
template <class Step>
Step read_send(validator& v, const step_site& at, const names& keys, const std::string& what) {
  v.check_keys(at.s, at.ptr, keys, "key in " + what + " step");
  Step st;
  st.chan = read_channel_ref(v, at.s[at.op], at.op_ptr);
  if (!at.s.contains("value"))
    v.error(at.ptr, what + " step needs a \"value\"");
  else
    st.value = read_value(v, at.s["value"], at.ptr + "/value");
  st.as = bound_variable(v, at.s, at.ptr, "as");
  return st;
}

// One arm: {"take": C}, {"put": C, "value": V} or {"timeout": DURATION}.
alts_arm read_arm(validator& v, const json& a, const std::string& ap) {
  alts_arm arm;
  if (!a.is_object()) {
    v.error(ap, "an alts operation must be an object, not " + describe(a));
  } else if (a.contains("take")) {
    v.check_keys(a, ap, {"take"}, "key in an alts take");
    arm.type = alts_arm::kind::take;
    arm.chan = read_channel_ref(v, a["take"], ap + "/take");
  } else if (a.contains("put")) {
    v.check_keys(a, ap, {"put", "value"}, "key in an alts put");
    arm.type = alts_arm::kind::put;
    arm.chan = read_channel_ref(v, a["put"], ap + "/put");
    if (!a.contains("value"))
      v.error(ap, "an alts put needs a \"value\"");
    else
      arm.value = read_value(v, a["value"], ap + "/value");
  } else if (a.contains("timeout")) {
    v.check_keys(a, ap, {"timeout"}, "key in an alts timeout");
    arm.type = alts_arm::kind::timeout;
    arm.timeout = v.random_duration_at(a["timeout"], ap + "/timeout");
  } else {
    v.check_keys(a, ap, {"take", "put", "value", "timeout"}, "key in an alts operation");
    if (a.empty())
      v.error(ap,
              "an alts operation is {\"take\": C}, {\"put\": C, \"value\": V} or "
              "{\"timeout\": DURATION}");
  }
  return arm;
}

alts_step read_alts(validator& v, const step_site& at) {
  v.check_keys(at.s, at.ptr, {"alts", "priority", "default", "as", "port_as"},
               "key in an alts step");
  alts_step st;
  const json& arms = at.s["alts"];
  if (!arms.is_array() || arms.empty()) {
    v.error(at.op_ptr,
            "\"alts\" takes a non-empty array of operations: {\"take\": C}, {\"put\": C, "
            "\"value\": V} or {\"timeout\": DURATION}");
  } else {
    for (std::size_t i = 0; i < arms.size(); ++i)
      st.arms.push_back(read_arm(v, arms[i], pointer_append(at.op_ptr, i)));
  }
  st.priority = v.optional_bool(at.s, at.ptr, "priority").value_or(false);
  if (at.s.contains("default"))
    st.default_value = read_value(v, at.s["default"], at.ptr + "/default");
  st.port_as = bound_variable(v, at.s, at.ptr, "port_as");
  st.as = bound_variable(v, at.s, at.ptr, "as");
  return st;
}

}  // namespace

channel_ref read_channel_ref(validator& v, const json& x, const std::string& ptr) {
  if (!x.is_string()) {
    v.error(ptr, "expected a channel name, not " + describe(x));
    return {};
  }
  const std::string name = x.get<std::string>();
  if (auto it = v.channel_index.find(name); it != v.channel_index.end()) return {it->second, name};
  std::string msg = "unknown channel " + q(name);
  if (auto m = did_you_mean(name, v.channel_names))
    msg += "; did you mean " + q(*m) + "?";
  else
    msg += ": declare it under \"channels\"";
  v.error(ptr, msg);
  return {0, name};
}

bool is_channel_operation(const std::string& op) {
  return op == "put" || op == "take" || op == "offer" || op == "poll" || op == "close" ||
         op == "alts";
}

step read_channel_step(validator& v, const step_site& at) {
  const json& s = at.s;
  if (at.op == "put") {
    auto st = read_send<put_step>(v, at, {"put", "value", "as", "blocking"}, "a put");
    st.blocking = at.blocking;
    return {std::move(st)};
  }
  if (at.op == "take") {
    v.check_keys(s, at.ptr, {"take", "as", "blocking"}, "key in a take step");
    return {take_step{read_channel_ref(v, s["take"], at.op_ptr), bound_variable(v, s, at.ptr, "as"),
                      at.blocking}};
  }
  if (at.op == "offer") return {read_send<offer_step>(v, at, {"offer", "value", "as"}, "an offer")};
  if (at.op == "poll") {
    v.check_keys(s, at.ptr, {"poll", "as"}, "key in a poll step");
    return {
        poll_step{read_channel_ref(v, s["poll"], at.op_ptr), bound_variable(v, s, at.ptr, "as")}};
  }
  if (at.op == "close") {
    v.check_keys(s, at.ptr, {"close"}, "key in a close step");
    return {close_step{read_channel_ref(v, s["close"], at.op_ptr)}};
  }
  return {read_alts(v, at)};
}

}  // namespace hotdog::sim::loading
