// The objects a run makes per customer and now takes from the per-thread pool: a large
// callable in unique_function (a process's body, a timer's handler), a channel queue's array
// (detail::ring), a channel's state and a process. Each must be made, moved and destroyed
// exactly once, keep its values in order across growth, and give its block back: the
// sanitizer builds run these with the pool off, so a lost or twice-freed block fails there.

#include <hotdog/deterministic_runtime.hpp>
#include <hotdog/detail/pool_allocator.hpp>
#include <hotdog/detail/ring.hpp>
#include <hotdog/detail/unique_function.hpp>
#include <hotdog/process.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace hotdog;
using hotdog::detail::pool_allocator;
using hotdog::detail::ring;
using hotdog::detail::unique_function;

namespace {

// Counts the live copies of itself; far larger than unique_function's inline storage.
struct big_callable {
  static inline int live = 0;
  std::array<std::uint64_t, 32> payload{};
  explicit big_callable(std::uint64_t v) {
    payload.fill(v);
    ++live;
  }
  big_callable(const big_callable& o) : payload(o.payload) { ++live; }
  big_callable(big_callable&& o) noexcept : payload(o.payload) { ++live; }
  ~big_callable() { --live; }
  std::uint64_t operator()(std::uint64_t x) const { return payload[0] + payload[31] + x; }
};

// Throws from its copy: the block taken for it must go back.
struct throws_on_copy {
  std::array<std::uint64_t, 16> payload{};
  throws_on_copy() = default;
  throws_on_copy(const throws_on_copy&) { throw std::runtime_error("no copy"); }
  throws_on_copy(throws_on_copy&&) noexcept(false) { throw std::runtime_error("no move"); }
  int operator()(int x) const { return x; }
};

// Aligned beyond what the pool hands out: kept on the heap, still correct.
struct alignas(64) over_aligned {
  std::array<std::uint64_t, 16> payload{};
  int operator()(int x) const {
    return reinterpret_cast<std::uintptr_t>(this) % 64 == 0 ? x + 1 : -1;
  }
};

}  // namespace

TEST_CASE("a large callable is made, moved and destroyed exactly once", "[pool]") {
  REQUIRE(big_callable::live == 0);
  {
    unique_function<std::uint64_t(std::uint64_t)> f{big_callable(5)};
    CHECK(big_callable::live == 1);  // the temporary is gone, the held one remains
    CHECK(f(1) == 11);
    auto g = std::move(f);  // moves the pointer, not the callable
    CHECK(big_callable::live == 1);
    CHECK_FALSE(f);
    CHECK(g(2) == 12);
    unique_function<std::uint64_t(std::uint64_t)> h{big_callable(7)};
    CHECK(big_callable::live == 2);
    h = std::move(g);  // h's own callable is destroyed first
    CHECK(big_callable::live == 1);
    CHECK(h(0) == 10);
    h.reset();
    CHECK(big_callable::live == 0);
    h = big_callable(1);
    CHECK(big_callable::live == 1);
  }
  CHECK(big_callable::live == 0);
}

TEST_CASE("many large callables made and dropped reuse blocks without mixing them up", "[pool]") {
  std::vector<unique_function<std::uint64_t(std::uint64_t)>> fs;
  for (int round = 0; round < 3; ++round) {
    for (std::uint64_t i = 0; i < 3000; ++i) fs.emplace_back(big_callable(i));
    CHECK(big_callable::live == 3000);
    for (std::uint64_t i = 0; i < fs.size(); ++i) REQUIRE(fs[i](0) == 2 * i);
    // Drop every other one, then refill: freed blocks are taken again.
    for (std::size_t i = 0; i < fs.size(); i += 2) fs[i].reset();
    for (std::size_t i = 0; i < fs.size(); i += 2) fs[i] = big_callable(i + 1);
    for (std::uint64_t i = 0; i < fs.size(); ++i)
      REQUIRE(fs[i](0) == (i % 2 == 0 ? 2 * (i + 1) : 2 * i));
    fs.clear();
    CHECK(big_callable::live == 0);
  }
}

TEST_CASE("a callable whose copy throws leaves nothing behind", "[pool]") {
  const throws_on_copy t;
  using fn = unique_function<int(int)>;
  CHECK_THROWS_AS(fn(t), std::runtime_error);
  CHECK_THROWS_AS(fn(throws_on_copy{}), std::runtime_error);
}

TEST_CASE("an over-aligned callable keeps its alignment", "[pool]") {
  unique_function<int(int)> f{over_aligned{}};
  CHECK(f(1) == 2);
  auto g = std::move(f);
  CHECK(g(41) == 42);
}

TEST_CASE("a ring keeps its order across growth and reuse of its arrays", "[pool]") {
  for (int round = 0; round < 4; ++round) {
    ring<std::string> r;
    std::uint64_t next_in = 0, next_out = 0;
    // Pushes and pops interleaved so that the head wraps before each growth.
    for (int step = 0; step < 2000; ++step) {
      r.push_back("value number " + std::to_string(next_in++));
      if (step % 3 == 2) {
        REQUIRE(r.front() == "value number " + std::to_string(next_out++));
        r.pop_front();
      }
    }
    CHECK(r.size() == next_in - next_out);
    ring<std::string> moved = std::move(r);
    CHECK(r.empty());
    for (std::size_t i = 0; i < moved.size(); ++i)
      REQUIRE(moved[i] == "value number " + std::to_string(next_out + i));
  }
}

TEST_CASE("a ring grows only to its limit", "[pool]") {
  ring<int> r;
  for (int i = 0; i < 5; ++i) r.push_back(i, 5);
  CHECK(r.slots() == 5);
  for (int i = 0; i < 5; ++i) CHECK(r[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("the pool allocator hands out distinct, writable blocks of any size", "[pool]") {
  pool_allocator<std::uint64_t> a;
  std::vector<std::pair<std::uint64_t*, std::size_t>> blocks;
  for (std::size_t n : {1, 2, 3, 16, 255, 256, 257, 1000}) {
    std::uint64_t* p = a.allocate(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = n * 1000 + i;
    blocks.emplace_back(p, n);
  }
  for (auto [p, n] : blocks)
    for (std::size_t i = 0; i < n; ++i) REQUIRE(p[i] == n * 1000 + i);
  for (auto [p, n] : blocks) a.deallocate(p, n);
  CHECK_THROWS_AS(a.allocate(static_cast<std::size_t>(-1)), std::bad_array_new_length);
}

TEST_CASE("a process body may own what cannot be copied", "[pool]") {
  deterministic_runtime rt;
  auto c = make_channel<int>(rt, "c");
  auto owned = std::make_unique<int>(42);
  int seen = 0;
  rt.spawn({"owner"},
           [c, owned = std::move(owned)](process& p) -> task<void> { co_await p.put(c, *owned); });
  rt.spawn({"taker"}, [c, &seen](process& p) -> task<void> {
    auto v = co_await p.take(c);
    seen = v.value_or(0);
  });
  CHECK(rt.run().reason == end_reason::done);
  CHECK(seen == 42);
}
