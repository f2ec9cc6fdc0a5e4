// JSON Logic in a script ("if", "while", "to"), compiled against the script's variables.
#include "families.hpp"

#include "json_logic_compile.hpp"

namespace hotdog::sim::loading {

logic_expression read_logic(validator& v, const json& e, const std::string& ptr) {
  logic_compile_hooks hooks;
  hooks.error = [&v](const std::string& p, std::string m) { v.error(p, std::move(m)); };
  hooks.error_key = [&v](const std::string& p, std::string m) { v.error_key(p, std::move(m)); };
  hooks.warn = [&v](const std::string& p, std::string m) { v.warn(p, std::move(m)); };
  hooks.slot_of = [&v](const std::string& name) -> std::optional<std::size_t> {
    if (auto it = v.script.slots.find(name); it != v.script.slots.end()) return it->second;
    return std::nullopt;
  };
  return compile_logic(e, ptr, hooks);
}

}  // namespace hotdog::sim::loading
