// Test-only: evaluates JSON Logic with hotdog's evaluator, one case per line of stdin, so the
// answers can be compared with json-logic-js's (run_check.py). A line is [RULE, DATA]; the
// answer is {"ok": RESULT} or {"error": MESSAGE} (rejected at load, or failed at run time).
#include "hotdog/sim/lang/json_logic.hpp"

#include "../../lib/sim/load/src/json_logic_compile.hpp"
#include "../../lib/sim/load/src/json_to_value.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <stdexcept>
#include <string>

int main() {
  using nlohmann::json;
  std::string line;
  while (std::getline(std::cin, line)) {
    json out;
    try {
      const json c = json::parse(line);
      std::string problem;
      hotdog::sim::logic_compile_hooks hooks;
      hooks.error = [&](const std::string& p, std::string m) { problem = p + ": " + m; };
      hooks.error_key = hooks.error;
      const auto e = hotdog::sim::compile_logic(c.at(0), "", hooks);
      if (!problem.empty()) {
        out["error"] = problem;
      } else {
        hotdog::sim::logic_context context;
        context.data = hotdog::sim::to_value(c.at(1));
        out["ok"] = hotdog::sim::to_json(e.evaluate(context));
      }
    } catch (const std::exception& ex) {
      out["error"] = ex.what();
    }
    std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  }
}
