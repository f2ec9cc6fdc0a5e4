#include "hotdog/sim/load/scenario_writer.hpp"

#include "hotdog/sim/lang/json_logic_node.hpp"
#include "json_logic_compile.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace hotdog::sim {

namespace {

// Ordered: a scenario reads best with "hotdog" first and each step's operation before its
// options, as people write them.
using json = nlohmann::ordered_json;

json of(const value& v) {
  switch (v.kind()) {
    case value_kind::null: return nullptr;
    case value_kind::boolean: return v.as_bool();
    case value_kind::integer: return json::number_integer_t{v.as_int()};
    case value_kind::unsigned_integer: return json::number_unsigned_t{v.as_uint()};
    case value_kind::floating: return v.as_double();
    case value_kind::string: return v.as_string();
    case value_kind::array: {
      json j = json::array();
      for (const value& item : v.items()) j.push_back(of(item));
      return j;
    }
    case value_kind::object: {
      json j = json::object();
      for (const auto& [key, item] : v.members()) j[key] = of(item);
      return j;
    }
  }
  return nullptr;
}

// A number read as a double (summary expectations): whole ones as integers, as people write.
json number(double d) {
  if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
    return json::number_integer_t{static_cast<std::int64_t>(d)};
  return d;
}

json duration(std::int64_t ms) {
  for (const auto& [scale, unit] :
       {std::pair{3'600'000, "h"}, std::pair{60'000, "m"}, std::pair{1'000, "s"}})
    if (ms != 0 && ms % scale == 0) return std::to_string(ms / scale) + unit;
  return std::to_string(ms) + "ms";
}

json duration(const duration_spec& d) {
  switch (d.type) {
    case duration_spec::kind::uniform:
      return {{"uniform", json::array({duration(d.min), duration(d.max)})}};
    case duration_spec::kind::exponential: return {{"exponential", duration(std::llround(d.mean))}};
    case duration_spec::kind::fixed: break;
  }
  return duration(d.ms);
}

json amount(const amount_spec& a) {
  switch (a.type) {
    case amount_spec::kind::uniform: return {{"uniform", json::array({a.min, a.max})}};
    case amount_spec::kind::choose: return {{"choose", a.choices}};
    case amount_spec::kind::fixed: break;
  }
  return a.n;
}

json logic(const logic_expression::node& n) {
  if (n.op == logic_op::literal) return of(n.literal);
  json args = json::array();
  for (const auto& a : n.args) args.push_back(logic(a));
  if (n.op == logic_op::array) return args;
  // One operand that is not an array reads as itself ({"var": "x"}); the compiler makes the
  // same node of either form.
  json op = json::object();
  op[logic_operator_name(n.op)] =
      n.args.size() == 1 && n.args[0].op != logic_op::array ? args[0] : args;
  return op;
}

std::string text(const text_template& t) {
  std::string s;
  for (const auto& p : t.pieces) {
    s += p.literal;
    if (!p.var) continue;
    s += "{" + p.var->name;
    switch (p.how) {
      case text_template::filter::upper: s += "|upper"; break;
      case text_template::filter::lower: s += "|lower"; break;
      case text_template::filter::reverse: s += "|reverse"; break;
      case text_template::filter::none: break;
    }
    s += "}";
  }
  return s;
}

json templated(const value_template& t) {
  switch (t.type) {
    case value_template::kind::variable: return "{" + t.var.name + "}";
    case value_template::kind::text: return text(t.text);
    case value_template::kind::array: {
      json j = json::array();
      for (const auto& item : t.items) j.push_back(templated(item));
      return j;
    }
    case value_template::kind::object: {
      json j = json::object();
      for (const auto& m : t.members) j[m.first] = templated(m.second);
      return j;
    }
    case value_template::kind::literal: break;
  }
  return of(t.literal);
}

json steps(const step_list& list);

// One step, its operation's key first.
struct step_writer {
  json& j;
  void bind(const char* key, const std::optional<variable>& v) {
    if (v) j[key] = v->name;
  }
  void block(bool blocking) {
    if (blocking) j["blocking"] = true;
  }
  void operator()(const put_step& s) {
    j["put"] = s.chan.name;
    j["value"] = templated(s.value);
    bind("as", s.as);
    block(s.blocking);
  }
  void operator()(const take_step& s) {
    j["take"] = s.chan.name;
    bind("as", s.as);
    block(s.blocking);
  }
  void operator()(const offer_step& s) {
    j["offer"] = s.chan.name;
    j["value"] = templated(s.value);
    bind("as", s.as);
  }
  void operator()(const poll_step& s) {
    j["poll"] = s.chan.name;
    bind("as", s.as);
  }
  void operator()(const close_step& s) { j["close"] = s.chan.name; }
  void operator()(const sleep_step& s) {
    j["sleep"] = duration(s.duration);
    block(s.blocking);
  }
  void operator()(const log_step& s) { j["log"] = text(s.text); }
  void operator()(const alts_step& s) {
    json arms = json::array();
    for (const auto& a : s.arms) {
      json arm = json::object();
      if (a.type == alts_arm::kind::timeout) {
        arm["timeout"] = duration(a.timeout);
      } else if (a.type == alts_arm::kind::put) {
        arm["put"] = a.chan.name;
        arm["value"] = templated(a.value);
      } else {
        arm["take"] = a.chan.name;
      }
      arms.push_back(std::move(arm));
    }
    j["alts"] = std::move(arms);
    if (s.priority) j["priority"] = true;
    if (s.default_value) j["default"] = templated(*s.default_value);
    bind("as", s.as);
    bind("port_as", s.port_as);
  }
  void operator()(const loop_step& s) {
    j["loop"] = steps(s.body);
    if (s.times) j["times"] = *s.times;
    if (s.while_condition) j["while"] = logic(s.while_condition->root());
    bind("index_as", s.index_as);
  }
  void operator()(const if_step& s) {
    j["if"] = logic(s.condition.root());
    j["then"] = steps(s.then_steps);
    if (!s.else_steps.empty()) j["else"] = steps(s.else_steps);
  }
  void operator()(const set_step& s) {
    j["set"] = s.var.name;
    j["to"] = logic(s.to.root());
  }
  void operator()(const break_step&) { j["break"] = true; }
  void operator()(const tap_step& s) {
    j[s.untap ? "untap" : "tap"] = s.mult.name;
    j["ch"] = s.chan.name;
    if (!s.untap && !s.close) j["close"] = false;
  }
  void operator()(const sub_step& s) {
    j[s.unsub ? "unsub" : "sub"] = s.pub.name;
    j["topic"] = templated(s.topic);
    j["ch"] = s.chan.name;
  }
  void operator()(const mix_step& s) {
    constexpr const char* ops[] = {"admix", "unmix", "toggle"};
    j[ops[static_cast<int>(s.type)]] = s.mix.name;
    j["ch"] = s.chan.name;
    if (s.mute) j["mute"] = *s.mute;
    if (s.pause) j["pause"] = *s.pause;
    if (s.solo) j["solo"] = *s.solo;
  }
  void operator()(const onto_step& s) {
    j["onto"] = s.chan.name;
    if (s.expr) {
      j["values"] = logic(s.expr->root());
    } else {
      json values = json::array();
      for (const auto& v : s.values) values.push_back(templated(v));
      j["values"] = std::move(values);
    }
    if (!s.close) j["close"] = false;
  }
  void operator()(const collect_step& s) {
    j["collect"] = s.chan.name;
    bind("as", s.as);
  }
};

json steps(const step_list& list) {
  json out = json::array();
  for (const auto& s : list) {
    json j = json::object();
    std::visit(step_writer{j}, s.op);
    out.push_back(std::move(j));
  }
  return out;
}

json xform(const xform_spec& stages) {
  json out = json::array();
  for (const auto& st : stages) {
    json one = json::object();
    const std::string key(to_string(st.type));
    switch (st.type) {
      case xform_stage_spec::kind::take:
      case xform_stage_spec::kind::partition_all: one[key] = st.n; break;
      case xform_stage_spec::kind::dedupe: one[key] = true; break;
      default: one[key] = logic(st.expr.root()); break;
    }
    out.push_back(std::move(one));
  }
  return out;
}

// The keys of each kind of process that differ from the loader's defaults.
struct body_writer {
  json& j;
  const scenario& sc;
  std::string chan(std::size_t i) const { return sc.channels[i].name; }
  json chans(const std::vector<std::size_t>& list) const {
    json out = json::array();
    for (std::size_t i : list) out.push_back(chan(i));
    return out;
  }
  void operator()(const pipe_spec& s) {
    j["from"] = chan(s.from);
    j["to"] = chan(s.to);
    if (!s.close) j["close"] = false;
  }
  void operator()(const mult_spec& s) {
    j["from"] = chan(s.from);
    if (!s.taps.empty()) j["taps"] = chans(s.taps);
  }
  void operator()(const pub_spec& s) {
    j["from"] = chan(s.from);
    j["topic"] = logic(s.topic.root());
    if (s.subs.empty()) return;
    json subs = json::object();
    for (const auto& [topic, list] : s.subs) subs[topic.as_string()] = chans(list);
    j["subs"] = std::move(subs);
  }
  void operator()(const merge_spec& s) {
    j["from"] = chans(s.from);
    j["to"] = chan(s.to);
  }
  void operator()(const mix_spec& s) {
    j["to"] = chan(s.to);
    if (!s.inputs.empty()) {
      json inputs = json::object();
      for (const auto& in : s.inputs) {
        json flags = json::object();
        if (in.mute) flags["mute"] = true;
        if (in.pause) flags["pause"] = true;
        if (in.solo) flags["solo"] = true;
        inputs[chan(in.chan)] = std::move(flags);
      }
      j["inputs"] = std::move(inputs);
    }
    if (s.solo_pause) j["solo_mode"] = "pause";
  }
  void operator()(const split_spec& s) {
    j["from"] = chan(s.from);
    j["predicate"] = logic(s.predicate.root());
    j["true"] = chan(s.if_true);
    j["false"] = chan(s.if_false);
  }
  void operator()(const pipeline_spec& s) {
    j["from"] = chan(s.from);
    j["to"] = chan(s.to);
    j["n"] = s.n;
    if (!s.xform.empty()) j["xform"] = xform(s.xform);
    if (s.work_time) j["work_time"] = duration(*s.work_time);
    if (!s.close) j["close"] = false;
  }
  void operator()(const script_spec& s) { j["steps"] = steps(s.steps); }
  void operator()(const machine_spec& m) {
    if (m.price != machine_spec{}.price) j["price"] = m.price;
    if (m.unlimited)
      j["stock"] = "unlimited";
    else if (m.stock != 0)
      j["stock"] = m.stock;
    if (m.capacity != std::max<std::int64_t>(m.stock, 10)) j["capacity"] = m.capacity;
    if (m.close_when_empty) j["when_empty"] = "close";
    if (m.lettuce) j["lettuce"] = true;
    if (m.serve_time) j["serve_time"] = duration(*m.serve_time);
  }
  void operator()(const customer_spec& c) {
    if (c.pick_at_random)
      j["machine"] = c.machines;
    else if (!c.machines.empty())
      j["machine"] = c.machines.front();
    if (c.amount.type != amount_spec::kind::fixed || c.amount.n != customer_spec{}.amount.n)
      j["amount"] = amount(c.amount);
    if (c.patience) j["patience"] = duration(*c.patience);
    if (c.count) {
      j["count"] = *c.count;
      if (c.interval.type != duration_spec::kind::fixed || c.interval.ms != 0)
        j["interval"] = duration(c.interval);
    }
  }
  void operator()(const chef_spec& c) {
    j["machine"] = c.machine;
    const chef_spec defaults;
    if (c.cook_time.type != duration_spec::kind::fixed || c.cook_time.ms != defaults.cook_time.ms)
      j["cook_time"] = duration(c.cook_time);
    if (c.batch != defaults.batch) j["batch"] = c.batch;
    if (c.batches) j["batches"] = *c.batches;
  }
};

json process(const scenario& sc, const process_spec& p) {
  json j = json::object();
  j["name"] = p.name;
  j["kind"] = std::string(p.kind());
  if (p.mode == process_mode::thread) j["mode"] = "thread";
  // Machines and chefs are daemons unless they say otherwise (the loader's default).
  const bool serves = std::holds_alternative<machine_spec>(p.body) ||
                      std::holds_alternative<chef_spec>(p.body) || p.combinator();
  if (p.daemon != serves) j["daemon"] = p.daemon;
  if (p.start != 0) j["start"] = duration(p.start);
  std::visit(body_writer{j, sc}, p.body);
  return j;
}

json expectation(const expect_spec& e) {
  json j = json::object();
  if (e.end) j["end"] = std::string(end_reason_names()[static_cast<std::size_t>(*e.end)]);
  if (!e.logs.empty()) {
    json logs = json::object();
    for (const auto& [proc, messages] : e.logs) logs[proc] = messages;
    j["logs"] = std::move(logs);
  }
  if (!e.summary.empty()) {
    json summary = json::object();
    for (const auto& s : e.summary) {
      json want = json::object();
      if (s.equals && s.boolean)
        want = *s.equals != 0;
      else if (s.equals)
        want = number(*s.equals);
      if (s.min) want["min"] = number(*s.min);
      if (s.max) want["max"] = number(*s.max);
      summary[s.key] = std::move(want);
    }
    j["summary"] = std::move(summary);
  }
  return j;
}

json document(const scenario& sc) {
  json j = json::object();
  j["hotdog"] = 1;
  if (!sc.name.empty()) j["name"] = sc.name;
  if (!sc.description.empty()) j["description"] = sc.description;
  if (sc.seed != scenario{}.seed) j["seed"] = sc.seed;
  if (sc.until) j["until"] = duration(*sc.until);
  if (sc.declared_channels() > 0) {
    json channels = json::array();
    for (std::size_t i = 0; i < sc.declared_channels(); ++i) {
      const channel_spec& c = sc.channels[i];
      json cj = json::object();
      cj["name"] = c.name;
      if (c.buffer != 0) cj["buffer"] = c.buffer;
      if (c.policy != buffer_policy::fixed) cj["policy"] = std::string(to_string(c.policy));
      if (c.promise) cj["promise"] = true;
      if (!c.xform.empty()) cj["xform"] = xform(c.xform);
      channels.push_back(std::move(cj));
    }
    j["channels"] = std::move(channels);
  }
  json processes = json::array();
  for (const auto& p : sc.processes) processes.push_back(process(sc, p));
  j["processes"] = std::move(processes);
  if (sc.expect) j["expect"] = expectation(*sc.expect);
  return j;
}

// Text of at most this many columns stays on one line.
constexpr std::size_t line_width = 100;

// Appends j on one line (", " and ": " between items, as scenario files are written);
// false, with `out` cut back, once `out` grows past `limit`.
bool one_line(const json& j, std::string& out, std::size_t limit) {
  const std::size_t start = out.size();
  bool fits = true;
  if (!j.is_structured()) {
    out += j.dump();
  } else {
    out += j.is_object() ? '{' : '[';
    for (auto it = j.begin(); fits && it != j.end(); ++it) {
      if (it != j.begin()) out += ", ";
      if (j.is_object()) out += json(it.key()).dump() + ": ";
      fits = out.size() <= limit && one_line(*it, out, limit);
    }
    out += j.is_object() ? '}' : ']';
  }
  if (fits && out.size() <= limit) return true;
  out.resize(start);
  return false;
}

// Appends j indented by `indent`, items on lines of their own unless it all fits on one.
void lines(const json& j, std::size_t indent, std::size_t column, std::string& out) {
  if (!j.is_structured() || j.empty()) {
    out += j.dump();
    return;
  }
  if (one_line(j, out, out.size() + (line_width > column ? line_width - column : 0))) return;
  out += j.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!first) out += ",\n";
    first = false;
    out.append(indent + 2, ' ');
    std::size_t col = indent + 2;
    if (j.is_object()) {
      const std::string key = json(it.key()).dump() + ": ";
      out += key;
      col += key.size();
    }
    lines(*it, indent + 2, col, out);
  }
  out += '\n';
  out.append(indent, ' ');
  out += j.is_object() ? '}' : ']';
}

}  // namespace

std::string scenario_json(const scenario& sc) {
  std::string out;
  lines(document(sc), 0, 0, out);
  out += '\n';
  return out;
}

}  // namespace hotdog::sim
