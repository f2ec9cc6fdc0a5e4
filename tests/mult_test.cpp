#include <hotdog/mult.hpp>

#include <hotdog/collect.hpp>
#include <hotdog/onto_chan.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

using namespace hotdog;
using namespace hotdog::test;

TEST_CASE("a mult gives every value to every tap, in order, and closes them", "[mult]") {
  combinator_world w;
  auto src = w.make("src");
  auto a = w.make("a", 5);
  auto b = w.make("b", 5);
  mult<std::string> m(src);
  m.tap(a);
  m.tap(b);
  onto_chan(src, strings{"1", "2"});
  w.rt.run();
  CHECK(a.inspect().buffered == strings{"1", "2"});
  CHECK(b.inspect().buffered == strings{"1", "2"});
  CHECK(a.inspect().closed);
  CHECK(b.inspect().closed);
}

TEST_CASE("a mult takes the next value only when every tap has accepted the last", "[mult]") {
  combinator_world w;
  auto src = w.make("src");
  auto slow = w.make("slow");
  auto fast = w.make("fast");
  mult<std::string> m(src);
  m.tap(slow);
  m.tap(fast);
  w.go("feeder", [src](process& p) -> task<void> {
    co_await p.put(src, std::string("1"));
    co_await p.put(src, std::string("2"));
  });
  w.go("fast", [fast](process& p) -> task<void> {
    co_await p.take(fast);
    co_await p.take(fast);
  });
  w.go("slow", [slow](process& p) -> task<void> {
    co_await p.sleep(10);
    co_await p.take(slow);
    co_await p.take(slow);
  });
  w.rt.run();
  CHECK(w.story() == strings{
                         // the mult takes "1" at once (a put to a mult completes when it takes)
                         "0 feeder put chan=\"src\" value=\"1\" ok=true",
                         // fast gets "1" without waiting for slow
                         "0 fast take chan=\"fast\" value=\"1\"",
                         // "2" is taken only once slow has accepted "1"
                         "10 slow take chan=\"slow\" value=\"1\"",
                         "10 feeder put chan=\"src\" value=\"2\" ok=true",
                         // slow, tapped first and already waiting, is woken first
                         "10 slow take chan=\"slow\" value=\"2\"",
                         "10 fast take chan=\"fast\" value=\"2\"",
                     });
}

TEST_CASE("a mult with no tap drops the value / a tap gets only later values", "[mult]") {
  combinator_world w;
  auto src = w.make("src", 1);
  auto a = w.make("a", 5);
  mult<std::string> m(src);
  w.go("feeder", [src, a, m](process& p) mutable -> task<void> {
    co_await p.put(src, std::string("dropped"));
    co_await p.sleep(1);
    m.tap(a);
    co_await p.put(src, std::string("kept"));
    p.close(src);
    co_await p.sleep(1);  // the run ends with its last process: let the mult finish
  });
  w.rt.run();
  CHECK(a.inspect().buffered == strings{"kept"});
  CHECK(a.inspect().closed);
}

TEST_CASE("a tap with close false stays open when the source closes", "[mult]") {
  combinator_world w;
  auto src = w.make("src");
  auto open = w.make("open", 5);
  auto shut = w.make("shut", 5);
  mult<std::string> m(src);
  m.tap(open, false);
  m.tap(shut);
  onto_chan(src, strings{"v"});
  w.rt.run();
  CHECK(open.inspect().buffered == strings{"v"});
  CHECK_FALSE(open.inspect().closed);
  CHECK(shut.inspect().closed);
}

TEST_CASE("untap and untap_all stop the values / the untapped channel stays open", "[mult]") {
  combinator_world w;
  auto src = w.make("src", 1);
  auto a = w.make("a", 5);
  auto b = w.make("b", 5);
  mult<std::string> m(src);
  m.tap(a);
  m.tap(b);
  w.go("feeder", [src, a, m](process& p) mutable -> task<void> {
    co_await p.put(src, std::string("1"));
    co_await p.sleep(1);
    m.untap(a);
    co_await p.put(src, std::string("2"));
    co_await p.sleep(1);
    m.untap_all();
    co_await p.put(src, std::string("3"));
    co_await p.sleep(1);
    p.close(src);
  });
  w.rt.run();
  CHECK(a.inspect().buffered == strings{"1"});
  CHECK(b.inspect().buffered == strings{"1", "2"});
  CHECK_FALSE(a.inspect().closed);
  CHECK_FALSE(b.inspect().closed);
}

TEST_CASE("a closed tap is untapped / the others go on", "[mult]") {
  combinator_world w;
  auto src = w.make("src");
  auto gone = w.make("gone");
  auto b = w.make("b", 5);
  gone.close();
  mult<std::string> m(src);
  m.tap(gone);
  m.tap(b);
  onto_chan(src, strings{"1", "2"});
  w.rt.run();
  CHECK(b.inspect().buffered == strings{"1", "2"});
}

TEST_CASE("a mult in real time: every tap gets every value, in order", "[mult][realtime]") {
  realtime_runtime rt(1, 4);
  auto src = make_channel<std::string>(rt, "src");
  mult<std::string> m(src);
  std::vector<channel<std::string>> taps;
  std::vector<strings> got(3);
  for (std::size_t k = 0; k < 3; ++k) {
    taps.push_back(m.tap(make_channel<std::string>(rt, "t" + std::to_string(k), k)));
    rt.spawn({"t" + std::to_string(k), process_mode::go, false, 0},
             [c = taps[k], &out = got[k]](process&) -> task<void> { out = co_await collect(c); });
  }
  strings vs;
  for (int i = 0; i < 300; ++i) vs.push_back(std::to_string(i));
  rt.spawn({"feeder", process_mode::go, false, 0}, [src, vs](process& p) -> task<void> {
    for (const auto& v : vs) co_await p.put(src, v);
    p.close(src);
  });
  CHECK(rt.run().reason == end_reason::done);
  for (const auto& g : got) CHECK(g == vs);
}

TEST_CASE("a mult in real time: a tap closed and one added while it runs", "[mult][realtime]") {
  // The puts' handlers run on the pool's threads, untap a closed tap and count the taps that
  // accepted; taps change between values. Every remaining tap gets every value in order, the
  // late tap a whole suffix of them. The quitter's buffer has room for every value, so no put
  // to it waits when it is closed (a waiting put would wait for ever, as in core.async).
  realtime_runtime rt(1, 4);
  auto src = make_channel<std::string>(rt, "src");
  mult<std::string> m(src);
  auto steady = m.tap(make_channel<std::string>(rt, "steady", 1));
  auto quitter = m.tap(make_channel<std::string>(rt, "quitter", 1000));
  auto late = make_channel<std::string>(rt, "late", 2);
  strings got_steady, got_quitter, got_late;
  rt.spawn({"steady", process_mode::go, false, 0},
           [c = steady, &out = got_steady](process&) -> task<void> { out = co_await collect(c); });
  rt.spawn({"quitter", process_mode::go, false, 0},
           [c = quitter, &out = got_quitter](process& p) -> task<void> {
             for (int i = 0; i < 50; ++i) out.push_back(*co_await p.take(c));
             p.close(c);
           });
  rt.spawn({"late", process_mode::go, false, 0},
           [c = late, &out = got_late](process&) -> task<void> { out = co_await collect(c); });
  strings vs;
  for (int i = 0; i < 1000; ++i) vs.push_back(std::to_string(i));
  rt.spawn({"feeder", process_mode::go, false, 0},
           [src, vs, m, late](process& p) mutable -> task<void> {
             for (std::size_t i = 0; i < vs.size(); ++i) {
               if (i == 500) m.tap(late);
               co_await p.put(src, vs[i]);
             }
             p.close(src);
           });
  CHECK(rt.run().reason == end_reason::done);
  CHECK(got_steady == vs);
  CHECK(got_quitter == strings(vs.begin(), vs.begin() + 50));
  REQUIRE(got_late.size() >= 500);
  CHECK(got_late == strings(vs.end() - static_cast<std::ptrdiff_t>(got_late.size()), vs.end()));
}
