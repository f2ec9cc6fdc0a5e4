#include <hotdog/alts.hpp>

#include <hotdog/deterministic_runtime.hpp>
#include <hotdog/process.hpp>
#include <hotdog/timeout.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace hotdog;
using hotdog::test::recorder;
using strings = std::vector<std::string>;
using op = alt_op<std::string>;

namespace {

struct world {
  deterministic_runtime rt;
  recorder rec;
  explicit world(std::uint64_t seed = 1) : rt(seed) { rt.set_observer(&rec); }
  channel<std::string> make(std::string name, std::size_t cap = 0) {
    return make_channel<std::string>(rt, std::move(name), cap);
  }
  void go(std::string name, process_body body, bool daemon = false) {
    rt.spawn({std::move(name), process_mode::go, daemon, 0}, std::move(body));
  }
};

// Fills each channel of a buffered trio, then runs one alts over all three.
std::size_t pick_among_ready(std::uint64_t seed, bool priority) {
  world w(seed);
  std::vector<channel<std::string>> cs{w.make("a", 1), w.make("b", 1), w.make("c", 1)};
  std::size_t picked = 99;
  w.go("p", [cs, priority, &picked](process& p) -> task<void> {
    for (auto& c : cs) co_await p.put(c, c.name());
    auto r = co_await p.alts(alt_ops(op::take(cs[0]), op::take(cs[1]), op::take(cs[2])), priority);
    CHECK(*r.value == cs[r.index].name());
    picked = r.index;
  });
  w.rt.run();
  return picked;
}

}  // namespace

TEST_CASE("alts with priority takes the first ready in order", "[alts]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) CHECK(pick_among_ready(seed, true) == 0);
}

TEST_CASE("alts without priority picks uniformly among ready ones, by the seed", "[alts]") {
  std::map<std::size_t, int> counts;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const auto first = pick_among_ready(seed, false);
    CHECK(pick_among_ready(seed, false) == first);  // same seed, same choice
    ++counts[first];
  }
  REQUIRE(counts.size() == 3);
  for (auto& [index, n] : counts) CHECK(n > 60);  // each ~100 of 300
}

TEST_CASE("alts with a default returns it only when nothing is ready", "[alts]") {
  world w;
  auto a = w.make("a");
  auto b = w.make("b", 1);
  w.go("p", [a, b](process& p) -> task<void> {
    auto r = co_await p.alts(alt_ops(op::take(a), op::take(b)), false, "nothing");
    CHECK(r.index == default_index);
    CHECK(*r.value == "nothing");
    co_await p.put(b, std::string("x"));
    r = co_await p.alts(alt_ops(op::take(a), op::take(b)), false, "nothing");
    CHECK(r.index == 1);
    CHECK(*r.value == "x");
  });
  CHECK(w.rt.run().reason == end_reason::done);
  CHECK(w.rec.of("p", "alts") ==
        strings{"0 p alts port=\"default\" value=\"nothing\"", "0 p alts port=\"b\" value=\"x\""});
  CHECK(w.rec.of("p", "park").empty());
}

TEST_CASE("alts with a put arm / the losing arm is withdrawn and loses nothing", "[alts]") {
  world w;
  auto in = w.make("in");
  auto out = w.make("out");
  w.go("p", [in, out](process& p) -> task<void> {
    auto r = co_await p.alts(alt_ops(op::put(in, "coin"), op::take(out)));
    CHECK(r.index == 1);
    CHECK(*r.value == "hot dog");
  });
  w.go("machine", [in, out](process& p) -> task<void> {
    co_await p.sleep(10);
    co_await p.put(out, std::string("hot dog"));
    // The put arm was withdrawn: the coin never arrives.
    {
      auto got_ = co_await p.poll(in);
      CHECK(got_ == std::nullopt);
    }
  });
  CHECK(w.rt.run().reason == end_reason::done);
  CHECK(w.rec.of("p", "park") == strings{"0 p park op=\"alts\" chan=\"in|out\""});
  CHECK(w.rec.of("p", "alts") == strings{"10 p alts port=\"out\" value=\"hot dog\""});
}

TEST_CASE("a put arm that wins reports true / on a closed channel, false", "[alts]") {
  world w;
  auto in = w.make("in");
  auto shut = w.make("shut");
  w.go("taker", [in](process& p) -> task<void> { co_await p.take(in); });
  w.go("p", [in, shut](process& p) -> task<void> {
    auto r = co_await p.alts(alt_ops(op::put(in, "v")));
    CHECK(r.put_ok);
    p.close(shut);
    r = co_await p.alts(alt_ops(op::put(shut, "v")));
    CHECK(r.index == 0);
    CHECK_FALSE(r.put_ok);
  });
  CHECK(w.rt.run().reason == end_reason::done);
  CHECK(w.rec.of("p", "alts") ==
        strings{"0 p alts port=\"in\" value=true", "0 p alts port=\"shut\" value=false"});
}

TEST_CASE("a timeout wins an alts when nothing else is ready in time", "[alts][time]") {
  world w;
  auto slow = w.make("slow");
  w.go("p", [slow, &w](process& p) -> task<void> {
    auto r =
        co_await p.alts(alt_ops(op::take(slow), op::take(make_timeout<std::string>(w.rt, 300))));
    CHECK(r.index == 1);
    CHECK_FALSE(r.value);
  });
  w.go("late", [slow](process& p) -> task<void> {
    co_await p.sleep(500);
    {
      auto got_ = co_await p.offer(slow, std::string("too late"));
      CHECK(got_ == std::nullopt);
    }
  });
  CHECK(w.rt.run().reason == end_reason::done);
  CHECK(w.rec.of("p", "alts") == strings{"300 p alts port=\"timeout\" value=null"});
}

TEST_CASE("a closed channel is always ready in an alts", "[alts][close]") {
  world w;
  auto c = w.make("c");
  w.go("p", [c](process& p) -> task<void> {
    p.close(c);
    auto r = co_await p.alts(alt_ops(op::take(c)), false, "d");
    CHECK(r.index == 0);
    CHECK_FALSE(r.value);
  });
  CHECK(w.rt.run().reason == end_reason::done);
}

TEST_CASE("two alts meet on one unbuffered channel", "[alts]") {
  world w;
  auto c = w.make("c");
  auto never1 = w.make("never1");
  auto never2 = w.make("never2");
  w.go("putter", [c, never1](process& p) -> task<void> {
    auto r = co_await p.alts(alt_ops(op::take(never1), op::put(c, "v")));
    CHECK(r.index == 1);
    CHECK(r.put_ok);
  });
  w.go("taker", [c, never2](process& p) -> task<void> {
    auto r = co_await p.alts(alt_ops(op::put(never2, "x"), op::take(c)));
    CHECK(r.index == 1);
    CHECK(*r.value == "v");
  });
  CHECK(w.rt.run().reason == end_reason::done);
}

TEST_CASE("an empty alts or a nil put arm is an error", "[alts]") {
  asio::io_context ctx;
  prng random(1);
  CHECK_THROWS_AS(async_alts(std::vector<alt_op<std::string>>{}, {}, random,
                             [](std::error_code, alts_result<std::string>) {}),
                  std::invalid_argument);
  channel<std::optional<int>> c(ctx.get_executor());
  CHECK_THROWS_WITH(async_alts(std::vector{alt_op<std::optional<int>>::put(c, std::nullopt)}, {},
                               random, [](std::error_code, alts_result<std::optional<int>>) {}),
                    "Can't put nil on channel");
}

TEST_CASE("an alts that completes at once leaves no waiter behind / one that waits withdraws",
          "[alts]") {
  asio::io_context ctx;
  prng random(1);
  channel<int> idle(ctx.get_executor(), {"idle"}), ready(ctx.get_executor(), {"ready", 1});
  ready.async_put(5, [](std::error_code, bool) {});
  ctx.run();
  const auto ops = alt_ops(alt_op<int>::take(idle), alt_op<int>::take(ready));
  std::vector<std::size_t> won;
  async_alts(ops, {true, false}, random,
             [&](std::error_code, alts_result<int> r) { won.push_back(r.index); });
  // The first pass found `ready` ready: `idle` never had a waiter, even for a moment.
  CHECK(idle.state()->peek().waiting_takes == 0);
  ctx.restart();
  ctx.run();
  CHECK(won == std::vector<std::size_t>{1});

  // Nothing ready: both arms wait; once one fires, the other is withdrawn.
  async_alts(ops, {}, random, [&](std::error_code, alts_result<int> r) { won.push_back(r.index); });
  CHECK(idle.state()->peek().waiting_takes == 1);
  CHECK(ready.state()->peek().waiting_takes == 1);
  idle.async_put(9, [](std::error_code, bool) {});
  ctx.restart();
  ctx.run();
  CHECK(won == std::vector<std::size_t>{1, 0});
  CHECK(ready.state()->peek().waiting_takes == 0);
  // The withdrawn arm takes nothing: a later put stays for a later take.
  ready.async_put(6, [](std::error_code, bool) {});
  std::optional<int> later;
  ready.async_take([&](std::error_code, std::optional<int> v) { later = v; });
  ctx.restart();
  ctx.run();
  CHECK(later == 6);
}

TEST_CASE("an alts never matches itself: its put arm skips its own waiting take", "[alts]") {
  // Both arms on one unbuffered channel: the take arm waits first, and the put arm must not
  // pair with it (core.async: a put sees its own take's handler, with the same flag, and
  // skips it). Both wait; another process then completes exactly one of them.
  for (const bool priority : {true, false}) {
    world w;
    auto c = w.make("c");
    alts_result<std::string> got;
    w.go("a", [c, priority, &got](process& p) -> task<void> {
      got = co_await p.alts(alt_ops(op::take(c), op::put(c, "mine")), priority);
    });
    w.go("b", [c](process& p) -> task<void> {
      co_await p.sleep(5);
      auto v = co_await p.take(c);
      CHECK(v == std::optional<std::string>("mine"));
    });
    CHECK(w.rt.run().reason == end_reason::done);
    CHECK(got.index == 1);
    CHECK(got.put_ok);
    CHECK(c.state()->peek().waiting_puts == 0);
    CHECK(c.state()->peek().waiting_takes == 0);
  }
  // Alone, it waits forever: a deadlock, not a crash.
  world w;
  auto c = w.make("c");
  w.go("a", [c](process& p) -> task<void> {
    co_await p.alts(alt_ops(op::put(c, "x"), op::take(c)), true);
  });
  CHECK(w.rt.run().reason == end_reason::deadlock);
}

TEST_CASE("a nil put arm is an error only when tried: an earlier ready arm wins", "[alts]") {
  // core.async rule 6: alts tries its arms in order; a ready one wins without the others
  // being looked at, and the nil one throws only if its turn comes.
  asio::io_context ctx;
  prng random(1);
  using opt = alt_op<std::optional<int>>;
  channel<std::optional<int>> closed(ctx.get_executor(), {"closed"}),
      idle(ctx.get_executor(), {"idle"});
  closed.close();
  std::optional<alts_result<std::optional<int>>> got;
  const auto done = [&](std::error_code, alts_result<std::optional<int>> r) { got = r; };
  async_alts(alt_ops(opt::take(closed), opt::put(idle, std::nullopt)), {true, false}, random, done);
  ctx.run();
  REQUIRE(got);
  CHECK(got->index == 0);
  // The nil arm first, or after arms that are not ready: an error, and nothing left waiting.
  CHECK_THROWS_WITH(async_alts(alt_ops(opt::put(idle, std::nullopt), opt::take(closed)),
                               {true, false}, random, done),
                    "Can't put nil on channel");
  CHECK_THROWS_WITH(async_alts(alt_ops(opt::take(idle), opt::put(idle, std::nullopt)), {true, true},
                               random, done),
                    "Can't put nil on channel");
  CHECK(idle.state()->peek().waiting_takes == 0);
  CHECK(idle.state()->peek().waiting_puts == 0);
}
