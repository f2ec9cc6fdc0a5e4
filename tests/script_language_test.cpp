// The script language: if/then/else, set, loop with while and index_as, break, and the
// JSON Logic they evaluate (load-time checks with locations, and run-time semantics asserted
// on the event log).
#include <hotdog/sim/lang/json_logic.hpp>

#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/model/steps.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include "hotdog/sim/lang/js_semantics.hpp"
#include "../lib/sim/load/src/json_logic_compile.hpp"
#include "../lib/sim/load/src/json_to_value.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;
using strings = std::vector<std::string>;

namespace {

// A scenario with one script process p (and a buffered channel c) around these steps.
std::string script(const std::string& steps) {
  return R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 10}], "processes": [
    {"name": "p", "kind": "script", "steps": )" +
         steps + "}]}";
}

// Runs the scenario; returns the log messages, and checks how the run ended.
strings logs(const std::string& text, end_reason expected = end_reason::done,
             std::string* trace = nullptr) {
  auto r = load_scenario(text, "s.json");
  for (auto& e : r.errors()) FAIL(e.to_string());
  std::ostringstream out;
  jsonl_writer w(out);
  auto res = simulate(*r, {}, w);
  CHECK(res.reason == expected);
  strings msgs;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["ev"] == "log") msgs.push_back(j["msg"].get<std::string>());
  }
  if (trace) *trace = out.str();
  return msgs;
}

// The loader's errors, as FILE:LINE:COLUMN: error: MESSAGE.
strings errors(const std::string& text) {
  strings out;
  for (const auto& e : load_scenario(text, "s.json").errors()) out.push_back(e.to_string());
  return out;
}

// FILE:LINE:COLUMN of the first `needle` in text (lines and columns from 1, columns in bytes).
std::string at(const std::string& text, const std::string& needle) {
  const std::size_t pos = text.find(needle);
  REQUIRE(pos != std::string::npos);
  const std::size_t line_start = text.rfind('\n', pos);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(
                                   text.begin(), text.begin() + static_cast<long>(pos), '\n'));
  const std::size_t column = line_start == std::string::npos ? pos + 1 : pos - line_start;
  return "s.json:" + std::to_string(line) + ":" + std::to_string(column);
}

// Evaluates a JSON Logic rule over JSON data, as json-logic-js's apply(rule, data).
std::string eval(const std::string& rule, const std::string& data = "null") {
  std::string problem;
  logic_compile_hooks hooks;
  hooks.error = [&](const std::string& p, std::string m) { problem = p + ": " + m; };
  hooks.error_key = hooks.error;
  const auto e = compile_logic(nlohmann::json::parse(rule), "", hooks);
  if (!problem.empty()) return "error " + problem;
  logic_context c;
  c.data = to_value(nlohmann::json::parse(data));
  return e.evaluate(c).to_json();
}

}  // namespace

TEST_CASE("the loader compiles if, set, while, index_as and break into the step tree",
          "[sim][script][language]") {
  auto r = load_scenario(script(R"([
      {"set": "n", "to": {"+": [1, 2]}},
      {"loop": [{"if": {"var": "n"}, "then": [{"break": true}], "else": [{"log": "x"}]}],
       "while": {"<": [{"var": "i"}, 3]}, "index_as": "i", "times": 4}
    ])"),
                         "s.json");
  for (auto& e : r.errors()) FAIL(e.to_string());
  const auto& spec = std::get<script_spec>(r->processes[0].body);
  CHECK(spec.variables == strings{"n", "i"});
  const auto& set = std::get<set_step>(spec.steps[0].op);
  CHECK(set.var.slot == 0);
  const auto& loop = std::get<loop_step>(spec.steps[1].op);
  REQUIRE(loop.index_as);
  CHECK(loop.index_as->slot == 1);
  CHECK(loop.while_condition);
  CHECK(loop.times == std::optional<std::uint64_t>(4));
  // A walker needs nothing but child_lists to reach every step.
  REQUIRE(child_lists(spec.steps[1]).size() == 1);
  const auto& branch = std::get<if_step>(loop.body[0].op);
  const auto lists = child_lists(loop.body[0]);
  REQUIRE(lists.size() == 2);
  CHECK(lists[0] == &branch.then_steps);
  CHECK(lists[1] == &branch.else_steps);
  CHECK(std::holds_alternative<break_step>(branch.then_steps[0].op));
  CHECK(child_lists(spec.steps[0]).empty());
}

TEST_CASE("the script language's mistakes are located errors", "[sim][script][language]") {
  // Checks that the steps give exactly this one error, located at the first `needle`.
  const auto check = [](const std::string& steps, const std::string& needle,
                        const std::string& message) {
    const std::string text = script(steps);
    CHECK(errors(text) == strings{at(text, needle) + ": error: " + message});
  };
  SECTION("break outside a loop, or with anything but true") {
    check(R"([{"break": true}])", R"({"break")",
          "a break must be inside a loop: it leaves the innermost one");
    check(R"([{"if": true, "then": [{"break": true}]}])", R"({"break")",
          "a break must be inside a loop: it leaves the innermost one");
    check(R"([{"loop": [{"break": false}]}])", "false",
          "\"break\" takes true ({\"break\": true}), not a boolean false");
    check(R"([{"loop": [{"break": "yes"}]}])", R"("yes")",
          "\"break\" takes true ({\"break\": true}), not a string \"yes\"");
    // Inside a loop, at any depth of if, it is fine.
    CHECK(errors(script(R"([{"loop": [{"if": 1, "then": [], "else": [{"break": true}]}]}])"))
              .empty());
  }
  SECTION("unknown operators, with did you mean, at the operator's key") {
    check(R"([{"set": "x", "to": {"mrege": [[1], [2]]}}])", R"("mrege")",
          "unknown JSON Logic operator \"mrege\"; did you mean \"merge\"?");
    check(R"([{"if": {"and": [true, {"length": 1}]}, "then": []}])", R"("length")",
          "unknown JSON Logic operator \"length\"");
  }
  SECTION("objects that are not operators, and {\"*\": []}") {
    check(R"([{"set": "x", "to": {"a": 1, "b": 2}}])", R"({"a")",
          "an object in an expression is an operator with one key, like {\"var\": \"x\"}; this "
          "one has 2 keys: {\"a\":1,\"b\":2}");
    check(R"([{"set": "x", "to": {}}])", "{}",
          "an object in an expression is an operator with one key, like {\"var\": \"x\"}; this "
          "one has 0 keys: {}");
    check(R"([{"set": "x", "to": {"*": []}}])", "[]}",
          "\"*\" needs at least one operand (json-logic-js fails on an empty one)");
  }
  SECTION("missing or malformed parts of if, set and loop") {
    check(R"([{"if": true}])", R"({"if")",
          "an if step needs \"then\": the steps to run when the condition holds");
    check(R"([{"if": true, "then": {"log": "x"}}])", R"({"log")",
          "\"steps\" must be an array of steps, not an object {\"log\":\"x\"}");
    check(R"([{"if": true, "then": [], "esle": []}])", R"("esle")",
          "unknown key in an if step \"esle\"; did you mean \"else\"?");
    check(R"([{"set": "x"}])", R"({"set")",
          "a set step needs \"to\": the JSON Logic expression whose value it binds");
    check(R"([{"set": "no good", "to": 1}])", R"("no good")",
          "a variable name must be a string of letters, digits, '_' or '-', not a string \"no "
          "good\"");
    check(R"([{"loop": [{"log": "x"}], "index_as": 3}])", "3}",
          "a variable name must be a string of letters, digits, '_' or '-', not a number 3");
    check(R"([{"loop": [{"log": "x"}], "whiel": true}])", R"("whiel")",
          "unknown key in a loop step \"whiel\"; did you mean \"while\"?");
    check(R"([{"loop": [{"log": "x"}], "while": {"<": [1, {"vr": "i"}]}}])", R"("vr")",
          "unknown JSON Logic operator \"vr\"; did you mean \"var\"?");
  }
  SECTION("a var of a variable no step binds is a warning: it reads null") {
    auto r =
        load_scenario(script(R"([{"set": "x", "to": {"var": "y"}}, {"log": "{x}"}])"), "s.json");
    CHECK(r.errors().empty());
    REQUIRE(r.warnings().size() == 1);
    CHECK(r.warnings()[0].message ==
          "no step binds a variable \"y\", so {\"var\": ...} reads null (or its default) here");
    CHECK(logs(script(R"([{"set": "x", "to": {"var": "y"}}, {"set": "d", "to": {"var": ["y", 7]}},
                          {"log": "{x} {d}"}])")) == strings{"null 7"});
  }
}

TEST_CASE("a top-level \"$schema\" is allowed and ignored", "[sim][scenario][language]") {
  CHECK(errors(R"({"$schema": "hotdog.schema.json", "hotdog": 1,
                   "processes": [{"name": "p", "kind": "script", "steps": []}]})")
            .empty());
  CHECK(
      errors(R"({"$schema": 3, "hotdog": 1,
                   "processes": [{"name": "p", "kind": "script", "steps": []}]})") ==
      strings{"s.json:1:13: error: \"$schema\" must be a string (the schema's URI or path), not a "
              "number 3"});
  CHECK(errors(R"({"$schemas": "x", "hotdog": 1,
                   "processes": [{"name": "p", "kind": "script", "steps": []}]})") ==
        strings{"s.json:1:2: error: unknown key \"$schemas\"; did you mean \"$schema\"?"});
}

TEST_CASE("a loop binds index_as before it checks while / the index keeps its last value",
          "[sim][script][language]") {
  SECTION("while sees the round about to run; after the loop, the index stays") {
    CHECK(logs(script(R"([
        {"loop": [{"log": "round {i}"}], "while": {"<": [{"var": "i"}, 3]}, "index_as": "i"},
        {"log": "after {i}"}])")) == strings{"round 0", "round 1", "round 2", "after 3"});
  }
  SECTION("a while that is false at once runs no round") {
    CHECK(logs(script(R"([
        {"loop": [{"log": "never"}], "while": false, "index_as": "i"}, {"log": "after {i}"}])")) ==
          strings{"after 0"});
  }
  SECTION("times and while together stop at whichever says stop first") {
    CHECK(logs(script(R"([
        {"loop": [{"log": "a{i}"}], "times": 5, "while": {"<": [{"var": "i"}, 2]}, "index_as": "i"},
        {"loop": [{"log": "b{j}"}], "times": 2, "while": true, "index_as": "j"},
        {"log": "{i} {j}"}])")) == strings{"a0", "a1", "b0", "b1", "2 2"});
  }
  SECTION("index_as on a plain times loop counts 0, 1, 2") {
    CHECK(logs(script(R"([{"loop": [{"log": "{k}"}], "times": 3, "index_as": "k"}])")) ==
          strings{"0", "1", "2"});
  }
  SECTION("setting the index in the body does not change which round comes next") {
    CHECK(logs(script(R"([{"loop": [{"set": "i", "to": 10}, {"log": "{i}"}], "times": 2,
                           "index_as": "i"}, {"log": "after {i}"}])")) ==
          strings{"10", "10", "after 2"});
  }
  SECTION("while reads variables the body sets") {
    CHECK(logs(script(R"([{"set": "n", "to": 3},
        {"loop": [{"log": "{n}"}, {"set": "n", "to": {"-": [{"var": "n"}, 1]}}],
         "while": {"var": "n"}}])")) == strings{"3", "2", "1"});
  }
}

TEST_CASE("break and a take of null end the innermost loop, also from inside an if",
          "[sim][script][language]") {
  SECTION("break leaves only the innermost loop") {
    CHECK(logs(script(R"([
        {"loop": [
          {"loop": [{"if": {"==": [{"var": "j"}, 1]}, "then": [{"break": true}]}, {"log": "{i}.{j}"}],
           "index_as": "j"},
          {"log": "outer {i}"}], "times": 2, "index_as": "i"},
        {"log": "done {i} {j}"}])")) == strings{"0.0", "outer 0", "1.0", "outer 1", "done 2 1"});
  }
  SECTION("a take that gives null inside an if branch ends the loop around the if") {
    CHECK(logs(script(R"([
        {"put": "c", "value": "a"}, {"put": "c", "value": "b"}, {"close": "c"},
        {"loop": [{"if": true, "then": [{"take": "c", "as": "v"}]}, {"log": "got {v}"}]},
        {"log": "end {v}"}])")) == strings{"got a", "got b", "end null"});
  }
  SECTION("outside any loop, a take of null just binds null and the script goes on") {
    CHECK(logs(script(R"([{"close": "c"}, {"if": 1, "then": [{"take": "c", "as": "v"}]},
                          {"log": "still here {v}"}])")) == strings{"still here null"});
  }
}

TEST_CASE("if runs then or else by JSON Logic truthiness / set binds any value",
          "[sim][script][language]") {
  // 0, "", [], null and false are false; "0" and {"a": 1} are true.
  CHECK(logs(script(R"([
      {"put": "c", "value": {"a": {"b": [10, 20]}}}, {"take": "c", "as": "o"},
      {"loop": [
        {"set": "x", "to": {"var": [{"cat": ["v", {"var": "i"}]}]}},
        {"if": {"var": "x"}, "then": [{"log": "yes"}], "else": [{"log": "no"}]}],
       "times": 0},
      {"set": "falsy", "to": [0, "", [], null, false]},
      {"set": "truthy", "to": ["0", [0], {"var": "o"}, -1]},
      {"loop": [{"if": {"var": {"cat": ["falsy.", {"var": "i"}]}}, "then": [{"log": "T"}],
                 "else": [{"log": "F"}]}], "times": 5, "index_as": "i"},
      {"loop": [{"if": {"var": {"cat": ["truthy.", {"var": "i"}]}}, "then": [{"log": "T"}]}],
       "times": 4, "index_as": "i"},
      {"set": "deep", "to": {"var": "o.a.b.1"}},
      {"set": "sum", "to": {"+": [{"var": "deep"}, "2.5", 1]}},
      {"set": "is3", "to": {"===": [{"-": [{"var": "deep"}, 17]}, 3]}},
      {"if": {"missing": ["o", "nope"]}, "then": [{"log": "missing {is3}"}]},
      {"set": "t", "to": {"log": {"cat": ["total ", {"var": "sum"}]}}},
      {"log": "{deep} {sum} {is3} {t}"},
      {"put": "c", "value": "{sum}"}, {"take": "c", "as": "back"}, {"log": "{back}"}
    ])")) == strings{"F", "F", "F", "F", "F", "T", "T", "T", "T", "missing true", "total 23.5",
                     "20 23.5 true total 23.5", "23.5"});
}

TEST_CASE("{\"var\": \"\"} is an object of every bound variable", "[sim][script][language]") {
  CHECK(logs(script(R"([{"set": "b", "to": [1]}, {"set": "all", "to": {"var": ""}},
                        {"set": "a", "to": "later"}, {"log": "{all}"}])")) ==
        strings{R"({"b":[1]})"});
}

TEST_CASE("an expression that fails at run time fails the process (exit 4)",
          "[sim][script][language]") {
  std::string trace;
  logs(script(R"([{"set": "x", "to": {"missing_some": [1, null]}}])"), end_reason::error, &trace);
  CHECK(trace.find(R"("ev":"error","msg":"missing_some: its second operand is null)") !=
        std::string::npos);
}

TEST_CASE("an expression that would run away is stopped, and fails the process",
          "[sim][script][language]") {
  // all over 10 elements of all over 10 elements ... 8 deep: 10^8 evaluations, little memory.
  std::string e = "true";
  for (int i = 0; i < 8; ++i) e = R"({"all": [[0,1,2,3,4,5,6,7,8,9], )" + e + "]}";
  std::string trace;
  logs(script(R"([{"set": "x", "to": )" + e + "}]"), end_reason::error, &trace);
  CHECK(trace.find("a JSON Logic expression did more than 10000000 steps of work") !=
        std::string::npos);
  // 6 deep (10^6) is fine.
  e = "true";
  for (int i = 0; i < 6; ++i) e = R"({"all": [[0,1,2,3,4,5,6,7,8,9], )" + e + "]}";
  CHECK(logs(script(R"([{"set": "x", "to": )" + e + R"(}, {"log": "{x}"}])")) == strings{"true"});
}

TEST_CASE("the book's hot dog machine v2, as a script", "[sim][script][language]") {
  auto r = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/hot-dog-machine-v2.json");
  for (auto& e : r.errors()) FAIL(e.to_string());
  std::ostringstream out;
  jsonl_writer w(out);
  CHECK(simulate(*r, {}, w).reason == end_reason::done);
  strings msgs;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["ev"] == "log") msgs.push_back(j["msg"].get<std::string>());
    if (j["ev"] == "close") msgs.push_back("close " + j["chan"].get<std::string>());
  }
  CHECK(msgs == strings{"lint: wilted lettuce", "3: hot dog", "close in", "close out", "3: hot dog",
                        "a third 3: put gave false, take gave null"});
}

TEST_CASE("JSON Logic follows json-logic-js", "[sim][json-logic]") {
  SECTION("JavaScript's == and ===") {
    CHECK(eval(R"({"==": [1, "1"]})") == "true");
    CHECK(eval(R"({"===": [1, "1"]})") == "false");
    CHECK(eval(R"({"==": [null, 0]})") == "false");
    CHECK(eval(R"({"==": [[2], 2]})") == "true");
    CHECK(eval(R"({"==": [[1, 2], "1,2"]})") == "true");
    CHECK(eval(R"({"==": [true, "1"]})") == "true");
    CHECK(eval(R"({"==": [[], []]})") == "false");  // two arrays: two objects
    CHECK(eval(R"({"==": [{"var": "a"}, {"var": "a"}]})", R"({"a": [1]})") == "true");
    CHECK(eval(R"({"===": [3, 3.0]})") == "true");
    CHECK(eval(R"({"!==": [{"/": [0, 0]}, {"/": [0, 0]}]})") == "true");  // NaN
  }
  SECTION("comparisons, including the between form") {
    CHECK(eval(R"({"<": [1, 2, 3]})") == "true");
    CHECK(eval(R"({"<=": [1, 1, 0]})") == "false");
    CHECK(eval(R"({">": ["10", "9"]})") == "false");  // two strings compare as text
    CHECK(eval(R"({">": ["10", 9]})") == "true");
    CHECK(eval(R"({">=": ["abc", 1]})") == "false");  // NaN
    CHECK(eval(R"({"<": [null, 1]})") == "true");
  }
  SECTION("and/or return an operand; ! and !! use JSON Logic truthiness") {
    CHECK(eval(R"({"and": [1, "", 3]})") == "\"\"");
    CHECK(eval(R"({"or": [0, [], "x"]})") == "\"x\"");
    CHECK(eval(R"({"or": [0, false]})") == "false");
    CHECK(eval(R"({"!": [[]]})") == "true");
    CHECK(eval(R"({"!!": ["0"]})") == "true");
    CHECK(eval(R"({"and": []})") == "null");  // undefined comes out as null
  }
  SECTION("if with else-ifs") {
    CHECK(eval(R"({"if": [false, 1, 0, 2, "", 3, 4]})") == "4");
    CHECK(eval(R"({"if": [false, 1, true, 2, 3]})") == "2");
    CHECK(eval(R"({"?:": [false, 1]})") == "null");
  }
  SECTION("arithmetic: whole results print as integers, others as doubles") {
    CHECK(eval(R"({"+": [1, 2]})") == "3");
    CHECK(eval(R"({"+": ["1", "2.5abc"]})") == "3.5");  // + parses like parseFloat
    CHECK(eval(R"({"+": []})") == "0");
    CHECK(eval(R"({"*": ["2"]})") == "\"2\"");  // one operand comes back as it is
    CHECK(eval(R"({"*": [2, "3"]})") == "6");
    CHECK(eval(R"({"-": [5]})") == "-5");
    CHECK(eval(R"({"-": ["5", " 2 "]})") == "3");
    CHECK(eval(R"({"-": [0]})") == "0");  // -0 prints as 0
    CHECK(eval(R"({"/": [1, 4]})") == "0.25");
    CHECK(eval(R"({"/": [1, 0]})") == "null");  // Infinity, printed as JSON does
    CHECK(eval(R"({"%": [-7, 3]})") == "-1");
    CHECK(eval(R"({"-": ["0x10", 1]})") == "15");
    CHECK(eval(R"({"min": [3, "1", [2]]})") == "1");
    CHECK(eval(R"({"max": []})") == "null");  // -Infinity
    CHECK(eval(R"({"+": [0.1, 0.2]})") == "0.30000000000000004");
  }
  SECTION("strings: cat, substr, in") {
    CHECK(eval(R"({"cat": ["a", 1, null, [1, [2, null]], true, 0.5]})") == "\"a11,2,true0.5\"");
    CHECK(eval(R"({"cat": [{"/": [1, 3]}]})") == "\"0.3333333333333333\"");
    CHECK(eval(R"({"substr": ["jsonlogic", -5, -2]})") == "\"log\"");
    CHECK(eval(R"({"substr": ["héllo", 1, 3]})") == "\"éll\"");
    CHECK(eval(R"({"in": ["Spring", "Springfield"]})") == "true");
    CHECK(eval(R"({"in": [1, ["1", 2]]})") == "false");  // arrays search with ===
    CHECK(eval(R"({"in": ["", ""]})") == "false");
  }
  SECTION("var: dotted paths, indices, length, defaults") {
    const std::string data = R"({"a": {"b": [5, "six"]}, "s": "héllo", "n": null})";
    CHECK(eval(R"({"var": "a.b.1"})", data) == "\"six\"");
    CHECK(eval(R"({"var": "a.b.length"})", data) == "2");
    CHECK(eval(R"({"var": "s.1"})", data) == "\"é\"");
    CHECK(eval(R"({"var": ["a.x", "dflt"]})", data) == "\"dflt\"");
    CHECK(eval(R"({"var": ["n", "dflt"]})", data) == "null");  // present but null
    CHECK(eval(R"({"var": ["n.x", "dflt"]})", data) == "\"dflt\"");
    CHECK(eval(R"({"var": 1})", "[7, 8]") == "8");
    CHECK(eval(R"({"var": ""})", "3") == "3");
  }
  SECTION("missing and missing_some") {
    CHECK(eval(R"({"missing": ["a", "b.c", "d"]})", R"({"a": 1, "b": {"c": ""}})") ==
          R"(["b.c","d"])");
    CHECK(eval(R"({"missing": {"merge": ["a", ["x"]]}})", R"({"a": 1})") == R"(["x"])");
    CHECK(eval(R"({"missing_some": [1, ["a", "b"]]})", R"({"b": 1})") == "[]");
    CHECK(eval(R"({"missing_some": [2, ["a", "b", "c"]]})", R"({"b": 1})") == R"(["a","c"])");
  }
  SECTION("merge, map, filter, reduce, all, none, some") {
    CHECK(eval(R"({"merge": [1, [2, [3]], []]})") == "[1,2,[3]]");
    CHECK(eval(R"({"map": [[1, 2], {"*": [{"var": ""}, 10]}]})") == "[10,20]");
    CHECK(eval(R"({"filter": [[1, 2, 3, 4], {"%": [{"var": ""}, 2]}]})") == "[1,3]");
    CHECK(
        eval(
            R"({"reduce": [[1, 2, 3], {"+": [{"var": "current"}, {"var": "accumulator"}]}, 10]})") ==
        "16");
    CHECK(eval(R"({"reduce": [[1, 2], {"var": "accumulator"}]})") == "null");
    CHECK(eval(R"({"all": [[], true]})") == "false");
    CHECK(eval(R"({"none": [[], true]})") == "true");
    CHECK(eval(R"({"some": [[0, 1], {"var": ""}]})") == "true");
    CHECK(eval(R"({"map": ["nope", 1]})") == "[]");
  }
  SECTION("arrays are evaluated element by element; other literals are themselves") {
    CHECK(eval(R"([1, {"+": [1, 1]}, "x"])") == R"([1,2,"x"])");
    CHECK(eval("3.5") == "3.5");
    CHECK(eval("null") == "null");
  }
}

TEST_CASE("JavaScript's Number::toString and ToNumber", "[sim][json-logic]") {
  CHECK(js::number_to_string(1e21) == "1e+21");
  CHECK(js::number_to_string(1e-7) == "1e-7");
  CHECK(js::number_to_string(123456789012345680000.0) == "123456789012345680000");
  CHECK(js::number_to_string(0.000001) == "0.000001");
  CHECK(js::number_to_string(-1.5) == "-1.5");
  CHECK(js::number_to_string(-0.0) == "0");
  CHECK(js::number_to_string(std::nan("")) == "NaN");
  CHECK(js::to_number(value(" 12 ")) == 12);
  CHECK(js::to_number(value("")) == 0);
  CHECK(js::to_number(value("1e3")) == 1000);
  CHECK(js::to_number(value("-Infinity")) == -INFINITY);
  CHECK(std::isnan(js::to_number(value("12px"))));
  CHECK(std::isnan(js::to_number(value("inf"))));
  CHECK(js::parse_float(value("12px")) == 12);
  CHECK(std::isnan(js::parse_float(value(true))));
  CHECK(js::number(3.0).is_int());
  CHECK(js::number(0.5).is_double());
  CHECK(js::number(-0.0).is_double());
}
