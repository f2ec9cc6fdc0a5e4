#include <hotdog/pub.hpp>

#include <hotdog/collect.hpp>
#include <hotdog/onto_chan.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

using namespace hotdog;
using namespace hotdog::test;

namespace {
char first(const std::string& s) { return s.empty() ? ' ' : s[0]; }
}  // namespace

TEST_CASE("a pub gives each value to its topic's subscribers and drops the rest", "[pub]") {
  combinator_world w;
  auto src = w.make("src");
  auto a1 = w.make("a1", 5);
  auto a2 = w.make("a2", 5);
  auto b = w.make("b", 5);
  pub<std::string, char> p(src, first);
  p.sub('a', a1);
  p.sub('a', a2);
  p.sub('b', b);
  onto_chan(src, strings{"apple", "cherry", "banana", "avocado"});
  w.rt.run();
  CHECK(a1.inspect().buffered == strings{"apple", "avocado"});
  CHECK(a2.inspect().buffered == strings{"apple", "avocado"});
  CHECK(b.inspect().buffered == strings{"banana"});
  CHECK(a1.inspect().closed);
  CHECK(b.inspect().closed);
}

TEST_CASE("a pub waits for a topic's mult to take the value, not for the others", "[pub]") {
  combinator_world w;
  auto src = w.make("src");
  auto a = w.make("a");
  auto b = w.make("b");
  pub<std::string, char> pb(src, first);
  pb.sub('a', a);
  pb.sub('b', b);
  w.go("feeder", [src](process& p) -> task<void> {
    for (std::string v : {"a1", "a2", "b1", "a3"}) co_await p.put(src, v);
  });
  w.go("b", [b](process& p) -> task<void> { co_await p.take(b); });
  w.rt.run();
  // nobody takes from a: its mult holds "a1", the pub holds "a2" (its mult is busy), and
  // the feeder's "b1" waits behind it
  CHECK(w.story() == strings{
                         "0 feeder put chan=\"src\" value=\"a1\" ok=true",
                         "0 feeder put chan=\"src\" value=\"a2\" ok=true",
                     });
}

TEST_CASE("a subscriber with close false stays open / unsub stops its values", "[pub]") {
  combinator_world w;
  auto src = w.make("src", 1);
  auto keep = w.make("keep", 5);
  auto quit = w.make("quit", 5);
  pub<std::string, char> pb(src, first);
  pb.sub('x', keep, false);
  pb.sub('x', quit);
  w.go("feeder", [src, quit, pb](process& p) mutable -> task<void> {
    co_await p.put(src, std::string("x1"));
    co_await p.sleep(1);
    pb.unsub('x', quit);
    co_await p.put(src, std::string("x2"));
    co_await p.sleep(1);
    p.close(src);
  });
  w.rt.run();
  CHECK(keep.inspect().buffered == strings{"x1", "x2"});
  CHECK_FALSE(keep.inspect().closed);
  CHECK(quit.inspect().buffered == strings{"x1"});
  CHECK_FALSE(quit.inspect().closed);  // unsubscribed before the close
}

TEST_CASE("unsub_all forgets a topic, or all / its values are dropped", "[pub]") {
  combinator_world w;
  auto src = w.make("src", 1);
  auto a = w.make("a", 5);
  auto b = w.make("b", 5);
  pub<std::string, char> pb(src, first);
  pb.sub('a', a);
  pb.sub('b', b);
  w.go("feeder", [src, pb](process& p) mutable -> task<void> {
    pb.unsub_all('a');
    co_await p.put(src, std::string("a1"));
    co_await p.put(src, std::string("b1"));
    co_await p.sleep(1);
    pb.unsub_all();
    co_await p.put(src, std::string("b2"));
    co_await p.sleep(1);
    p.close(src);
  });
  w.rt.run();
  CHECK(a.inspect().buffered.empty());
  CHECK(b.inspect().buffered == strings{"b1"});
  // forgotten topics are not closed with the source, as in core.async
  CHECK_FALSE(a.inspect().closed);
  CHECK_FALSE(b.inspect().closed);
}

TEST_CASE("a pub in real time: each subscriber gets its topic's values, in order",
          "[pub][realtime]") {
  realtime_runtime rt(1, 4);
  auto src = make_channel<std::string>(rt, "src", 2);
  pub<std::string, char> pb(src, first);
  strings got_a, got_b, want_a, want_b;
  auto a = pb.sub('a', make_channel<std::string>(rt, "a"));
  auto b = pb.sub('b', make_channel<std::string>(rt, "b", 3));
  rt.spawn({"a", process_mode::go, false, 0},
           [a, &got_a](process&) -> task<void> { got_a = co_await collect(a); });
  rt.spawn({"b", process_mode::go, false, 0},
           [b, &got_b](process&) -> task<void> { got_b = co_await collect(b); });
  strings vs;
  for (int i = 0; i < 300; ++i) {
    vs.push_back(std::string(1, "abc"[i % 3]) + std::to_string(i));
    if (i % 3 == 0) want_a.push_back(vs.back());
    if (i % 3 == 1) want_b.push_back(vs.back());
  }
  onto_chan(src, vs);
  CHECK(rt.run().reason == end_reason::done);
  CHECK(got_a == want_a);
  CHECK(got_b == want_b);
}
