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
#include <type_traits>
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

// A value aligned beyond what the pool hands out, carried by a channel.
struct alignas(64) wide_value {
  std::uint64_t n = 0;
};

// Whose move may throw: a ring grows by copying it instead, so a copy that throws (the
// `copies_left`-th from now, once armed) leaves the ring's values as they were.
struct fragile {
  static inline int copies_left = -1;  // -1: never throws
  std::string text;
  explicit fragile(std::string t) : text(std::move(t)) {}
  fragile(const fragile& o) : text(o.text) {
    if (copies_left > 0 && --copies_left == 0) throw std::runtime_error("copy failed");
  }
  fragile(fragile&& o) noexcept(false) : text(std::move(o.text)) {}
  fragile& operator=(const fragile&) = default;
  fragile& operator=(fragile&&) = default;
};

struct counter {
  int n = 0;
  int add(int k) { return n += k; }
};

int twice(int x) { return 2 * x; }

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
  std::array<std::uint64_t, 16> ballast{};  // too large to be held inline: the pooled path
  ballast[15] = 1000;
  int seen = 0;
  rt.spawn({"owner"}, [c, owned = std::move(owned), ballast](process& p) -> task<void> {
    co_await p.put(c, *owned + static_cast<int>(ballast[15]));
  });
  rt.spawn({"taker"}, [c, &seen](process& p) -> task<void> {
    auto v = co_await p.take(c);
    seen = v.value_or(0);
  });
  CHECK(rt.run().reason == end_reason::done);
  CHECK(seen == 1042);
}

#if HOTDOG_FRAME_POOL
TEST_CASE("a block given back is the next one handed out at its size", "[pool]") {
  // Only where the pool is on (not under AddressSanitizer, which wants every block fresh).
  pool_allocator<std::array<char, 200>> a;
  auto* first = a.allocate(1);
  a.deallocate(first, 1);
  auto* second = a.allocate(1);
  CHECK(second == first);
  a.deallocate(second, 1);
  unique_function<std::uint64_t(std::uint64_t)> f{big_callable(3)};
  unique_function<std::uint64_t(std::uint64_t)> g;
  f.reset();
  g = big_callable(4);  // takes the block f gave back, and holds its own value
  CHECK(g(0) == 8);
}
#endif

TEST_CASE("a channel and a ring of an over-aligned type hold it where it belongs", "[pool]") {
  // The ring's slots come from the heap, aligned (the pool cannot align beyond 16 bytes).
  ring<wide_value> r;
  for (std::uint64_t i = 0; i < 40; ++i) r.push_back(wide_value{i});
  for (std::size_t i = 0; i < r.size(); ++i) {
    CHECK(reinterpret_cast<std::uintptr_t>(&r[i]) % 64 == 0);
    CHECK(r[i].n == i);
  }
  // A channel of it: made, buffered and drained in order. (Where a coroutine frame puts its
  // own over-aligned locals is the compiler's affair, not checked here: g++ 12 does not
  // align them beyond 16 bytes.)
  deterministic_runtime rt;
  auto c = make_channel<wide_value>(rt, "c", 4);
  std::vector<std::uint64_t> seen;
  rt.spawn({"putter"}, [c](process& p) mutable -> task<void> {
    for (std::uint64_t i = 1; i <= 20; ++i) co_await p.put(c, wide_value{i});
    c.close();
  });
  rt.spawn({"taker"}, [c, &seen](process& p) -> task<void> {
    while (auto v = co_await p.take(c)) seen.push_back(v->n);
  });
  CHECK(rt.run().reason == end_reason::done);
  REQUIRE(seen.size() == 20);
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i + 1);
}

TEST_CASE("a ring whose growth fails keeps its values", "[pool]") {
  ring<fragile> r;
  for (int i = 0; i < 4; ++i) r.push_back(fragile("v" + std::to_string(i)));
  REQUIRE(r.slots() == 4);
  // The third copy into the new slots throws: the two made are destroyed, the new array freed.
  fragile::copies_left = 3;
  CHECK_THROWS_AS(r.push_back(fragile("v4")), std::runtime_error);
  fragile::copies_left = -1;
  CHECK(r.slots() == 4);
  REQUIRE(r.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) CHECK(r[i].text == "v" + std::to_string(i));
  r.push_back(fragile("v4"));
  CHECK(r.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(r[i].text == "v" + std::to_string(i));
}

TEST_CASE("a function wrapper takes what std::function takes", "[pool]") {
  unique_function<int(int)> empty_from_null_pointer{static_cast<int (*)(int)>(nullptr)};
  CHECK_FALSE(empty_from_null_pointer);
  unique_function<int(int)> empty{nullptr};
  CHECK_FALSE(empty);
  unique_function<int(int)> plain{&twice};
  CHECK(plain(21) == 42);
  unique_function<int(counter&, int)> member{&counter::add};
  counter k;
  CHECK(member(k, 2) == 2);
  CHECK(member(k, 3) == 5);
  unique_function<void(int)> drops_result{&twice};  // its int is dropped, as std::function does
  drops_result(1);
  CHECK(std::is_constructible_v<unique_function<int(int)>, int (*)(int)>);
  CHECK_FALSE(std::is_constructible_v<unique_function<int(int)>, int (*)(std::string)>);
  CHECK_FALSE(std::is_constructible_v<unique_function<int(int)>, int>);
}

TEST_CASE("a process without a body is refused when it is spawned", "[pool]") {
  deterministic_runtime rt;
  CHECK_THROWS_WITH(rt.spawn({"ghost"}, process_body{}),
                    Catch::Contains("\"ghost\"") && Catch::Contains("no body"));
  CHECK(rt.run().reason == end_reason::done);
}
