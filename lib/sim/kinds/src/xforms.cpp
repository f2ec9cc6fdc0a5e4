#include "hotdog/sim/kinds/xforms.hpp"

#include "hotdog/process.hpp"
#include "hotdog/sim/lang/js_semantics.hpp"

#include <memory>
#include <stdexcept>

namespace hotdog::sim {
namespace {

using stage = detail::xform_stage<message>;
using sink = detail::xform_sink<message>;

// What an expression reads: the value itself, as json-logic-js's apply(rule, value).
logic_context on(const message& m) {
  logic_context c;
  c.data = to_script_value(m);
  return c;
}

// A stage's expression, evaluated; a failure names where it happened.
value evaluate(const logic_expression& e, const message& m, const xform_stage_spec& s,
               const std::string& where) {
  try {
    return e.evaluate(on(m));
  } catch (const std::exception& x) {
    throw std::runtime_error(where + ": the " + std::string(to_string(s.type)) +
                             " stage failed on " + describe(m) + ": " + x.what());
  }
}

// core.async hands a nil from a stage to the channel's ex-handler; hotdog ends the run there.
message not_null(value v, const message& in, const xform_stage_spec& s, const std::string& where) {
  if (v.is_null())
    throw std::runtime_error(where + ": the " + std::string(to_string(s.type)) +
                             " stage gave null for " + describe(in));
  return message(std::move(v));
}

// map, filter, remove and mapcat: one expression on each value.
struct expression_stage final : stage {
  xform_stage_spec spec;
  std::string where;
  expression_stage(xform_stage_spec s, std::string w) : spec(std::move(s)), where(std::move(w)) {}
  bool step(message v, sink& next) override {
    using kind = xform_stage_spec::kind;
    const value got = evaluate(spec.expr, v, spec, where);
    switch (spec.type) {
      case kind::filter:
      case kind::remove:
        if (js::truthy(got) != (spec.type == kind::filter)) return false;
        return next.accept(std::move(v));
      case kind::mapcat:
        if (!got.is_array())
          throw std::runtime_error(where + ": the mapcat stage gave " + got.to_json() + " for " +
                                   describe(v) + ", not a list");
        for (const value& item : got.items())
          if (next.accept(not_null(item, v, spec, where))) return true;
        return false;
      default: return next.accept(not_null(got, v, spec, where));
    }
  }
};

// dedupe: compares values as a script sees them (messages of the hot dog world have no ==).
struct dedupe_stage final : stage {
  std::optional<value> last;
  bool step(message v, sink& next) override {
    value seen = to_script_value(v);
    if (last && *last == seen) return false;
    last = std::move(seen);
    return next.accept(std::move(v));
  }
};

message as_list(std::vector<message> group) {
  std::vector<value> items;
  items.reserve(group.size());
  for (const auto& m : group) items.push_back(to_script_value(m));
  return message(value::array(std::move(items)));
}

xform<message> one(const xform_stage_spec& s, const std::string& where) {
  using kind = xform_stage_spec::kind;
  switch (s.type) {
    case kind::take: return xf::take<message>(static_cast<std::size_t>(s.n));
    case kind::dedupe:
      return xform<message>(
          []() -> std::unique_ptr<stage> { return std::make_unique<dedupe_stage>(); });
    case kind::partition_all:
      return xf::partition_all<message>(static_cast<std::size_t>(s.n), as_list);
    default:
      return xform<message>([s, where]() -> std::unique_ptr<stage> {
        return std::make_unique<expression_stage>(s, where);
      });
  }
}

// Collects what comes out of a chain.
struct collector final : sink {
  std::vector<message> out;
  bool accept(message v) override {
    out.push_back(std::move(v));
    return false;
  }
};

}  // namespace

xform<message> make_xform(const xform_spec& stages, const std::string& where) {
  xform<message> x;
  for (const auto& s : stages) x = std::move(x) | one(s, where);
  return x;
}

std::vector<message> apply_xform(const xform_spec& stages, message v, const std::string& where) {
  const xform<message> x = make_xform(stages, where);
  detail::xform_chain<message> chain(x.stages());
  collector c;
  // Each value on its own: a take stage that says done stops nothing but this value's chain.
  chain.step(std::move(v), c);
  chain.complete(c);
  return std::move(c.out);
}

message_channel make_scenario_channel(runtime& rt, const channel_spec& c, std::uint32_t tag,
                                      std::function<void(const message&)> discarded) {
  channel_options<message> opts;
  if (discarded)
    opts.on_discard = [f = std::move(discarded)](discard_reason, const message& v) { f(v); };
  opts.name = c.name;
  opts.capacity = c.buffer;
  opts.policy = c.policy;
  opts.tag = tag;
  opts.promise = c.promise;
  if (!c.xform.empty()) opts.xf = make_xform(c.xform, "channel " + c.name);
  return make_channel(rt, std::move(opts));
}

}  // namespace hotdog::sim
