#include "run_request.hpp"

#include <hotdog/sim/load/load.hpp>

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::cli;

namespace {

// A request as `hotdog CMD SCENARIO args...` gives it to a subcommand taking `which`.
run_request parsed(std::vector<std::string> args, run_options_list which) {
  CLI::App app;
  run_request r;
  r.add_options(app, which);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  app.parse(args);
  return r;
}

// As `hotdog run` takes them: every option.
run_request parsed(std::vector<std::string> args) {
  return parsed(std::move(args), {run_option::seed, run_option::until, run_option::max_events,
                                  run_option::stall_steps, run_option::sets, run_option::schedule,
                                  run_option::strategy});
}

}  // namespace

TEST_CASE("the reproduce and accept command lines", "[cli]") {
  const auto loaded = sim::load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/echo.json");
  REQUIRE(loaded);
  const std::uint64_t scenario_seed = loaded->seed;
  const std::string seed = std::to_string(scenario_seed);
  run_request r;
  r.scenario_path = "s.json";
  CHECK(r.reproduce_command(scenario_seed, "jsonl", "g.jsonl") ==
        "hotdog run s.json --seed " + seed + " --format jsonl --expect g.jsonl");
  CHECK(r.accept_command("g.txt") == "hotdog run s.json --update g.txt");
  run_request o = r;
  o.seed = 42;
  o.until = 90'000;
  o.max_events = 500;
  CHECK(o.reproduce_command(scenario_seed, "text", "g.txt") ==
        "hotdog run s.json --seed 42 --until 90000 --max-events 500 --format text --expect g.txt");
  // Following the hint must write the trace that was compared: every option that changed it.
  o.stall_steps = 0;
  o.sets = {"seed=9", "a b.k={\"x\":'y'}"};
  o.scenario_path = "my dir/s.json";
  CHECK(o.accept_command("g.txt") ==
        "hotdog run 'my dir/s.json' --seed 42 --until 90000 --max-events 500 --stall-steps 0 "
        "--set seed=9 --set 'a b.k={\"x\":'\\''y'\\''}' --update g.txt");
  o.scenario_path = "s.json";
  CHECK(o.reproduce_command(scenario_seed, "jsonl", "g.jsonl") ==
        "hotdog run s.json --seed 42 --until 90000 --max-events 500 --stall-steps 0 --set seed=9 "
        "--set 'a b.k={\"x\":'\\''y'\\''}' --format jsonl --expect g.jsonl");
}

TEST_CASE("a scheduled golden's hints repeat the schedule and the strategy", "[cli]") {
  run_request r = parsed({"s.json", "--schedule", "3@1:2", "--strategy", "pct", "--depth", "2"});
  REQUIRE(r.validate());
  REQUIRE(r.sched);
  CHECK(r.sched->strategy == schedule_strategy::pct);
  CHECK(r.sched->depth == 2);
  CHECK(r.run_options().sched->text() == "3@1:2");
  CHECK(r.accept_command("g.txt") ==
        "hotdog run s.json --schedule 3@1:2 --strategy pct --depth 2 --update g.txt");
  CHECK(r.reproduce_command(1, "text", "g.txt") ==
        "hotdog run s.json --seed 1 --schedule 3@1:2 --strategy pct --depth 2 --format text "
        "--expect g.txt");
}

TEST_CASE("an explored run's replay, and the prefix explore-merge takes from it", "[cli]") {
  run_request r = parsed({"my s.json", "--set", "a.b=1", "--strategy", "pct", "--max-events", "9"},
                         {run_option::max_events, run_option::sets, run_option::strategy});
  REQUIRE(r.validate());
  const std::string replay = r.explore_replay(7);
  CHECK(replay ==
        "hotdog run 'my s.json' --set a.b=1 --strategy pct --depth 3 --max-events 9 --schedule 7");
  CHECK(replay_prefix(replay) ==
        replay.substr(0, replay.size() - std::string(" --schedule 7").size()));
  CHECK(*replay_prefix(replay) + schedule_words("7") == replay);
  CHECK_FALSE(replay_prefix("hotdog run s.json"));
  run_request plain;
  plain.scenario_path = "s.json";
  CHECK(plain.explore_replay(1) == "hotdog run s.json --schedule 1");
}

TEST_CASE("validate checks every option once and converts it", "[cli]") {
  run_request r = parsed({"s.json", "--seed", "7", "--until", "90s", "--max-events", "1000",
                          "--stall-steps", "0", "--set", "m1.price=3"});
  REQUIRE(r.validate());
  const sim::run_options o = r.run_options();
  CHECK(o.seed == 7u);
  CHECK(o.until == 90'000);
  CHECK(o.max_events == 1000);
  CHECK(o.stall_steps == 0);
  CHECK_FALSE(o.sched);
  REQUIRE(r.settings.size() == 1);
  CHECK(r.settings[0].target == "m1");
  CHECK(r.settings[0].key == "price");
  CHECK(r.settings[0].value == "3");
  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--max-events", "0"},
                                              {"--max-events", "1099511627777"},
                                              {"--seed", "-1"},
                                              {"--until", "soon"},
                                              {"--set", "novalue"},
                                              {"--schedule", "0"},
                                              {"--schedule", ""},
                                              {"--strategy", "pct"}}) {
    std::vector<std::string> args{"s.json"};
    args.insert(args.end(), bad.begin(), bad.end());
    CHECK_FALSE(parsed(args).validate());
  }
  // Without --schedule among its options (explore), a strategy needs none.
  CHECK(parsed({"s.json", "--strategy", "pct"}, {run_option::strategy}).validate());
}

TEST_CASE("shell words", "[cli]") {
  CHECK(shell_word("plain/path-1.json") == "plain/path-1.json");
  CHECK(shell_word("") == "''");
  CHECK(shell_word("it's") == "'it'\\''s'");
  CHECK(shell_word("a b") == "'a b'");
}
