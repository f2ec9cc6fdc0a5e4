#include <hotdog/sim/explore/shrink.hpp>

#include <hotdog/sim/explore/explore.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <variant>

using namespace hotdog;
using namespace hotdog::sim;

namespace {

const std::string race = HOTDOG_SCENARIO_DIR "/hot-dog-v2-race.json";

schedule numbered(const char* text) { return std::get<schedule>(schedule::parse(text)); }

// The failure a run of the written scenario shows under `s`, with `settings` given again as
// the replay command gives them.
failure_class replayed(const shrink_result& r, const std::vector<setting>& settings) {
  const load_result l = load_scenario(r.scenario_json, "min.json", settings);
  REQUIRE(l.has_value());
  const outcome_class c = run_outcome(*l, {}, r.shrunk);
  CHECK_FALSE(c.expected);
  return {c.end, c.failed, c.logs, c.waiting, c.digest};
}

}  // namespace

TEST_CASE("shrink keeps the race's deadlock in a smaller scenario and schedule", "[shrink]") {
  auto result = shrink(race, {}, numbered("3"), {});
  REQUIRE(result.has_value());
  const auto& r = *result;
  CHECK(r.failure.end == "deadlock");
  CHECK(r.failure.failed == std::vector<std::string>{"end", "logs.repl"});
  CHECK(r.deviations_before == 3);
  CHECK(r.shrunk.text() == "3@");
  CHECK(r.size_before == 24);
  CHECK(r.size_after == 19);
  CHECK_FALSE(r.gave_up);
  CHECK(r.runs < max_shrink_runs);
  CHECK(replayed(r, {}) == r.failure);
  CHECK(r.scenario_json.find("\"description\": \"Shrunk by hotdog shrink from ") !=
        std::string::npos);
}

TEST_CASE("shrink leaves what a --set names to the replay, which sets it again", "[shrink]") {
  const std::vector<setting> settings{{"machine", "mode", "thread"}, {"repl", "daemon", "false"}};
  auto result = shrink(race, settings, numbered("3"), {});
  REQUIRE(result.has_value());
  const auto& r = *result;
  CHECK(r.scenario_json.find(R"("name": "machine",
      "kind": "script",
      "mode": "thread")") != std::string::npos);
  CHECK(replayed(r, settings) == r.failure);
}

TEST_CASE("shrink refuses a run that ends as expected and a file that is no scenario", "[shrink]") {
  auto expected = shrink(race, {}, numbered("1"), {});
  REQUIRE(!expected.has_value());
  CHECK(expected.error().message().find("ends as expected") != std::string::npos);
  auto missing = shrink(HOTDOG_SCENARIO_DIR "/no-such.json", {}, numbered("1"), {});
  REQUIRE(!missing.has_value());
  CHECK(missing.error().message().find("is not a valid scenario") != std::string::npos);
}
