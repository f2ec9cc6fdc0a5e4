#include <hotdog/promise_chan.hpp>

#include <hotdog/alts.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace hotdog;
using namespace hotdog::test;

TEST_CASE("a promise channel gives its first value to every take, now and later",
          "[promise_chan]") {
  combinator_world w;
  auto pc = promise_chan<std::string>(w.rt.get_executor(), "pc");
  CHECK(pc.promise());
  w.go("early", [pc](process& p) -> task<void> { co_await p.take(pc); });
  w.go("putter", [pc](process& p) -> task<void> {
    co_await p.put(pc, std::string("first"));
    co_await p.put(pc, std::string("second"));  // true, and dropped
  });
  w.go("late", [pc](process& p) -> task<void> {
    co_await p.take(pc);
    co_await p.take(pc);
  });
  w.rt.run();
  CHECK(w.story() == strings{
                         "0 putter put chan=\"pc\" value=\"first\" ok=true",
                         "0 putter put chan=\"pc\" value=\"second\" ok=true",
                         "0 late take chan=\"pc\" value=\"first\"",
                         "0 late take chan=\"pc\" value=\"first\"",
                         "0 early take chan=\"pc\" value=\"first\"",
                     });
  CHECK(pc.inspect().buffered == strings{"first"});
}

TEST_CASE("a closed promise channel still gives its value and refuses puts", "[promise_chan]") {
  combinator_world w;
  auto pc = promise_chan<std::string>(w.rt.get_executor(), "pc");
  w.go("p", [pc](process& p) -> task<void> {
    co_await p.put(pc, std::string("v"));
    p.close(pc);
    co_await p.put(pc, std::string("w"));
    co_await p.take(pc);
    co_await p.poll(pc);
    co_await p.offer(pc, std::string("x"));
  });
  w.rt.run();
  CHECK(w.rec.of("p", "put").back() == "0 p put chan=\"pc\" value=\"w\" ok=false");
  CHECK(w.rec.of("p", "take") == strings{"0 p take chan=\"pc\" value=\"v\""});
  CHECK(w.rec.of("p", "poll") == strings{"0 p poll chan=\"pc\" value=\"v\""});
  CHECK(w.rec.of("p", "offer") == strings{"0 p offer chan=\"pc\" value=\"x\" ok=false"});
}

TEST_CASE("a promise channel closed with no value gives nil to takes now and later",
          "[promise_chan]") {
  combinator_world w;
  auto pc = promise_chan<std::string>(w.rt.get_executor(), "pc");
  w.go("waiter", [pc](process& p) -> task<void> { co_await p.take(pc); });
  w.go("closer", [pc](process& p) -> task<void> {
    p.close(pc);
    co_await p.take(pc);
  });
  w.rt.run();
  CHECK(w.story() ==
        strings{"0 closer take chan=\"pc\" value=null", "0 waiter take chan=\"pc\" value=null"});
}

TEST_CASE("a promise channel is a ready arm of an alts once it has its value", "[promise_chan]") {
  combinator_world w;
  auto pc = promise_chan<std::string>(w.rt.get_executor(), "pc");
  auto other = w.make("other");
  w.go("p", [pc, other](process& p) -> task<void> {
    co_await p.put(pc, std::string("v"));
    for (int i = 0; i < 2; ++i)
      co_await p.alts(alt_ops(alt_op<std::string>::take(other), alt_op<std::string>::take(pc)));
  });
  w.rt.run();
  CHECK(w.rec.of("p", "alts") ==
        strings{"0 p alts port=\"pc\" value=\"v\"", "0 p alts port=\"pc\" value=\"v\""});
}

TEST_CASE("a promise channel takes no buffer", "[promise_chan]") {
  combinator_world w;
  channel_options<std::string> opts;
  opts.promise = true;
  opts.capacity = 1;
  CHECK_THROWS_AS(channel<std::string>(w.rt.get_executor(), opts), std::invalid_argument);
}

TEST_CASE("a promise channel in real time: every take gets the one first value",
          "[promise_chan][realtime]") {
  realtime_runtime rt(1, 4);
  auto pc = promise_chan<std::string>(rt.get_executor(), "pc");
  std::vector<std::string> got(8);
  std::vector<int> puts_ok(4, 0);
  for (std::size_t k = 0; k < 8; ++k)
    rt.spawn({"t" + std::to_string(k), process_mode::go, false, 0},
             [pc, &out = got[k]](process& p) -> task<void> { out = *co_await p.take(pc); });
  for (std::size_t k = 0; k < 4; ++k)
    rt.spawn({"p" + std::to_string(k), process_mode::go, false, 0},
             [pc, k, &ok = puts_ok[k]](process& p) -> task<void> {
               ok = co_await p.put(pc, "v" + std::to_string(k)) ? 1 : 0;
             });
  CHECK(rt.run().reason == end_reason::done);
  for (const auto& g : got) CHECK(g == got[0]);
  CHECK(pc.inspect().buffered == strings{got[0]});
  CHECK(puts_ok == std::vector<int>{1, 1, 1, 1});
}
