#pragma once
// The nodes of a compiled JSON Logic expression, shared by the compiler (the loader) and the
// evaluator.

#include "hotdog/sim/lang/json_logic.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

/// Every operation hotdog's JSON Logic knows, plus `literal` and `array` (an array in an
/// expression is evaluated element by element, as json-logic-js does).
enum class logic_op : std::uint8_t {
  literal,
  array,
  var,
  missing,
  missing_some,
  if_,
  equals,
  not_equals,
  strict_equals,
  strict_not_equals,
  less,
  less_equal,
  greater,
  greater_equal,
  not_,
  not_not,
  and_,
  or_,
  plus,
  minus,
  times,
  divide,
  modulo,
  min,
  max,
  cat,
  substr,
  upper,  // hotdog's: the text filters of a template, {x|upper}, {x|lower}, {x|reverse}
  lower,
  reverse,
  in,
  merge,
  map,
  filter,
  reduce,
  all,
  none,
  some,
  log
};

struct logic_expression::node {
  logic_op op = logic_op::literal;
  value literal;           ///< logic_op::literal
  std::vector<node> args;  ///< the operands, or an array's elements
  /// A `var` whose path is a literal, split at its dots at load.
  std::optional<std::vector<std::string>> path;
  /// That path's first name as a slot among the script's variables (outside map, filter,
  /// reduce, all, none and some, whose second operand reads the element instead).
  std::optional<std::size_t> slot;
};

}  // namespace hotdog::sim
