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
    CHECK(std::holds_alternative<schedule_error>(schedule::parse(bad)));
  CHECK(std::get<schedule_error>(schedule::parse("7@3:1,2:1")) ==
        schedule_error::decisions_not_increasing);
  CHECK(std::get<schedule_error>(schedule::parse("7@1:0")) == schedule_error::syntax);
}

namespace {
std::string_view none(std::size_t) { return {}; }
}  // namespace

TEST_CASE("schedule picker: numbered picks vary, listed deviations replay", "[schedule]") {
  schedule s;
  s.number = 3;
  schedule_picker rec(s, true);
  std::vector<std::size_t> picks;
  for (int i = 0; i < 50; ++i) picks.push_back(rec.pick(4, none));
  CHECK(std::set<std::size_t>(picks.begin(), picks.end()).size() == 4);
  // Replaying the recorded deviations gives the same picks.
  schedule listed;
  listed.number = 3;
  listed.deviations = rec.taken();
  schedule_picker replay(listed);
  for (int i = 0; i < 50; ++i) CHECK(replay.pick(4, none) == picks[static_cast<std::size_t>(i)]);
  // No deviations: always the oldest.
  listed.deviations->clear();
  schedule_picker fifo(listed);
  for (int i = 0; i < 10; ++i) CHECK(fifo.pick(3, none) == 0);
  CHECK(scheduled_seed(1, 1) != scheduled_seed(1, 2));
}

TEST_CASE("pct: the highest-priority process runs until a change point", "[schedule]") {
  // Two processes always ready, a at position 0 and b at 1: without change points (depth 1)
  // one of them wins every choice; with depth 2, the winner changes once at most.
  auto owner = [](std::size_t i) { return std::string_view(i == 0 ? "a" : "b"); };
  for (std::uint64_t n = 1; n <= 20; ++n) {
    schedule s;
    s.number = n;
    s.strategy = schedule_strategy::pct;
    s.depth = 1;
    schedule_picker one(s);
    const std::size_t first = one.pick(2, owner);
    for (int i = 0; i < 200; ++i) CHECK(one.pick(2, owner) == first);
    s.depth = 2;
    schedule_picker two(s);
    std::size_t switches = 0, last = two.pick(2, owner);
    for (int i = 0; i < 200; ++i) {
      const std::size_t p = two.pick(2, owner);
      switches += p != last;
      last = p;
    }
    CHECK(switches <= 1);
  }
}
