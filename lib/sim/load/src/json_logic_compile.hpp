#pragma once
// Compiles JSON Logic, as written in a scenario, into a logic_expression: every operator is
// checked and resolved once, at load, so that evaluating one looks nothing up by name.

#include "hotdog/sim/lang/json_logic.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

enum class logic_op : std::uint8_t;  // lang/json_logic_node.hpp

/// How compile_logic reports and resolves: `error` gets a JSON pointer and a message (at the
/// value), `error_key` the same at an object's key; `slot_of`, when set, turns a variable's
/// name into its slot (nullopt: no step binds it) and `warn` is told about such names.
struct logic_compile_hooks {
  std::function<void(const std::string& pointer, std::string message)> error;
  std::function<void(const std::string& pointer, std::string message)> error_key;
  std::function<std::optional<std::size_t>(const std::string& name)> slot_of;
  std::function<void(const std::string& pointer, std::string message)> warn;
};

/// The operators hotdog's JSON Logic knows, by name (for messages and "did you mean").
const std::vector<std::string>& logic_operators();

/// The name an operation is written with (the first of its spellings: "if", not "?:").
const std::string& logic_operator_name(logic_op op);

/// Compiles `expr` (found at JSON pointer `pointer`). A one-key object is an operator; an
/// array is evaluated element by element; anything else is a literal. Problems go to
/// hooks.error / hooks.error_key; the result is then not meant to be run.
logic_expression compile_logic(const nlohmann::json& expr, const std::string& pointer,
                               const logic_compile_hooks& hooks);

}  // namespace hotdog::sim
