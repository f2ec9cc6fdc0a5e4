#include "json_logic_compile.hpp"

#include "hotdog/sim/load/load.hpp"

#include "hotdog/sim/lang/js_semantics.hpp"
#include "hotdog/sim/lang/json_logic_node.hpp"
#include "json_reader.hpp"
#include "json_to_value.hpp"

#include <algorithm>
#include <utility>

namespace hotdog::sim {
namespace {

using json = nlohmann::json;
using node = logic_expression::node;

const std::vector<std::pair<std::string, logic_op>>& operator_table() {
  static const std::vector<std::pair<std::string, logic_op>> table{
      {"var", logic_op::var},
      {"missing", logic_op::missing},
      {"missing_some", logic_op::missing_some},
      {"if", logic_op::if_},
      {"?:", logic_op::if_},
      {"==", logic_op::equals},
      {"!=", logic_op::not_equals},
      {"===", logic_op::strict_equals},
      {"!==", logic_op::strict_not_equals},
      {"<", logic_op::less},
      {"<=", logic_op::less_equal},
      {">", logic_op::greater},
      {">=", logic_op::greater_equal},
      {"!", logic_op::not_},
      {"!!", logic_op::not_not},
      {"and", logic_op::and_},
      {"or", logic_op::or_},
      {"+", logic_op::plus},
      {"-", logic_op::minus},
      {"*", logic_op::times},
      {"/", logic_op::divide},
      {"%", logic_op::modulo},
      {"min", logic_op::min},
      {"max", logic_op::max},
      {"cat", logic_op::cat},
      {"substr", logic_op::substr},
      {"upper", logic_op::upper},
      {"lower", logic_op::lower},
      {"reverse", logic_op::reverse},
      {"in", logic_op::in},
      {"merge", logic_op::merge},
      {"map", logic_op::map},
      {"filter", logic_op::filter},
      {"reduce", logic_op::reduce},
      {"all", logic_op::all},
      {"none", logic_op::none},
      {"some", logic_op::some},
      {"log", logic_op::log},
  };
  return table;
}

bool scoping(logic_op op) {
  return op == logic_op::map || op == logic_op::filter || op == logic_op::reduce ||
         op == logic_op::all || op == logic_op::none || op == logic_op::some;
}

std::string describe(const json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

class compiler {
 public:
  explicit compiler(const logic_compile_hooks& hooks) : hooks_(hooks) {}

  // `scoped`: inside the second operand of map, filter, reduce, all, none or some, where var
  // reads the element, not the script's variables.
  node compile(const json& e, const std::string& ptr, bool scoped) {
    node n;
    if (e.is_array()) {
      n.op = logic_op::array;
      for (std::size_t i = 0; i < e.size(); ++i)
        n.args.push_back(compile(e[i], pointer_append(ptr, i), scoped));
      return n;
    }
    if (!e.is_object()) {
      n.literal = to_value(e);
      return n;
    }
    if (e.size() != 1) {
      hooks_.error(ptr,
                   "an object in an expression is an operator with one key, like "
                   "{\"var\": \"x\"}; this one has " +
                       std::to_string(e.size()) + " keys: " + describe(e));
      return n;
    }
    const std::string& name = e.begin().key();
    const auto& table = operator_table();
    const auto it = std::find_if(table.begin(), table.end(),
                                 [&](const auto& entry) { return entry.first == name; });
    const std::string op_ptr = pointer_append(ptr, name);
    if (it == table.end()) {
      std::string msg = "unknown JSON Logic operator \"" + name + "\"";
      if (auto m = did_you_mean(name, logic_operators())) msg += "; did you mean \"" + *m + "\"?";
      hooks_.error_key(op_ptr, msg);
      return n;
    }
    n.op = it->second;
    const json& operands = e.begin().value();
    if (operands.is_array()) {
      for (std::size_t i = 0; i < operands.size(); ++i)
        n.args.push_back(
            compile(operands[i], pointer_append(op_ptr, i), scoped || (scoping(n.op) && i == 1)));
    } else {
      n.args.push_back(compile(operands, op_ptr, scoped));
    }
    if (n.op == logic_op::times && n.args.empty())
      hooks_.error(op_ptr,
                   "\"*\" needs at least one operand (json-logic-js fails on an empty one)");
    if (n.op == logic_op::var)
      resolve_var(n, operands.is_array() ? pointer_append(op_ptr, 0) : op_ptr, scoped);
    return n;
  }

 private:
  // A var whose path is written out is split now, and its first name made a slot.
  void resolve_var(node& n, const std::string& ptr, bool scoped) {
    if (n.args.empty() || n.args[0].op != logic_op::literal) return;
    const value& path = n.args[0].literal;
    if (!path.is_string() && !path.is_number()) return;
    if (path.is_string() && path.as_string().empty()) return;
    const std::string text = js::to_string(path);
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
      const std::size_t dot = text.find('.', start);
      parts.push_back(text.substr(start, dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (!scoped && hooks_.slot_of) {
      n.slot = hooks_.slot_of(parts[0]);
      if (!n.slot && hooks_.warn)
        hooks_.warn(ptr, "no step binds a variable \"" + parts[0] +
                             "\", so {\"var\": ...} reads null (or its default) here");
    }
    n.path = std::move(parts);
  }

  const logic_compile_hooks& hooks_;
};

}  // namespace

const std::vector<std::string>& logic_operators() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, op] : operator_table()) out.push_back(name);
    return out;
  }();
  return names;
}

const std::string& logic_operator_name(logic_op op) {
  for (const auto& [name, each] : operator_table())
    if (each == op) return name;
  static const std::string none;  // literal and array: written as themselves, not by name
  return none;
}

logic_expression compile_logic(const nlohmann::json& expr, const std::string& pointer,
                               const logic_compile_hooks& hooks) {
  return logic_expression(
      std::make_shared<const node>(compiler(hooks).compile(expr, pointer, false)));
}

}  // namespace hotdog::sim
