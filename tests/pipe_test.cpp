#include <hotdog/pipe.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

using namespace hotdog;
using namespace hotdog::test;

TEST_CASE("pipe moves each value on, in order, and closes to when from closes", "[pipe]") {
  combinator_world w;
  auto from = w.make("from");
  auto to = w.make("to");
  pipe(from, to);
  w.go("src", [from](process& p) -> task<void> {
    co_await p.put(from, std::string("a"));
    co_await p.put(from, std::string("b"));
    p.close(from);
  });
  w.go("dst", drain(to));
  CHECK(w.rt.run().reason == end_reason::done);
  CHECK(w.story() == strings{
                         "0 src put chan=\"from\" value=\"a\" ok=true",
                         // the pipe took b (src's put completes) before dst woke with a
                         "0 src put chan=\"from\" value=\"b\" ok=true",
                         "0 dst take chan=\"to\" value=\"a\"",
                         "0 dst take chan=\"to\" value=\"b\"",
                         "0 dst take chan=\"to\" value=null",
                         "0 dst log msg=\"closed\"",
                     });
}

TEST_CASE("pipe with close_to false leaves to open", "[pipe]") {
  combinator_world w;
  auto from = w.make("from", 2);
  auto to = w.make("to", 2);
  pipe(from, to, false);
  w.go("src", [from](process& p) -> task<void> {
    co_await p.put(from, std::string("a"));
    p.close(from);
  });
  w.go("dst", [to](process& p) -> task<void> {
    auto v = co_await p.take(to);
    p.log(*v);
    auto more = co_await p.poll(to);
    p.log(more ? *more : std::string("nothing, still open"));
  });
  w.rt.run();
  CHECK(w.rec.of("dst", "log") ==
        strings{"0 dst log msg=\"a\"", "0 dst log msg=\"nothing, still open\""});
  CHECK_FALSE(to.inspect().closed);
}

TEST_CASE("pipe stops once to is closed: the value in hand is lost, from stays open", "[pipe]") {
  combinator_world w;
  auto from = w.make("from", 3);
  auto to = w.make("to");
  to.close();
  pipe(from, to);
  w.go("src", [from](process& p) -> task<void> {
    co_await p.put(from, std::string("lost"));
    co_await p.put(from, std::string("kept"));
  });
  w.rt.run();
  auto s = from.inspect();
  CHECK_FALSE(s.closed);
  CHECK(s.buffered == strings{"kept"});
}

TEST_CASE("pipe in real time delivers every value once, in order", "[pipe][realtime]") {
  realtime_runtime rt(1, 4);
  auto from = make_channel<std::string>(rt, "from", 1);
  auto to = make_channel<std::string>(rt, "to", 1);
  pipe(from, to);
  strings got;
  rt.spawn({"src", process_mode::go, false, 0}, [from](process& p) -> task<void> {
    for (int i = 0; i < 500; ++i) co_await p.put(from, std::to_string(i));
    p.close(from);
  });
  rt.spawn({"dst", process_mode::go, false, 0}, [to, &got](process& p) -> task<void> {
    while (auto v = co_await p.take(to)) got.push_back(*v);
  });
  CHECK(rt.run().reason == end_reason::done);
  REQUIRE(got.size() == 500);
  for (int i = 0; i < 500; ++i) CHECK(got[static_cast<std::size_t>(i)] == std::to_string(i));
}
