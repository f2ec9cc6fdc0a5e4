// The summary's waits kept as counts: the same mean, maximum and nearest-rank percentiles as
// the sorted list of every wait, on both sides of the flat array's limit.
#include <hotdog/sim/kinds/wait_tally.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

using hotdog::sim::wait_tally;

namespace {

std::int64_t nearest_rank(std::vector<std::int64_t> v, int pct) {
  std::sort(v.begin(), v.end());
  const std::size_t rank =
      std::max<std::size_t>((v.size() * static_cast<std::size_t>(pct) + 99) / 100, 1);
  return v[rank - 1];
}

// A small generator of its own, so the test does not depend on a library's distribution.
std::uint64_t next(std::uint64_t& s) {
  s = s * 6364136223846793005ULL + 1442695040888963407ULL;
  return s >> 33;
}

}  // namespace

TEST_CASE("an empty tally says 0 for every figure", "[wait_tally]") {
  const wait_tally t;
  CHECK(t.empty());
  CHECK(t.size() == 0);
  CHECK(t.sum() == 0);
  CHECK(t.max() == 0);
  CHECK(t.percentile(50) == 0);
  CHECK(t.percentile(95) == 0);
}

TEST_CASE("one wait is every percentile", "[wait_tally]") {
  wait_tally t;
  t.add(1234);
  CHECK(t.percentile(0) == 1234);
  CHECK(t.percentile(50) == 1234);
  CHECK(t.percentile(100) == 1234);
  CHECK(t.max() == 1234);
}

TEST_CASE("counts give the sorted list's percentiles, below and past the flat array's limit",
          "[wait_tally]") {
  // Waits up to 2^20 ms: about a quarter in the map past 262,144 ms, with repeats.
  for (std::uint64_t seed : {1u, 2u, 3u, 99u}) {
    std::uint64_t s = seed;
    const std::size_t n = 1 + next(s) % 5000;
    wait_tally t;
    std::vector<std::int64_t> all;
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const auto w =
          static_cast<std::int64_t>(next(s) % 3 == 0 ? next(s) % 50 : next(s) % (1 << 20));
      t.add(w);
      all.push_back(w);
      sum += w;
    }
    INFO("seed " << seed << ", " << n << " waits");
    CHECK(t.size() == n);
    CHECK(t.sum() == sum);
    CHECK(t.max() == *std::max_element(all.begin(), all.end()));
    for (int pct : {0, 1, 25, 50, 90, 95, 99, 100})
      CHECK(t.percentile(pct) == nearest_rank(all, pct));
  }
}

TEST_CASE("a sum of waits past 2^63-1 ms is exact, and so is its mean", "[wait_tally]") {
  // Customer k of a thousand served 2^52 ms apart waits k * 2^52 ms: the sum is
  // 500500 * 2^52 (about 2^71), the mean 500.5 * 2^52, a double exactly.
  constexpr std::int64_t step = std::int64_t{1} << 52;
  wait_tally t;
  for (std::int64_t k = 1; k <= 1000; ++k) t.add(k * step);
  CHECK(t.sum() == hotdog::sim::wait_sum{500500} * step);
  CHECK(t.mean() == 500.5 * static_cast<double>(step));
  CHECK(t.max() == 1000 * step);
  CHECK(t.percentile(50) == 500 * step);
  // Waits at the end of time (2^63-1 ms each).
  wait_tally end;
  for (int i = 0; i < 3; ++i) end.add(std::numeric_limits<std::int64_t>::max());
  CHECK(end.sum() == hotdog::sim::wait_sum{3} * std::numeric_limits<std::int64_t>::max());
  CHECK(end.mean() == static_cast<double>(std::numeric_limits<std::int64_t>::max()));
  CHECK(wait_tally().mean() == 0.0);
}

TEST_CASE("waits only past the limit, and a wait of 0", "[wait_tally]") {
  wait_tally t;
  std::vector<std::int64_t> all = {std::int64_t{1} << 40, 0, 300000, 300000, std::int64_t{1} << 18};
  for (auto w : all) t.add(w);
  for (int pct : {1, 20, 40, 60, 80, 100}) CHECK(t.percentile(pct) == nearest_rank(all, pct));
  CHECK(t.max() == std::int64_t{1} << 40);
}

TEST_CASE("a count past its type's maximum goes on in the map, in order", "[wait_tally]") {
  // With 8-bit counts the 256th wait of 7 ms overflows the flat array's count.
  hotdog::sim::basic_wait_tally<std::uint8_t> t;
  std::vector<std::int64_t> all;
  for (int i = 0; i < 600; ++i) {
    t.add(7);
    all.push_back(7);
  }
  for (std::int64_t w : {3, 3, 9, 400000}) {
    t.add(w);
    all.push_back(w);
  }
  CHECK(t.size() == all.size());
  for (int pct : {0, 1, 50, 99, 100}) CHECK(t.percentile(pct) == nearest_rank(all, pct));
}
