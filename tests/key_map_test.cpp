#include <hotdog/sim/analysis/key_map.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

using hotdog::sim::key_map;

namespace {

// Every entry of m, by key (for_each gives no order).
std::map<std::uint64_t, std::string> entries(key_map<std::pair<std::uint64_t, std::string>>& m) {
  std::map<std::uint64_t, std::string> out;
  m.for_each([&](const auto& kv) { out.emplace(kv.first, kv.second); });
  return out;
}

// A small deterministic generator (the tests' own, not the library's).
struct lcg {
  std::uint64_t s;
  std::uint64_t next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 33;
  }
};

}  // namespace

TEST_CASE("a key map finds, replaces and forgets values by key", "[key_map]") {
  key_map<std::string> m;
  CHECK(m.empty());
  CHECK(m.find(7) == nullptr);
  m.erase(7);  // nothing to erase: no effect
  m.insert_or_assign(7, "seven");
  m.insert_or_assign(std::uint64_t{1} << 32 | 7, "tagged");
  REQUIRE(m.find(7) != nullptr);
  CHECK(*m.find(7) == "seven");
  CHECK(*m.find(std::uint64_t{1} << 32 | 7) == "tagged");
  m.insert_or_assign(7, "SEVEN");
  CHECK(m.size() == 2);
  CHECK(*m.find(7) == "SEVEN");
  m.erase(7);
  CHECK(m.find(7) == nullptr);
  CHECK(m.size() == 1);
  m.clear();
  CHECK(m.empty());
  CHECK(m.find(std::uint64_t{1} << 32 | 7) == nullptr);
}

namespace {

// A key whose home is slot `home` of a map's first table (16 slots: the top 4 bits of
// key * 0x9E3779B97F4A7C15), told apart by `low`: the constant is odd, so it has an inverse
// modulo 2^64 (found by Newton's iteration), and key = inverse * (home << 60 | low).
std::uint64_t key_at(std::uint64_t home, std::uint64_t low) {
  const std::uint64_t c = 0x9E3779B97F4A7C15ULL;
  std::uint64_t inverse = c;
  for (int i = 0; i < 6; ++i) inverse *= 2 - c * inverse;
  return inverse * (home << 60 | low);
}

}  // namespace

TEST_CASE("a key map finds every key after erasing from runs that wrap the table's end",
          "[key_map]") {
  // Runs of keys placed by hand around the end of the first table (at most 8 keys: it does
  // not grow). After each erase every other key must still be found: an entry moved before
  // its home, or left behind a hole, would be lost.
  const std::vector<std::vector<std::pair<std::uint64_t, std::uint64_t>>> runs{
      {{14, 1}, {15, 2}, {15, 3}},         // the third wraps to slot 0
      {{15, 1}, {15, 2}, {0, 3}, {0, 4}},  // homes 15 and 0, all shifted across the end
      {{13, 1}, {15, 2}, {14, 3}, {15, 4}, {1, 5}, {0, 6}},
      {{15, 1}, {15, 2}, {15, 3}, {15, 4}, {15, 5}, {15, 6}, {15, 7}, {15, 8}}};
  for (const auto& run : runs)
    for (std::size_t gone = 0; gone < run.size(); ++gone) {
      key_map<std::uint64_t> m;
      for (const auto& [home, low] : run) m.insert_or_assign(key_at(home, low), low);
      m.erase(key_at(run[gone].first, run[gone].second));
      CHECK(m.size() == run.size() - 1);
      for (std::size_t i = 0; i < run.size(); ++i) {
        const std::uint64_t key = key_at(run[i].first, run[i].second);
        INFO("run of " << run.size() << ", erased " << gone << ", looking for " << i);
        if (i == gone) {
          CHECK(m.find(key) == nullptr);
        } else {
          REQUIRE(m.find(key) != nullptr);
          CHECK(*m.find(key) == run[i].second);
        }
      }
    }
}

TEST_CASE("a key map agrees with std::map over many inserts and erases", "[key_map]") {
  // Random keys (few distinct ones, then many) against a reference, through growth, reuse of
  // freed places and erases of absent keys; the runs around the table's end are the test
  // above's.
  const std::uint64_t range = GENERATE(as<std::uint64_t>{}, 40, 1000, 1u << 20);
  key_map<std::pair<std::uint64_t, std::string>> m;
  std::map<std::uint64_t, std::string> want;
  lcg r{range};
  for (int step = 0; step < 20000; ++step) {
    const std::uint64_t key = (r.next() % range) << (range == 40 ? 32 : 0) | (r.next() % 3);
    if (r.next() % 3 == 0) {
      m.erase(key);
      want.erase(key);
    } else {
      const std::string v = std::to_string(step);
      m.insert_or_assign(key, {key, v});
      want[key] = v;
    }
    REQUIRE(m.size() == want.size());
    if (step % 97 == 0) REQUIRE(entries(m) == want);
  }
  for (const auto& [key, v] : want) {
    auto* found = m.find(key);
    REQUIRE(found != nullptr);
    CHECK(found->second == v);
  }
  CHECK(m.find(range << 34) == nullptr);
  // Emptied one by one, then filled again: every place is reused, nothing is left behind.
  for (const auto& [key, v] : want) m.erase(key);
  CHECK(m.empty());
  CHECK(entries(m).empty());
  m.insert_or_assign(5, {5, "again"});
  CHECK(entries(m) == std::map<std::uint64_t, std::string>{{5, "again"}});
}
