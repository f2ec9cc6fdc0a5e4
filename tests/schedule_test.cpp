#include "hotdog/schedule.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace hotdog;

TEST_CASE("schedule text round-trips and rejects junk", "[schedule]") {
  auto s = schedule::parse("7@2:1,9:3");
  REQUIRE(std::holds_alternative<schedule>(s));
  const schedule& v = std::get<schedule>(s);
  CHECK(v.number == 7);
  REQUIRE(v.deviations);
  CHECK(*v.deviations == std::vector<deviation>{{2, 1}, {9, 3}});
  CHECK(v.text() == "7@2:1,9:3");
  CHECK(std::get<schedule>(schedule::parse("7@")).text() == "7@");
  CHECK(std::get<schedule>(schedule::parse("42")).text() == "42");
  for (const char* bad : {"0", "-1", "", "x", "7@1", "7@1:0", "7@3:1,2:1", "7@1:1,", "1e3"})
    CHECK(std::holds_alternative<std::string>(schedule::parse(bad)));
}

TEST_CASE("schedule picker: numbered picks vary, listed deviations replay", "[schedule]") {
  schedule s;
  s.number = 3;
  schedule_picker rec(s, true);
  std::vector<std::size_t> picks;
  for (int i = 0; i < 50; ++i) picks.push_back(rec.pick(4));
  CHECK(std::set<std::size_t>(picks.begin(), picks.end()).size() == 4);
  // Replaying the recorded deviations gives the same picks.
  schedule listed;
  listed.number = 3;
  listed.deviations = rec.taken();
  schedule_picker replay(listed);
  for (int i = 0; i < 50; ++i) CHECK(replay.pick(4) == picks[static_cast<std::size_t>(i)]);
  // No deviations: always the oldest.
  listed.deviations->clear();
  schedule_picker fifo(listed);
  for (int i = 0; i < 10; ++i) CHECK(fifo.pick(3) == 0);
  CHECK(scheduled_seed(1, 1) != scheduled_seed(1, 2));
}
