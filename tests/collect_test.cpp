#include <hotdog/collect.hpp>

#include <hotdog/onto_chan.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

using namespace hotdog;
using namespace hotdog::test;

TEST_CASE("collect takes until the channel is closed and drained", "[collect]") {
  combinator_world w;
  auto c = w.make("c", 1);
  strings got;
  w.go("dst", [c, &got](process& p) -> task<void> {
    got = co_await collect(c);
    p.log("collected");
  });
  w.go("src", [c](process& p) -> task<void> {
    co_await p.put(c, std::string("1"));
    co_await p.put(c, std::string("2"));
    p.close(c);
    p.log("closed");
  });
  w.rt.run();
  CHECK(got == strings{"1", "2"});
  // the close comes before collect sees nil, which ends it
  CHECK(w.story().back() == "0 dst log msg=\"collected\"");
}

TEST_CASE("collect of a closed, empty channel is empty / of a closed one, its buffer",
          "[collect]") {
  combinator_world w;
  auto empty = w.make("empty");
  empty.close();
  auto full = w.make("full", 2);
  onto_chan(full, strings{"x", "y"});
  strings a{"not"}, b;
  w.go("dst", [&, empty, full](process&) -> task<void> {
    a = co_await collect(empty);
    b = co_await collect(full);
  });
  w.rt.run();
  CHECK(a.empty());
  CHECK(b == strings{"x", "y"});
}

TEST_CASE("reduce folds every value, and gives init for a closed channel", "[collect]") {
  combinator_world w;
  auto c = to_chan(w.rt.get_executor(), strings{"a", "b", "c"});
  auto shut = w.make("shut");
  shut.close();
  std::string joined, none;
  w.go("dst", [&, c, shut](process&) -> task<void> {
    auto cat = [](std::string acc, std::string v) { return acc + v; };
    joined = co_await reduce<std::string>(cat, std::string(">"), c);
    none = co_await reduce<std::string>(cat, std::string("init"), shut);
  });
  w.rt.run();
  CHECK(joined == ">abc");
  CHECK(none == "init");
}
