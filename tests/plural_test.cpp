#include <hotdog/sim/text/plural.hpp>

#include <catch2/catch.hpp>

using hotdog::sim::count_of;

TEST_CASE("a count takes its noun in the right number", "[text]") {
  CHECK(count_of(0, "run", "runs") == "0 runs");
  CHECK(count_of(1, "run", "runs") == "1 run");
  CHECK(count_of(2, "process", "processes") == "2 processes");
  CHECK(count_of(1, "idle stretch", "idle stretches") == "1 idle stretch");
  CHECK(count_of(18446744073709551615u, "run", "runs") == "18446744073709551615 runs");
}
