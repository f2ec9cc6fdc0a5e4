// The core.async combinators as written in a scenario: a channel's "promise" and "xform",
// and the combinator process kinds (pipe, mult, pub, merge, mix, split, pipeline).
#include "families.hpp"

#include "json_logic_compile.hpp"

#include <algorithm>

namespace hotdog::sim::loading {

namespace {

const names stage_ops{"map", "filter", "remove", "mapcat", "take", "dedupe", "partition_all"};

// A channel a combinator names: its index, or 0 (reported) when it names none.
std::size_t chan_at(validator& v, const json& obj, const std::string& ptr, const char* key) {
  if (!obj.contains(key)) {
    v.error(ptr, std::string("missing \"") + key + "\": the name of a channel");
    return 0;
  }
  return read_channel_ref(v, obj[key], pointer_append(ptr, key)).index;
}

// A channel a combinator takes from, refused when it is a machine's hopper.
std::size_t source_at(validator& v, const json& obj, const std::string& ptr, const char* key,
                      const std::string& who) {
  const std::size_t c = chan_at(v, obj, ptr, key);
  if (obj.contains(key)) refuse_hopper_source(v, c, pointer_append(ptr, key), who);
  return c;
}

// A list of channels; `at_least_one` says whether an empty list is wrong.
std::vector<std::size_t> chan_list(validator& v, const json& x, const std::string& ptr,
                                   const std::string& what) {
  std::vector<std::size_t> out;
  if (!x.is_array()) {
    v.error(ptr, what + " must be a list of channel names, not " + describe(x));
    return out;
  }
  for (std::size_t i = 0; i < x.size(); ++i)
    out.push_back(read_channel_ref(v, x[i], pointer_append(ptr, i)).index);
  return out;
}

xform_stage_spec read_stage(validator& v, const json& s, const std::string& ptr) {
  xform_stage_spec st;
  if (!s.is_object() || s.size() != 1) {
    v.error(ptr,
            "a stage is an object with one key: map, filter, remove, mapcat, take, dedupe "
            "or partition_all, not " +
                describe(s));
    return st;
  }
  const std::string op = s.begin().key();
  const std::string op_ptr = pointer_append(ptr, op);
  const auto it = std::find(stage_ops.begin(), stage_ops.end(), op);
  if (it == stage_ops.end()) {
    v.check_keys(s, ptr, stage_ops, "stage");
    return st;
  }
  st.type = static_cast<xform_stage_spec::kind>(it - stage_ops.begin());
  const json& arg = s.begin().value();
  switch (st.type) {
    case xform_stage_spec::kind::take:
      st.n = static_cast<std::uint64_t>(v.whole(s, ptr, "take", 0, 0));
      break;
    case xform_stage_spec::kind::partition_all:
      st.n = static_cast<std::uint64_t>(v.whole(s, ptr, "partition_all", 1, 1));
      break;
    case xform_stage_spec::kind::dedupe:
      if (arg != true) v.error(op_ptr, "\"dedupe\" takes true, not " + describe(arg));
      break;
    default: st.expr = read_value_logic(v, arg, op_ptr); break;
  }
  return st;
}

// The subscribers of a pub at start: {TOPIC: [CHANNEL...]}.
void read_subs(validator& v, const json& x, const std::string& ptr, pub_spec& spec) {
  if (!x.is_object()) {
    v.error(ptr, "\"subs\" must be an object {TOPIC: [CHANNEL...]}, not " + describe(x));
    return;
  }
  for (const auto& [topic, chans] : x.items())
    spec.subs.emplace_back(value(topic),
                           chan_list(v, chans, pointer_append(ptr, topic), "a topic's channels"));
}

void read_mix_inputs(validator& v, const json& x, const std::string& ptr, mix_spec& spec) {
  if (!x.is_object()) {
    v.error(ptr,
            "\"inputs\" must be an object {CHANNEL: {\"mute\"?, \"pause\"?, \"solo\"?}}, "
            "not " +
                describe(x));
    return;
  }
  for (const auto& [name, flags] : x.items()) {
    const std::string at = pointer_append(ptr, name);
    mix_input_spec in;
    in.chan = read_channel_ref(v, json(name), at).index;
    refuse_hopper_source(v, in.chan, at, "a mix");
    if (!flags.is_object()) {
      v.error(at,
              "an input's flags must be an object like {\"mute\": true}, not " + describe(flags));
    } else {
      v.check_keys(flags, at, {"mute", "pause", "solo"}, "mix flag");
      in.mute = v.optional_bool(flags, at, "mute").value_or(false);
      in.pause = v.optional_bool(flags, at, "pause").value_or(false);
      in.solo = v.optional_bool(flags, at, "solo").value_or(false);
    }
    spec.inputs.push_back(in);
  }
}

logic_expression expr_at(validator& v, const json& p, const std::string& ptr, const char* key) {
  if (!p.contains(key)) {
    v.error(ptr, std::string("missing \"") + key + "\": a JSON Logic expression on the value");
    return {};
  }
  return read_value_logic(v, p[key], pointer_append(ptr, key));
}

}  // namespace

logic_expression read_value_logic(validator& v, const json& e, const std::string& ptr) {
  logic_compile_hooks hooks;
  hooks.error = [&v](const std::string& p, std::string m) { v.error(p, std::move(m)); };
  hooks.error_key = [&v](const std::string& p, std::string m) { v.error_key(p, std::move(m)); };
  // No slot_of: {"var": ""} is the value, {"var": "kind"} its member, as json-logic-js's
  // apply(rule, value) reads them.
  return compile_logic(e, ptr, hooks);
}

xform_spec read_xform(validator& v, const json& x, const std::string& ptr) {
  xform_spec out;
  if (!x.is_array()) {
    v.error(ptr, "\"xform\" must be a list of stages like [{\"map\": EXPR}], not " + describe(x));
    return out;
  }
  // Each stage hands its value to the next by a call: thousands would overflow the stack.
  constexpr std::size_t max_stages = 1000;
  if (x.size() > max_stages) {
    v.error(ptr, "\"xform\" has " + std::to_string(x.size()) + " stages; at most " +
                     std::to_string(max_stages) + " are allowed");
    return out;
  }
  for (std::size_t i = 0; i < x.size(); ++i)
    out.push_back(read_stage(v, x[i], pointer_append(ptr, i)));
  return out;
}

void refuse_hopper_source(validator& v, std::size_t chan, const std::string& ptr,
                          const std::string& who) {
  // A machine's channels follow the declared ones, and NAME.hopper is a reserved name.
  static constexpr std::string_view hopper = ".hopper";
  if (chan < v.declared_channels || chan >= v.channel_names.size()) return;
  const std::string& name = v.channel_names[chan];
  if (name.size() > hopper.size() && name.ends_with(hopper))
    v.error(ptr, who + " cannot take from " + q(name) +
                     ", a machine's hopper: its hot dogs leave the books only when the "
                     "machine or a script takes them");
}

bool is_combinator_kind(const std::string& kind) {
  return kind == "pipe" || kind == "mult" || kind == "pub" || kind == "merge" || kind == "mix" ||
         kind == "split" || kind == "pipeline";
}

process_body_spec read_combinator(validator& v, const json& p, const std::string& ptr,
                                  const std::string& kind) {
  if (kind == "pipe") {
    v.check_keys(p, ptr, process_keys({"from", "to", "close"}));
    pipe_spec s;
    s.from = source_at(v, p, ptr, "from", "a pipe");
    s.to = chan_at(v, p, ptr, "to");
    s.close = v.optional_bool(p, ptr, "close").value_or(true);
    return s;
  }
  if (kind == "mult") {
    v.check_keys(p, ptr, process_keys({"from", "taps"}));
    mult_spec s;
    s.from = source_at(v, p, ptr, "from", "a mult");
    if (p.contains("taps")) s.taps = chan_list(v, p["taps"], ptr + "/taps", "\"taps\"");
    return s;
  }
  if (kind == "pub") {
    v.check_keys(p, ptr, process_keys({"from", "topic", "subs"}));
    pub_spec s;
    s.from = source_at(v, p, ptr, "from", "a pub");
    s.topic = expr_at(v, p, ptr, "topic");
    if (p.contains("subs")) read_subs(v, p["subs"], ptr + "/subs", s);
    return s;
  }
  if (kind == "merge") {
    v.check_keys(p, ptr, process_keys({"from", "to"}));
    merge_spec s;
    if (!p.contains("from"))
      v.error(ptr, "missing \"from\": the list of channels to merge");
    else
      s.from = chan_list(v, p["from"], ptr + "/from", "\"from\"");
    for (std::size_t i = 0; i < s.from.size(); ++i)
      refuse_hopper_source(v, s.from[i], pointer_append(ptr + "/from", i), "a merge");
    s.to = chan_at(v, p, ptr, "to");
    return s;
  }
  if (kind == "mix") {
    v.check_keys(p, ptr, process_keys({"to", "inputs", "solo_mode"}));
    mix_spec s;
    s.to = chan_at(v, p, ptr, "to");
    if (p.contains("inputs")) read_mix_inputs(v, p["inputs"], ptr + "/inputs", s);
    if (p.contains("solo_mode")) {
      const json& m = p["solo_mode"];
      if (m == "pause" || m == "mute") {
        s.solo_pause = m == "pause";
      } else {
        std::string msg = "\"solo_mode\" must be \"mute\" or \"pause\", not " + describe(m);
        if (m.is_string())
          if (auto d = did_you_mean(m.get<std::string>(), {"mute", "pause"}))
            msg += "; did you mean " + q(*d) + "?";
        v.error(ptr + "/solo_mode", msg);
      }
    }
    return s;
  }
  if (kind == "split") {
    v.check_keys(p, ptr, process_keys({"from", "predicate", "true", "false"}));
    split_spec s;
    s.from = source_at(v, p, ptr, "from", "a split");
    s.predicate = expr_at(v, p, ptr, "predicate");
    s.if_true = chan_at(v, p, ptr, "true");
    s.if_false = chan_at(v, p, ptr, "false");
    return s;
  }
  v.check_keys(p, ptr, process_keys({"from", "to", "n", "xform", "work_time", "close"}));
  pipeline_spec s;
  s.from = source_at(v, p, ptr, "from", "a pipeline");
  s.to = chan_at(v, p, ptr, "to");
  if (!p.contains("n"))
    v.error(ptr, "a pipeline needs \"n\": how many values it works on at once (at least 1)");
  else
    s.n = static_cast<std::uint64_t>(v.whole(p, ptr, "n", 1, 1, 1024));
  if (p.contains("xform")) s.xform = read_xform(v, p["xform"], ptr + "/xform");
  if (p.contains("work_time"))
    s.work_time = v.random_duration_at(p["work_time"], ptr + "/work_time");
  s.close = v.optional_bool(p, ptr, "close").value_or(true);
  return s;
}

}  // namespace hotdog::sim::loading
