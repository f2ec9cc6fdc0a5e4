// The loader's API: load_scenario with its result, --set settings, names and suggestions.
#include <hotdog/sim/load/load.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace hotdog::sim;

namespace {

const char* rush = R"({"hotdog": 1, "seed": 3, "processes": [
  {"name": "m", "kind": "machine", "stock": 5},
  {"name": "rush", "kind": "customer", "machine": "m", "count": 4}]})";

std::vector<std::string> errors_of(const load_result& r) {
  std::vector<std::string> out;
  for (const auto& d : r.errors()) out.push_back(d.to_string());
  return out;
}

}  // namespace

TEST_CASE("load_scenario gives a scenario, or located errors and no scenario", "[load]") {
  const auto ok = load_scenario(rush, "s.json");
  REQUIRE(ok.has_value());
  CHECK(ok.errors().empty());
  CHECK(ok->seed == 3);
  CHECK(ok->processes.size() == 2);

  const auto bad = load_scenario(R"({"hotdog": 1, "processes": []})", "s.json");
  CHECK_FALSE(bad.has_value());
  CHECK(errors_of(bad) ==
        std::vector<std::string>{"s.json:1:28: error: \"processes\" is empty: a scenario needs at "
                                 "least one process"});
  CHECK(bad.error().message() == errors_of(bad)[0]);
}

TEST_CASE("a JSON -0 is 0 wherever a whole number >= 0 is asked for", "[load]") {
  // Before, "buffer" called it negative and "times" refused it, while "stock" took it.
  const auto r =
      load_scenario(R"({"hotdog": 1, "seed": -0, "channels": [{"name": "c", "buffer": -0}],
    "processes": [{"name": "m", "kind": "machine", "stock": -0, "start": -0},
      {"name": "p", "kind": "script", "steps": [{"loop": [{"sleep": -0}], "times": -0}]}]})",
                    "s.json");
  CHECK(errors_of(r).empty());
  REQUIRE(r.has_value());
  CHECK(r->seed == 0);
  CHECK(r->channels[0].buffer == 0);
}

TEST_CASE("an amount written with a point is whole when it is whole, as a price is", "[load]") {
  // Before, 3.0 was "not a whole number" for an amount and fine for a price.
  const auto r = load_scenario(R"({"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "stock": 1, "price": 3.0},
    {"name": "a", "kind": "customer", "machine": "m", "amount": 3.0},
    {"name": "b", "kind": "customer", "machine": "m", "amount": {"uniform": [1.0, 4]}},
    {"name": "c", "kind": "customer", "machine": "m", "amount": {"choose": [2, 5.0]}}]})",
                               "s.json");
  CHECK(errors_of(r).empty());
  REQUIRE(r.has_value());
  const auto amount = [&](std::size_t i) {
    return std::get<customer_spec>(r->processes[i].body).amount;
  };
  CHECK(amount(1).n == 3);
  CHECK((amount(2).min == 1 && amount(2).max == 4));
  CHECK(amount(3).choices == std::vector<std::int64_t>{2, 5});
  const auto half = load_scenario(R"({"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "stock": 1},
    {"name": "a", "kind": "customer", "machine": "m", "amount": 2.5}]})",
                                  "s.json");
  CHECK_FALSE(half.has_value());
}

TEST_CASE("parse_setting: NAME.KEY=VALUE, KEY=VALUE, or an unlocated error", "[load]") {
  const auto s = parse_setting("m.hopper.price=4");
  REQUIRE(s.has_value());
  CHECK(s->target == "m.hopper");  // the name is everything before the last '.'
  CHECK(s->key == "price");
  CHECK(s->value == "4");
  const auto top = parse_setting("seed=7");
  REQUIRE(top.has_value());
  CHECK(top->target.empty());
  CHECK(top->key == "seed");

  const auto no_eq = parse_setting("rush");
  REQUIRE_FALSE(no_eq.has_value());
  CHECK(no_eq.errors().empty());
  CHECK(no_eq.error().message() ==
        "expected NAME.KEY=VALUE (or seed=N, until=DURATION), not \"rush\"");
  CHECK(parse_setting(".count=3").error().message() == "expected NAME.KEY=VALUE, not \".count=3\"");
  CHECK(parse_setting("rush.=3").error().message() == "expected NAME.KEY=VALUE, not \"rush.=3\"");
  // Found by the set fuzz target: a value that is not UTF-8 reached nlohmann's dump (a throw).
  CHECK(parse_setting("kitchen.steps=[{\"loop\": [{\xde\x8b\x9e\x9c\"}]}]").error().message() ==
        "--set kitchen.steps=[{\"loop\": [{\xde\x8b\x9e\x9c\"}]}] is not valid UTF-8");
}

TEST_CASE("settings are applied before the scenario is checked", "[load]") {
  const auto r = load_scenario(rush, "s.json", {*parse_setting("rush.count=9"), {"", "seed", "5"}});
  REQUIRE(r.has_value());
  CHECK(r->seed == 5);
  CHECK(std::get<customer_spec>(r->processes[1].body).count == 9u);

  CHECK(errors_of(load_scenario(rush, "s.json", {*parse_setting("rsh.count=1")})) ==
        std::vector<std::string>{"--set rsh.count=1: error: no channel or process is "
                                 "named \"rsh\"; did you mean \"rush\"?"});
  CHECK(errors_of(load_scenario(rush, "s.json", {*parse_setting("sed=1")})) ==
        std::vector<std::string>{"--set sed=1: error: the top-level keys --set can change are "
                                 "seed, until, random and warmup, not \"sed\"; did you mean "
                                 "\"seed\"?"});
  CHECK(
      errors_of(load_scenario(rush, "s.json", {*parse_setting("m.kind=chef")})) ==
      std::vector<std::string>{"--set m.kind=chef: error: a process's or channel's kind cannot be "
                               "changed"});
  // A bad value is the validator's error, said of the --set that gave it (not of the file).
  const auto many = load_scenario(rush, "s.json", {*parse_setting("rush.count=many")});
  REQUIRE(many.errors().size() == 1);
  CHECK_THAT(many.errors()[0].message, Catch::StartsWith("\"count\" must be a whole number"));
  CHECK(many.errors()[0].file == "--set rush.count=many");
  CHECK(many.errors()[0].where.line == 0);
  // So is a key the scenario does not have.
  CHECK(errors_of(load_scenario(rush, "s.json", {*parse_setting("rush.cout=10")})) ==
        std::vector<std::string>{"--set rush.cout=10: error: unknown key \"cout\" of process "
                                 "\"rush\"; did you mean \"count\"?"});
}

TEST_CASE("check_name gives the name back, or why it cannot name anything", "[load]") {
  const auto good = check_name("hot dogs #1");
  REQUIRE(good.has_value());
  CHECK(*good == "hot dogs #1");
  CHECK(check_name("").error().message() == "a name may not be empty");
  CHECK(check_name("a|b").error().message() ==
        "a name may not hold '|' (traces use it to join channel names)");
}

TEST_CASE("the names the loader knows, and did_you_mean", "[load]") {
  CHECK(step_operations().size() == 21);  // 12, and the combinator steps tap ... collect
  CHECK(step_operations().front() == "put");
  CHECK(process_kinds() == std::vector<std::string>{"script", "machine", "customer", "chef", "pipe",
                                                    "mult", "pub", "merge", "mix", "split",
                                                    "pipeline"});
  CHECK(did_you_mean("chfe", process_kinds()) == "chef");
  CHECK_FALSE(did_you_mean("xyzzy", process_kinds()));
}
