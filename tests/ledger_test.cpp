// The ledger's totals never wrap: one that would leave int64's range stops at its bound and
// says so, and the run's summary then fails instead of reporting it.
#include <hotdog/sim/kinds/ledger.hpp>

#include <hotdog/sim/analysis/statistics.hpp>
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <variant>

using hotdog::sim::ledger;

TEST_CASE("ledger totals add exactly within int64's range", "[ledger]") {
  ledger books(false);
  books.add(books.purses, 1'000'000);
  books.add(books.purses, std::numeric_limits<std::int64_t>::max() - 1'000'000);
  books.add(books.in_hand, 5);
  books.add(books.in_hand, -7);
  CHECK(books.purses == std::numeric_limits<std::int64_t>::max());
  CHECK(books.in_hand == -2);
  CHECK_FALSE(books.overflowed);
}

TEST_CASE("a ledger total past int64's range stops at its bound and marks the ledger", "[ledger]") {
  constexpr std::int64_t big = std::int64_t{1} << 62;
  SECTION("up") {
    ledger books(false);
    // The hostile tester's three customers of 2^62 each: 3 x 2^62 would wrap to -2^62.
    for (int i = 0; i < 3; ++i) books.add(books.change, big);
    CHECK(books.change == std::numeric_limits<std::int64_t>::max());
    CHECK(books.overflowed);
  }
  SECTION("down") {
    ledger books(true);
    for (int i = 0; i < 3; ++i) books.add(books.held, -big);
    CHECK(books.held == std::numeric_limits<std::int64_t>::min());
    CHECK(books.overflowed);
  }
}

TEST_CASE("a run whose money passes 2^63-1 fails with a clear error, never a wrapped total",
          "[ledger]") {
  // The loader refuses such amounts; a library caller can still make them.
  auto loaded = hotdog::sim::load_scenario(
      R"({"hotdog": 1, "processes": [{"name": "m", "kind": "machine", "stock": "unlimited", "price": 1},
          {"name": "c", "kind": "customer", "machine": "m", "count": 3}]})",
      "s.json");
  REQUIRE(loaded.errors().empty());
  hotdog::sim::scenario sc = std::move(*loaded);
  std::get<hotdog::sim::customer_spec>(sc.processes[1].body).amount =
      hotdog::sim::amount_spec::fixed(std::int64_t{1} << 62);
  hotdog::sim::statistics stats(sc);
  const hotdog::run_result r = hotdog::sim::simulate(sc, {}, stats);
  CHECK(r.reason == hotdog::end_reason::error);
  CHECK(r.message.find("passed 2^63-1") != std::string::npos);
  CHECK(stats.json().find("\"balanced\":false") != std::string::npos);
  CHECK(stats.json().find("\"change\":-") == std::string::npos);
}
