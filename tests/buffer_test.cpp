#include <hotdog/buffer.hpp>

#include <catch2/catch.hpp>

#include <deque>
#include <memory>
#include <optional>
#include <string>

using namespace hotdog;
using ints = std::deque<int>;

TEST_CASE("buffer policies are named as scenarios spell them", "[buffer]") {
  CHECK(to_string(buffer_policy::fixed) == "fixed");
  CHECK(to_string(buffer_policy::dropping) == "dropping");
  CHECK(to_string(buffer_policy::sliding) == "sliding");
}

TEST_CASE("a fixed buffer holds up to its capacity, first in first out", "[buffer]") {
  buffer<int> b(3, buffer_policy::fixed);
  CHECK(b.capacity() == 3);
  CHECK(b.policy() == buffer_policy::fixed);
  CHECK(b.empty());
  CHECK_FALSE(b.full());
  for (int v : {1, 2, 3}) CHECK(b.push(v) == std::nullopt);
  CHECK(b.size() == 3);
  CHECK(b.full());
  CHECK(b.values() == ints{1, 2, 3});
  CHECK(b.pop() == 1);
  CHECK_FALSE(b.full());
  CHECK(b.push(4) == std::nullopt);
  CHECK(b.values() == ints{2, 3, 4});
  CHECK(b.pop() == 2);
  CHECK(b.pop() == 3);
  CHECK(b.pop() == 4);
  CHECK(b.empty());
}

TEST_CASE("a buffer of capacity 0 is a rendezvous: a fixed one is always full", "[buffer]") {
  buffer<int> b(0, buffer_policy::fixed);
  CHECK(b.full());
  CHECK(b.empty());
  CHECK(b.slots() == 0);
}

TEST_CASE("a dropping buffer is never full and discards the new value", "[buffer]") {
  buffer<std::string> b(2, buffer_policy::dropping);
  CHECK(b.push("a") == std::nullopt);
  CHECK(b.push("b") == std::nullopt);
  CHECK_FALSE(b.full());  // core.async: full? is always false for a dropping buffer
  CHECK(b.push("c") == std::optional<std::string>("c"));
  CHECK(b.push("d") == std::optional<std::string>("d"));
  CHECK(b.size() == 2);
  CHECK(b.values() == std::deque<std::string>{"a", "b"});
  CHECK(b.pop() == "a");
  CHECK(b.push("e") == std::nullopt);
  CHECK(b.values() == std::deque<std::string>{"b", "e"});
}

TEST_CASE("a sliding buffer is never full and discards its oldest value", "[buffer]") {
  buffer<std::string> b(2, buffer_policy::sliding);
  CHECK(b.push("a") == std::nullopt);
  CHECK(b.push("b") == std::nullopt);
  CHECK_FALSE(b.full());
  CHECK(b.push("c") == std::optional<std::string>("a"));
  CHECK(b.push("d") == std::optional<std::string>("b"));
  CHECK(b.size() == 2);
  CHECK(b.values() == std::deque<std::string>{"c", "d"});

  buffer<int> one(1, buffer_policy::sliding);
  CHECK(one.push(1) == std::nullopt);
  CHECK(one.push(2) == std::optional<int>(1));
  CHECK(one.push(3) == std::optional<int>(2));
  CHECK(one.values() == ints{3});
}

TEST_CASE("a buffer's slots grow by doubling with what it holds, up to its capacity", "[buffer]") {
  SECTION("a large buffer allocates only for what it holds") {
    buffer<int> b(10, buffer_policy::fixed);
    CHECK(b.slots() == 0);
    b.push(0);
    CHECK(b.slots() == 4);
    for (int i = 1; i < 5; ++i) b.push(i);
    CHECK(b.slots() == 8);
    for (int i = 5; i < 9; ++i) b.push(i);
    CHECK(b.slots() == 10);  // not 16: never past the capacity
    b.push(9);
    CHECK(b.slots() == 10);
    CHECK(b.values() == ints{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  }
  SECTION("a small buffer never allocates more than its capacity") {
    buffer<int> b(3, buffer_policy::sliding);
    b.push(1);
    CHECK(b.slots() == 3);
    for (int i = 2; i < 10; ++i) b.push(i);
    CHECK(b.slots() == 3);
    CHECK(b.values() == ints{7, 8, 9});
  }
  SECTION("a steady flow through a short queue allocates nothing more") {
    buffer<int> b(1000, buffer_policy::fixed);
    for (int i = 0; i < 10000; ++i) {
      b.push(i);
      b.push(i);
      b.pop();
      b.pop();
    }
    CHECK(b.slots() == 4);
    CHECK(b.empty());
  }
}

TEST_CASE("values() is a copy, oldest first, also after the ring wraps", "[buffer]") {
  buffer<int> b(4, buffer_policy::sliding);
  for (int i = 0; i < 7; ++i) b.push(i);  // head has moved round the ring
  const auto snap = b.values();
  CHECK(snap == ints{3, 4, 5, 6});
  b.pop();
  b.push(7);
  CHECK(snap == ints{3, 4, 5, 6});
  CHECK(b.values() == ints{4, 5, 6, 7});
}

TEST_CASE("a buffer holds move-only values and destroys what it still holds", "[buffer]") {
  auto probe = std::make_shared<int>(0);
  {
    buffer<std::unique_ptr<std::shared_ptr<int>>> b(2, buffer_policy::sliding);
    for (int i = 0; i < 3; ++i) b.push(std::make_unique<std::shared_ptr<int>>(probe));
    CHECK(probe.use_count() == 3);  // one slid out and destroyed, two held
  }
  CHECK(probe.use_count() == 1);
}

TEST_CASE("a fixed buffer never discards a value", "[buffer]") {
  // core.async's FixedBuffer adds past n (full? only tells the channel to stop putting); it
  // never throws a value away, so a value pushed while full is kept, after the others.
  buffer<int> b(2, buffer_policy::fixed);
  b.push(1);
  b.push(2);
  REQUIRE(b.full());
  CHECK(b.push(3) == std::nullopt);
  CHECK(b.values() == ints{1, 2, 3});
  CHECK(b.full());
  CHECK(b.pop() == 1);
  CHECK(b.pop() == 2);
  CHECK_FALSE(b.full());
  CHECK(b.pop() == 3);
  CHECK(b.empty());
}
