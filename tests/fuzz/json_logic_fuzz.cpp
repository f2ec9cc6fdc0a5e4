// libFuzzer target: the JSON Logic compiler, and the evaluator behind it, never crash, hang
// or leak, whatever the bytes. The input is read as the loader reads a scenario (its strict
// JSON reader, at most 200 levels deep): a two-element array is [RULE, DATA], anything else
// is a rule applied to null. A rule either compiles with no error and evaluates (or throws
// where json-logic-js throws, or stops at the work bound), or is refused with a message.
#include "hotdog/sim/lang/json_logic.hpp"

#include "json_logic_compile.hpp"
#include "json_reader.hpp"
#include "json_to_value.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto read = hotdog::sim::read_json(text);
  if (std::holds_alternative<hotdog::sim::json_error>(read)) return 0;
  const nlohmann::json& doc = std::get<hotdog::sim::located_json>(read).value;
  const bool with_data = doc.is_array() && doc.size() == 2;
  const nlohmann::json& rule = with_data ? doc[0] : doc;
  int errors = 0;
  hotdog::sim::logic_compile_hooks hooks;
  hooks.error = [&](const std::string&, std::string message) {
    if (message.empty()) std::abort();
    ++errors;
  };
  hooks.error_key = hooks.error;
  const auto expr = hotdog::sim::compile_logic(rule, "", hooks);
  if (errors != 0) return 0;
  hotdog::sim::logic_context context;
  if (with_data) context.data = hotdog::sim::to_value(doc[1]);
  try {
    const auto v = expr.evaluate(context);
    (void)hotdog::sim::to_json(v);
    (void)expr.test(context);
  } catch (const std::runtime_error& e) {
    if (std::string_view(e.what()).empty()) std::abort();
  }
  return 0;
}
