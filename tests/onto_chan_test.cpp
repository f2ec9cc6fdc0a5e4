#include <hotdog/onto_chan.hpp>

#include <hotdog/collect.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

using namespace hotdog;
using namespace hotdog::test;

TEST_CASE("onto_chan puts the values in order, each after the one before, then closes",
          "[onto_chan]") {
  combinator_world w;
  auto c = w.make("c");
  onto_chan(c, strings{"1", "2"});
  w.go("dst", drain(c));
  w.rt.run();
  CHECK(w.story() == strings{"0 dst take chan=\"c\" value=\"1\"",
                             "0 dst take chan=\"c\" value=\"2\"",
                             "0 dst take chan=\"c\" value=null", "0 dst log msg=\"closed\""});
}

TEST_CASE("onto_chan with close false leaves the channel open", "[onto_chan]") {
  combinator_world w;
  auto c = w.make("c", 5);
  onto_chan(c, strings{"1", "2"}, false);
  w.rt.run();
  auto s = c.inspect();
  CHECK(s.buffered == strings{"1", "2"});
  CHECK_FALSE(s.closed);
}

TEST_CASE("onto_chan on a closed channel drops every value", "[onto_chan]") {
  combinator_world w;
  auto c = w.make("c", 5);
  c.close();
  onto_chan(c, strings{"1", "2"}, false);
  w.rt.run();
  CHECK(c.inspect().buffered.empty());
}

TEST_CASE("onto_chan stops at the first put that finds the channel closed", "[onto_chan]") {
  combinator_world w;
  auto c = w.make("c");
  onto_chan(c, strings{"1", "2", "3"});
  w.go("dst", [c](process& p) -> task<void> {
    p.log(*co_await p.take(c));
    p.close(c);
    auto v = co_await p.take(c);
    // the loop had not yet put "2" when c closed: that put gives false and ends it
    p.log(v ? *v : std::string("nil"));
    v = co_await p.take(c);
    p.log(v ? *v : std::string("nil"));
  });
  w.rt.run();
  CHECK(w.rec.of("dst", "log") ==
        strings{"0 dst log msg=\"1\"", "0 dst log msg=\"nil\"", "0 dst log msg=\"nil\""});
  CHECK(c.inspect().waiting_puts == 0);
}

TEST_CASE("to_chan gives the values in order, then nil", "[onto_chan]") {
  combinator_world w;
  auto c = to_chan(w.rt.get_executor(), strings{"a", "b", "c"});
  CHECK(c.capacity() == 3);
  strings got;
  w.go("dst", [c, &got](process&) -> task<void> { got = co_await collect(c); });
  w.rt.run();
  CHECK(got == strings{"a", "b", "c"});
  CHECK(to_chan(w.rt.get_executor(), strings(150, "x")).capacity() == 100);
  CHECK(to_chan(w.rt.get_executor(), strings{}).capacity() == 0);
}

TEST_CASE("onto_chan in real time: two feeders, every value once, each feeder's in order",
          "[onto_chan][realtime]") {
  realtime_runtime rt(1, 4);
  auto c = make_channel<std::string>(rt, "c", 2);
  strings a, b;
  for (int i = 0; i < 300; ++i) {
    a.push_back("a" + std::to_string(i));
    b.push_back("b" + std::to_string(i));
  }
  onto_chan(c, a, false);
  onto_chan(c, b, false);
  strings got;
  rt.spawn({"dst", process_mode::go, false, 0}, [c, &got](process& p) -> task<void> {
    for (int i = 0; i < 600; ++i) got.push_back(*co_await p.take(c));
  });
  CHECK(rt.run().reason == end_reason::done);
  strings got_a, got_b;
  for (auto& v : got) (v[0] == 'a' ? got_a : got_b).push_back(v);
  CHECK(got_a == a);
  CHECK(got_b == b);
}

TEST_CASE("onto_chan's put waiting when the channel closes is still delivered", "[onto_chan]") {
  combinator_world w;
  auto c = w.make("c");
  onto_chan(c, strings{"1", "2"});
  w.go("closer", [c](process& p) -> task<void> {
    p.close(c);  // the loop already waits to put "1" (it started first)
    auto v = co_await p.take(c);
    p.log(v ? *v : std::string("nil"));
    v = co_await p.take(c);
    p.log(v ? *v : std::string("nil"));
  });
  w.rt.run();
  CHECK(w.rec.of("closer", "log") == strings{"0 closer log msg=\"1\"", "0 closer log msg=\"nil\""});
}
