#include <hotdog/sim/load/scenario_writer.hpp>

#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/trace/trace_diff.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>

using namespace hotdog;
using namespace hotdog::sim;
namespace fs = std::filesystem;

namespace {

scenario loaded(const std::string& text) {
  const load_result r = load_scenario(text, "written.json");
  for (const auto& e : r.errors()) FAIL(e.to_string() << "\nin:\n" << text);
  REQUIRE(r.has_value());
  return *r;
}

std::string trace(const scenario& sc, trace_format f) {
  std::ostringstream out, summary;
  if (f == trace_format::jsonl) {
    jsonl_writer w(out);
    simulate(sc, {}, w);
  } else {
    text_writer w(out, process_width(sc), false, summary);
    simulate(sc, {}, w);
    out << summary.str();
  }
  return out.str();
}

// Everything the shipped scenarios leave out.
const char* everything = R"({"hotdog": 1, "name": "all", "description": "every key",
 "seed": 7, "until": "1h",
 "channels": [{"name": "in", "buffer": 2, "policy": "sliding"}, {"name": "out"},
              {"name": "drop", "buffer": 1, "policy": "dropping"}],
 "processes": [
  {"name": "m", "kind": "machine", "price": 2, "stock": 12, "capacity": 30, "lettuce": true,
   "when_empty": "close", "serve_time": {"exponential": "250ms"}, "daemon": false},
  {"name": "u", "kind": "machine", "stock": "unlimited", "serve_time": "1.5s"},
  {"name": "c", "kind": "customer", "machine": "m", "amount": {"choose": [1, 3]},
   "patience": 500, "start": "2m"},
  {"name": "crowd", "kind": "customer", "machine": ["m", "u"], "count": 3,
   "interval": {"uniform": ["1s", "2s"]}, "amount": {"uniform": [2, 4]}},
  {"name": "cook", "kind": "chef", "machine": "m", "cook_time": "90s", "batch": 2, "batches": 4,
   "daemon": false},
  {"name": "s", "kind": "script", "mode": "thread", "daemon": true, "steps": [
    {"put": "in", "value": {"a": ["{x}", 1.25, null], "b": "{y|upper} and {x|reverse}"},
     "as": "ok", "blocking": true},
    {"take": "out", "as": "x", "blocking": true},
    {"offer": "drop", "value": "{x|lower}", "as": "y"},
    {"poll": "in", "as": "z"},
    {"alts": [{"take": "in"}, {"put": "out", "value": "{z}"}, {"timeout": {"uniform": [1, 9]}}],
     "priority": true, "default": {"none": true}, "as": "got", "port_as": "port"},
    {"loop": [{"sleep": 1, "blocking": true}, {"if": {"==": [{"var": "i"}, 2]},
                                               "then": [{"break": true}]}],
     "times": 3, "while": {"<": [{"var": ["i", 0]}, {"+": [1, {"var": "n.k"}]}]},
     "index_as": "i"},
    {"set": "n", "to": {"if": [{"!": {"var": "ok"}}, {"merge": [[1], 2]}, {"?:": [true, 1, 2]}]}},
    {"if": {"and": [true, {"in": ["a", "abc"]}]}, "then": [], "else": [{"log": "{n} {{x}}"}]},
    {"close": "in"}
  ]}],
 "expect": {"end": "until", "logs": {"s": ["a", "b"]},
            "summary": {"sold": 3, "revenue": {"min": 1, "max": 2.5}, "balanced": true}}})";

}  // namespace

TEST_CASE("every shipped scenario, written and read again, runs to the same trace",
          "[scenario_writer]") {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(HOTDOG_SCENARIO_DIR)) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().string());
    const load_result r = load_scenario_file(entry.path().string());
    REQUIRE(r.has_value());
    const std::string text = scenario_json(*r);
    INFO(text);
    const scenario again = loaded(text);
    CHECK(scenario_json(again) == text);
    for (auto f : {trace_format::jsonl, trace_format::text}) CHECK(trace(again, f) == trace(*r, f));
    ++checked;
  }
  CHECK(checked >= 15);
}

TEST_CASE("the writer writes every key the loader reads, and only what is not a default",
          "[scenario_writer]") {
  const scenario sc = loaded(everything);
  const std::string text = scenario_json(sc);
  INFO(text);
  const scenario again = loaded(text);
  CHECK(scenario_json(again) == text);
  CHECK(trace(again, trace_format::jsonl) == trace(sc, trace_format::jsonl));
  for (const char* piece :
       {R"("seed": 7)",
        R"("until": "1h")",
        R"("policy": "sliding")",
        R"("capacity": 30)",
        R"("serve_time": {"exponential": "250ms"})",
        R"("stock": "unlimited")",
        R"("serve_time": "1500ms")",
        R"("amount": {"choose": [1, 3]})",
        R"("start": "2m")",
        R"("interval": {"uniform": ["1s", "2s"]})",
        R"("cook_time": "90s")",
        R"("daemon": false)",
        R"("daemon": true)",
        R"("value": "{x|lower}")",
        R"("b": "{y|upper} and {x|reverse}")",
        R"("default": {"none": true})",
        R"("while": {"<": [{"var": ["i", 0]}, {"+": [1, {"var": "n.k"}]}]})",
        R"({"if": [{"!": {"var": "ok"}}, {"merge": [[1], 2]}, {"if": [true, 1, 2]}]})",
        R"("then": [])",
        R"("else": [{"log": "{n} {{x}}"}])",
        R"("revenue": {"min": 1, "max": 2.5})",
        R"("balanced": true)",
        R"("sold": 3)"})
    CHECK(text.find(piece) != std::string::npos);
  // Defaults are left out: a go process, price 3, buffer 0, fixed policy, seed 1.
  const std::string small =
      scenario_json(loaded(R"({"hotdog": 1, "seed": 1, "channels": [{"name": "c", "buffer": 0}],
        "processes": [{"name": "p", "kind": "script", "mode": "go", "steps": [{"close": "c"}]},
                      {"name": "m", "kind": "machine", "price": 3, "daemon": true}]})"));
  CHECK(small == R"({
  "hotdog": 1,
  "channels": [{"name": "c"}],
  "processes": [
    {"name": "p", "kind": "script", "steps": [{"close": "c"}]},
    {"name": "m", "kind": "machine"}
  ]
}
)");
}

TEST_CASE("the writer breaks what does not fit in 100 columns, and ends with a newline",
          "[scenario_writer]") {
  const std::string text =
      scenario_json(loaded(R"({"hotdog": 1, "description": ")" + std::string(120, 'd') + R"(",
          "processes": [{"name": "p", "kind": "script", "steps": [{"log": "a"}, {"log": ")" +
                           std::string(90, 'b') + R"("}]}]})"));
  // A scalar too long for its line stays whole; the object around it is broken instead.
  CHECK(text == "{\n  \"hotdog\": 1,\n  \"description\": \"" + std::string(120, 'd') +
                    "\",\n  \"processes\": [\n    {\n      \"name\": \"p\",\n      \"kind\": "
                    "\"script\",\n      \"steps\": [\n        {\"log\": \"a\"},\n        {\n"
                    "          \"log\": \"" +
                    std::string(90, 'b') + "\"\n        }\n      ]\n    }\n  ]\n}\n");
}
