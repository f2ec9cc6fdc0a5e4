#pragma once
/// @file json_logic.hpp
/// A JSON Logic expression (jsonlogic.com), compiled once when the scenario is loaded into a
/// tree of typed nodes, and evaluated over sim::value with json-logic-js's semantics
/// (JavaScript's truthiness, coercions and comparisons). A script's `if`, `set` and `while`
/// hold these; `{"var": "x"}` reads the script's variables.

#include "hotdog/sim/lang/value.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

/// What one evaluation may do, in nodes evaluated, elements and bytes made and values read
/// whole (a value's size(), charged before it is printed, compared or searched); past it the
/// evaluation throws std::runtime_error. A text template and a put obey the same bound.
inline constexpr std::uint64_t logic_work_limit = 10'000'000;

/// What an expression reads: a script's variables (by slot, unset ones empty), or, when
/// `slots` is null, the JSON value `data` (as json-logic-js's `apply(rule, data)`).
struct logic_context {
  const std::vector<std::optional<value>>* slots = nullptr;  ///< the script's variables
  const std::vector<std::string>* names = nullptr;           ///< their names, by slot
  value data;                                                ///< the data when slots is null
  /// Where `{"log": X}` sends X (as JSON); nothing happens when empty.
  std::function<void(const value&)> log;
};

/// A compiled JSON Logic expression. Cheap to copy (the tree is shared and immutable).
class logic_expression {
 public:
  struct node;
  /// The expression `null`.
  logic_expression();
  /// Wraps a compiled tree (the loader's compile_logic makes them).
  explicit logic_expression(std::shared_ptr<const node> root);

  /// Evaluates the expression; undefined comes out as null, -0 as 0. Throws
  /// std::runtime_error where json-logic-js throws (missing_some on a null list).
  value evaluate(const logic_context& context) const;
  /// Evaluates the expression and returns its JSON Logic truthiness (0, "", [], null, false
  /// and NaN are false; everything else is true).
  bool test(const logic_context& context) const;
  /// The compiled tree.
  const node& root() const noexcept { return *root_; }

 private:
  std::shared_ptr<const node> root_;
};

}  // namespace hotdog::sim
