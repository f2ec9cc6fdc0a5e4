#include <hotdog/xform.hpp>

#include <hotdog/channel.hpp>
#include <hotdog/collect.hpp>
#include <hotdog/onto_chan.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace hotdog;
using namespace hotdog::test;
using str = std::string;

namespace {

channel<str> with_xf(combinator_world& w, std::string name, std::size_t cap, xform<str> x,
                     buffer_policy policy = buffer_policy::fixed) {
  channel_options<str> opts;
  opts.name = std::move(name);
  opts.capacity = cap;
  opts.policy = policy;
  opts.xf = std::move(x);
  return channel<str>(w.rt.get_executor(), std::move(opts));
}

str join(std::vector<str> vs) {
  str out;
  for (auto& v : vs) out += v;
  return out;
}

// Puts every value (each put logged), then closes; then a taker drains the channel.
strings run_through(combinator_world& w, channel<str> c, strings values) {
  w.go("src", [c, values](process& p) -> task<void> {
    for (const auto& v : values) co_await p.put(c, v);
    p.close(c);
  });
  strings got;
  w.go("dst", [c, &got](process&) -> task<void> { got = co_await collect(c); });
  w.rt.run();
  return got;
}

}  // namespace

TEST_CASE("map, filter and remove apply to each value put, in order", "[xform]") {
  combinator_world w;
  auto c = with_xf(w, "c", 2,
                   xf::map<str>([](str v) { return v + v; }) | xf::filter<str>([](const str& v) {
                     return v != "bb";
                   }) | xf::remove<str>([](const str& v) { return v == "dd"; }));
  CHECK(run_through(w, c, {"a", "b", "c", "d"}) == strings{"aa", "cc"});
  // every put completed with true, the filtered ones too
  CHECK(w.rec.of("src", "put").size() == 4);
  for (const auto& l : w.rec.of("src", "put")) CHECK(l.ends_with("ok=true"));
}

TEST_CASE("mapcat may put more values into a buffer than its size", "[xform]") {
  combinator_world w;
  auto c = with_xf(w, "c", 1, xf::mapcat<str>([](str v) {
                     return strings{v + "1", v + "2", v + "3"};
                   }));
  w.go("src", [c](process& p) -> task<void> { co_await p.put(c, str("x")); });
  w.rt.run();
  CHECK(c.inspect().buffered == strings{"x1", "x2", "x3"});
}

TEST_CASE("take closes the channel at its nth value / puts waiting then complete true, lost",
          "[xform]") {
  combinator_world w;
  auto c = with_xf(w, "c", 1, xf::take<str>(2));
  for (str v : {"1", "2", "3"})
    w.go("put" + v, [c, v](process& p) -> task<void> { co_await p.put(c, v); });
  w.go("dst", [c](process& p) -> task<void> {
    co_await p.sleep(1);
    for (int i = 0; i < 3; ++i) co_await p.take(c);
    co_await p.put(c, str("late"));
  });
  w.rt.run();
  CHECK(w.story() == strings{
                         "0 put1 put chan=\"c\" value=\"1\" ok=true",
                         // the take of "1" moves "2" in: take's 2nd value closes c, and
                         // "3", waiting, completes with true and is lost
                         "1 dst take chan=\"c\" value=\"1\"",
                         "1 put2 put chan=\"c\" value=\"2\" ok=true",
                         "1 put3 put chan=\"c\" value=\"3\" ok=true",
                         "1 dst take chan=\"c\" value=\"2\"",
                         "1 dst take chan=\"c\" value=null",
                         "1 dst put chan=\"c\" value=\"late\" ok=false",
                     });
}

TEST_CASE("take 0 closes the channel at the first put, whose value is lost", "[xform]") {
  combinator_world w;
  auto c = with_xf(w, "c", 1, xf::take<str>(0));
  CHECK(run_through(w, c, {"a", "b"}).empty());
  CHECK(w.rec.of("src", "put") == strings{"0 src put chan=\"c\" value=\"a\" ok=true",
                                          "0 src put chan=\"c\" value=\"b\" ok=false"});
}

TEST_CASE("dedupe drops a value equal to the one before it", "[xform]") {
  combinator_world w;
  auto c = with_xf(w, "c", 1, xf::dedupe<str>());
  CHECK(run_through(w, c, {"a", "a", "b", "a", "a"}) == strings{"a", "b", "a"});
}

TEST_CASE("partition_all groups n values and flushes the last group at close", "[xform]") {
  combinator_world w;
  auto c = with_xf(w, "c", 1, xf::partition_all<str>(2, join));
  CHECK(run_through(w, c, {"a", "b", "c", "d", "e"}) == strings{"ab", "cd", "e"});

  combinator_world w2;
  auto d = with_xf(w2, "d", 1, xf::partition_all<str>(2, join));
  w2.go("dst", [d](process& p) -> task<void> { co_await p.take(d); });
  w2.go("src", [d](process& p) -> task<void> {
    co_await p.put(d, str("x"));
    p.close(d);  // a take waits: it gets the flushed group
  });
  w2.rt.run();
  CHECK(w2.rec.of("dst", "take") == strings{"0 dst take chan=\"d\" value=\"x\""});
  CHECK_THROWS_AS(xf::partition_all<str>(0, join), std::invalid_argument);
}

TEST_CASE("partition_all's group is not flushed when a put waits at close", "[xform]") {
  combinator_world w;
  auto c =
      with_xf(w, "c", 1,
              xf::partition_all<str>(3, join) | xf::map<str>([](str v) { return "[" + v + "]"; }));
  w.go("src", [c](process& p) -> task<void> {
    for (str v : {"a", "b", "c", "d", "e"}) co_await p.put(c, v);
  });
  w.go("closer", [c](process& p) -> task<void> {
    co_await p.sleep(1);
    p.close(c);  // "abc" fills the buffer, "d" in the stage, "e" waits
    co_await p.take(c);
    co_await p.take(c);
    co_await p.take(c);
  });
  w.rt.run();
  // core.async runs the completion only when no put waits: "de" is never given
  CHECK(w.rec.of("closer", "take") == strings{"1 closer take chan=\"c\" value=\"[abc]\"",
                                              "1 closer take chan=\"c\" value=null",
                                              "1 closer take chan=\"c\" value=null"});
}

TEST_CASE("a stage's error goes to ex_handler / without one, to the put that ran it", "[xform]") {
  combinator_world w;
  auto boom = xf::map<str>([](const str& v) {
    if (v.starts_with("bad")) throw std::runtime_error("bad value");
    return v;
  });
  channel_options<str> opts;
  opts.capacity = 5;
  opts.xf = boom;
  opts.ex_handler = [](std::exception_ptr) { return std::optional<str>("replaced"); };
  channel<str> handled(w.rt.get_executor(), opts);
  opts.ex_handler = [](std::exception_ptr) { return std::optional<str>(); };
  channel<str> dropped(w.rt.get_executor(), opts);
  auto plain = with_xf(w, "plain", 5, boom);
  auto ignore = [](std::error_code, bool) {};
  for (auto* c : {&handled, &dropped}) {
    c->async_put(str("ok"), ignore);
    c->async_put(str("bad"), ignore);
  }
  CHECK_THROWS_WITH(plain.async_put(str("bad"), ignore), "bad value");
  plain.async_put(str("after"), ignore);
  w.rt.run();
  CHECK(handled.inspect().buffered == strings{"ok", "replaced"});
  CHECK(dropped.inspect().buffered == strings{"ok"});
  CHECK(plain.inspect().buffered == strings{"after"});
}

TEST_CASE("a map stage that gives nil is an error", "[xform]") {
  combinator_world w;
  channel_options<std::optional<int>> opts;
  opts.capacity = 1;
  opts.xf = xf::map<std::optional<int>>([](std::optional<int>) { return std::optional<int>(); });
  channel<std::optional<int>> c(w.rt.get_executor(), opts);
  CHECK_THROWS_AS(c.async_put(std::optional<int>(1), [](std::error_code, bool) {}),
                  std::invalid_argument);
}

TEST_CASE("a transducer needs a buffer / a dropping buffer drops what it gives past its size",
          "[xform]") {
  combinator_world w;
  CHECK_THROWS_AS(with_xf(w, "c", 0, xf::dedupe<str>()), std::invalid_argument);
  std::vector<str> dropped;
  channel_options<str> opts;
  opts.capacity = 1;
  opts.policy = buffer_policy::dropping;
  opts.xf = xf::mapcat<str>([](str v) { return strings{v + "1", v + "2", v + "3"}; });
  opts.on_discard = [&](discard_reason, const str& v) { dropped.push_back(v); };
  channel<str> c(w.rt.get_executor(), opts);
  c.async_put(str("x"), [](std::error_code, bool) {});
  CHECK(c.inspect().buffered == strings{"x1"});
  CHECK(dropped == strings{"x2", "x3"});
}

TEST_CASE("a transducer channel in real time: every value once, each putter's in order",
          "[xform][realtime]") {
  realtime_runtime rt(1, 4);
  channel_options<str> opts;
  opts.name = "c";
  opts.capacity = 2;
  opts.xf = xf::filter<str>([](const str& v) { return v.back() != '5'; }) |
            xf::map<str>([](str v) { return v + "!"; });
  channel<str> c(rt.get_executor(), opts);
  strings want_a, want_b;
  for (int k = 0; k < 2; ++k)
    rt.spawn({"p" + std::to_string(k), process_mode::go, false, 0},
             [c, k](process& p) -> task<void> {
               for (int i = 100; i < 400; ++i)
                 co_await p.put(c, std::to_string(k) + std::to_string(i));
             });
  for (int i = 100; i < 400; ++i)
    if (i % 10 != 5) {
      want_a.push_back("0" + std::to_string(i) + "!");
      want_b.push_back("1" + std::to_string(i) + "!");
    }
  strings got;
  rt.spawn({"dst", process_mode::go, false, 0},
           [c, &got, n = want_a.size() * 2](process& p) -> task<void> {
             for (std::size_t i = 0; i < n; ++i) got.push_back(*co_await p.take(c));
           });
  CHECK(rt.run().reason == end_reason::done);
  strings got_a, got_b;
  for (auto& v : got) (v[0] == '0' ? got_a : got_b).push_back(v);
  CHECK(got_a == want_a);
  CHECK(got_b == want_b);
}
