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

TEST_CASE("a key map agrees with std::map over many inserts and erases", "[key_map]") {
  // Keys from a small range collide and form long runs that wrap around the table's end;
  // erasing from the middle of such runs is what the backward shift must get right.
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
