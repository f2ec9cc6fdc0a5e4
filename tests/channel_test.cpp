#include <hotdog/channel.hpp>

#include <hotdog/deterministic_runtime.hpp>
#include <hotdog/process.hpp>
#include <hotdog/timeout.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <optional>
#include <string>
#include <vector>

using namespace hotdog;
using hotdog::test::recorder;
using strings = std::vector<std::string>;
using chan = channel<std::string>;

namespace {

struct world {
  deterministic_runtime rt{1};
  recorder rec;
  world() { rt.set_observer(&rec); }
  chan make(std::string name, std::size_t cap = 0, buffer_policy p = buffer_policy::fixed) {
    return make_channel<std::string>(rt, std::move(name), cap, p);
  }
  void go(std::string name, process_body body, bool daemon = false, std::int64_t start = 0) {
    rt.spawn({std::move(name), process_mode::go, daemon, start}, std::move(body));
  }
  void thread(std::string name, process_body body) {
    rt.spawn({std::move(name), process_mode::thread, false, 0}, std::move(body));
  }
};

}  // namespace

TEST_CASE("an unbuffered channel is a rendezvous", "[channel]") {
  world w;
  auto c = w.make("echo");
  w.go("printer", [c](process& p) -> task<void> {
    auto v = co_await p.take(c);
    p.log(*v);
  });
  w.thread("repl", [c](process& p) -> task<void> { co_await p.put(c, std::string("ketchup")); });
  auto r = w.rt.run();
  CHECK(r.reason == end_reason::done);
  CHECK(w.rec.lines == strings{
                           "0 printer start",
                           "0 printer park op=\"take\" chan=\"echo\"",
                           "0 repl start",
                           "0 repl put chan=\"echo\" value=\"ketchup\" ok=true",
                           "0 repl exit",
                           "0 printer take chan=\"echo\" value=\"ketchup\"",
                           "0 printer log msg=\"ketchup\"",
                           "0 printer exit",
                           "0 - end reason=\"done\"",
                       });
}

TEST_CASE("a thread process blocks where a go process parks", "[channel]") {
  world w;
  auto c = w.make("c");
  w.thread("t", [c](process& p) -> task<void> { co_await p.put(c, std::string("x")); });
  w.go("g", [c](process& p) -> task<void> { co_await p.take(c); });
  w.rt.run();
  CHECK(w.rec.of("t", "block") == strings{"0 t block op=\"put\" chan=\"c\""});
}

TEST_CASE("waiting puts and takes are served first-in-first-out", "[channel]") {
  world w;
  auto c = w.make("c");
  for (std::string who : {"a", "b", "c"})
    w.go("put-" + who, [c, who](process& p) -> task<void> { co_await p.put(c, who); });
  std::vector<std::string> got;
  w.go("taker", [c, &got](process& p) -> task<void> {
    for (int i = 0; i < 3; ++i) got.push_back(*co_await p.take(c));
  });
  w.rt.run();
  CHECK(got == strings{"a", "b", "c"});

  world w2;
  auto d = w2.make("d");
  std::vector<std::string> order;
  for (std::string who : {"x", "y", "z"})
    w2.go("take-" + who, [d, who, &order](process& p) -> task<void> {
      auto v = co_await p.take(d);
      order.push_back(who + "=" + *v);
    });
  w2.go("putter", [d](process& p) -> task<void> {
    for (std::string v : {"1", "2", "3"}) co_await p.put(d, v);
  });
  w2.rt.run();
  CHECK(order == strings{"x=1", "y=2", "z=3"});
}

TEST_CASE("a process runs until it first waits", "[channel]") {
  world w;
  auto c = w.make("c", 1);
  w.go("a", [c](process& p) -> task<void> {
    co_await p.put(c, std::string("v"));
    p.log("a after put");
  });
  w.go("b", [](process& p) -> task<void> {
    p.log("b");
    co_return;
  });
  w.rt.run();
  CHECK(w.rec.lines[1] == "0 a put chan=\"c\" value=\"v\" ok=true");
  CHECK(w.rec.lines[2] == "0 a log msg=\"a after put\"");
  CHECK(w.rec.lines[4] == "0 b start");
}

TEST_CASE("a fixed buffer of 2 takes two puts / the third waits", "[channel][buffer]") {
  world w;
  auto c = w.make("c", 2);
  w.go("putter", [c](process& p) -> task<void> {
    for (std::string v : {"1", "2", "3"}) co_await p.put(c, v);
    p.log("all in");
  });
  w.go("taker", [c](process& p) -> task<void> {
    co_await p.sleep(10);
    co_await p.take(c);
  });
  w.rt.run();
  CHECK(w.rec.of("putter") == strings{
                                  "0 putter start",
                                  "0 putter put chan=\"c\" value=\"1\" ok=true",
                                  "0 putter put chan=\"c\" value=\"2\" ok=true",
                                  "0 putter park op=\"put\" chan=\"c\"",
                                  "10 putter put chan=\"c\" value=\"3\" ok=true",
                                  "10 putter log msg=\"all in\"",
                                  "10 putter exit",
                              });
  CHECK(w.rec.of("taker", "take") == strings{"10 taker take chan=\"c\" value=\"1\""});
}

TEST_CASE("dropping and sliding buffers never wait and report what they discard",
          "[channel][buffer]") {
  for (auto policy : {buffer_policy::dropping, buffer_policy::sliding}) {
    world w;
    auto c = w.make("news", 2, policy);
    std::vector<std::string> got;
    w.go("p", [c, &got](process& p) -> task<void> {
      for (std::string v : {"a", "b", "c", "d"}) {
        auto got_ = co_await p.put(c, v);
        CHECK(got_);
      }
      p.close(c);
      while (auto v = co_await p.take(c)) got.push_back(*v);
    });
    w.rt.run();
    CHECK(w.rec.of("p", "park").empty());
    if (policy == buffer_policy::dropping) {
      CHECK(got == strings{"a", "b"});
      CHECK(w.rec.of("", "drop") ==
            strings{"0 - drop chan=\"news\" value=\"c\"", "0 - drop chan=\"news\" value=\"d\""});
    } else {
      CHECK(got == strings{"c", "d"});
      CHECK(w.rec.of("", "slide") ==
            strings{"0 - slide chan=\"news\" value=\"a\"", "0 - slide chan=\"news\" value=\"b\""});
    }
  }
}

TEST_CASE("a dropping or sliding buffer needs a size", "[channel][buffer]") {
  asio::io_context ctx;
  CHECK_THROWS_AS(channel<int>(ctx.get_executor(), {"x", 0, buffer_policy::sliding}),
                  std::invalid_argument);
  CHECK_THROWS_AS(channel<int>(ctx.get_executor(), {"x", 0, buffer_policy::dropping}),
                  std::invalid_argument);
}

TEST_CASE("closing a channel", "[channel][close]") {
  SECTION("buffered values drain, then every take gives nil; puts give false") {
    world w;
    auto c = w.make("c", 3);
    std::vector<std::optional<std::string>> got;
    w.go("p", [c, &got](process& p) -> task<void> {
      co_await p.put(c, std::string("1"));
      co_await p.put(c, std::string("2"));
      p.close(c);
      p.close(c);  // a no-op
      {
        auto got_ = co_await p.put(c, std::string("3"));
        CHECK_FALSE(got_);
      }
      for (int i = 0; i < 4; ++i) got.push_back(co_await p.take(c));
    });
    CHECK(w.rt.run().reason == end_reason::done);
    CHECK(got == std::vector<std::optional<std::string>>{"1", "2", std::nullopt, std::nullopt});
    CHECK(w.rec.of("p", "close").size() == 2);
  }
  SECTION("takes waiting at close all get nil") {
    world w;
    auto c = w.make("c");
    int nils = 0;
    for (auto name : {"t1", "t2"})
      w.go(name, [c, &nils](process& p) -> task<void> {
        if (!co_await p.take(c)) ++nils;
      });
    w.go("closer", [c](process& p) -> task<void> {
      co_await p.sleep(5);
      p.close(c);
    });
    w.rt.run();
    CHECK(nils == 2);
    CHECK(w.rec.of("t1", "take") == strings{"5 t1 take chan=\"c\" value=null"});
  }
  SECTION("puts waiting at close are still delivered, and their putters get true") {
    world w;
    auto c = w.make("c");
    std::vector<std::optional<std::string>> got;
    w.go("putter", [c](process& p) -> task<void> {
      {
        auto got_ = co_await p.put(c, std::string("early"));
        CHECK(got_);
      }
    });
    w.go("closer", [c, &got](process& p) -> task<void> {
      p.close(c);
      got.push_back(co_await p.take(c));
      got.push_back(co_await p.take(c));
    });
    CHECK(w.rt.run().reason == end_reason::done);
    CHECK(got == std::vector<std::optional<std::string>>{"early", std::nullopt});
    CHECK(w.rec.of("putter", "put") == strings{"0 putter put chan=\"c\" value=\"early\" ok=true"});
  }
  SECTION("a put waiting at close with no taker waits forever") {
    world w;
    auto c = w.make("in");
    w.go("customer", [c](process& p) -> task<void> { co_await p.put(c, std::string("3")); });
    w.go("machine", [c](process& p) -> task<void> {
      p.close(c);
      co_return;
    });
    auto r = w.rt.run();
    CHECK(r.reason == end_reason::deadlock);
  }
}

TEST_CASE("offer! and poll! never wait", "[channel][offer]") {
  world w;
  auto c = w.make("c", 1);
  auto u = w.make("u");
  w.go("p", [c, u](process& p) -> task<void> {
    {
      auto got_ = co_await p.offer(c, std::string("a"));
      CHECK(got_ == std::optional<bool>(true));
    }
    auto full = co_await p.offer(c, std::string("b"));  // full: would wait
    CHECK(full == std::nullopt);
    auto untaken = co_await p.offer(u, std::string("x"));  // nobody taking
    CHECK(untaken == std::nullopt);
    {
      auto got_ = co_await p.poll(u);
      CHECK(got_ == std::nullopt);
    }
    {
      auto got_ = co_await p.poll(c);
      CHECK(got_ == std::optional<std::string>("a"));
    }
    {
      auto got_ = co_await p.poll(c);
      CHECK(got_ == std::nullopt);
    }
    p.close(c);
    {
      auto got_ = co_await p.offer(c, std::string("z"));
      CHECK(got_ == std::optional<bool>(false));
    }
    {
      auto got_ = co_await p.poll(c);
      CHECK(got_ == std::nullopt);
    }
  });
  CHECK(w.rt.run().reason == end_reason::done);
  CHECK(w.rec.of("p", "park").empty());
  CHECK(w.rec.of("p", "offer")[1] == "0 p offer chan=\"c\" value=\"b\" ok=null");
  CHECK(w.rec.of("p", "offer")[3] == "0 p offer chan=\"c\" value=\"z\" ok=false");
}

TEST_CASE("poll! takes from a waiting putter / offer! hands to a waiting taker",
          "[channel][offer]") {
  world w;
  auto c = w.make("c");
  auto d = w.make("d");
  w.go("putter", [c](process& p) -> task<void> { co_await p.put(c, std::string("v")); });
  w.go("taker", [d](process& p) -> task<void> { co_await p.take(d); });
  w.go("p", [c, d](process& p) -> task<void> {
    auto polled = co_await p.poll(c);
    CHECK(polled == std::optional<std::string>("v"));
    auto offered = co_await p.offer(d, std::string("w"));
    CHECK(offered == std::optional<bool>(true));
  });
  CHECK(w.rt.run().reason == end_reason::done);
  CHECK(w.rec.of("taker", "take") == strings{"0 taker take chan=\"d\" value=\"w\""});
}

TEST_CASE("nil is never allowed on a channel", "[channel][nil]") {
  asio::io_context ctx;
  channel<std::optional<int>> c(ctx.get_executor());
  CHECK_THROWS_WITH(c.async_put(std::nullopt, [](std::error_code, bool) {}),
                    "Can't put nil on channel");
  CHECK_THROWS_AS(c.async_offer(std::nullopt, [](std::error_code, std::optional<bool>) {}),
                  std::invalid_argument);
}

TEST_CASE("at most 1024 puts and 1024 takes may wait on a channel", "[channel][limit]") {
  auto check_limit = [](bool puts) {
    world w;
    auto c = w.make("jobs");
    for (int i = 0; i <= 1024; ++i)
      w.go("p" + std::to_string(i), [c, puts, i](process& p) -> task<void> {
        if (puts)
          co_await p.put(c, std::to_string(i));
        else
          co_await p.take(c);
      });
    auto r = w.rt.run();
    CHECK(r.reason == end_reason::error);
    CHECK_THAT(r.message, Catch::Contains("p1024") && Catch::Contains("\"jobs\"") &&
                              Catch::Contains(puts ? "1024 pending puts" : "1024 pending takes"));
    REQUIRE(w.rec.events.size() >= 2);
    CHECK(w.rec.events[w.rec.events.size() - 2].ev == "error");
    CHECK(w.rec.events.back().ev == "end");
  };
  check_limit(true);
  check_limit(false);
}

TEST_CASE("an alts that would be the 1025th waiter names the channel of the arm it concerns",
          "[channel][limit]") {
  // Each alts has its own second channel (own0, own1...); only its arm on jobs can be the
  // 1025th waiter there, so the error names jobs alone, not every arm.
  auto check_limit = [](bool puts) {
    world w;
    auto jobs = w.make("jobs");
    for (int i = 0; i <= 1024; ++i) {
      auto own = w.make("own" + std::to_string(i));
      w.go("p" + std::to_string(i), [jobs, own, puts](process& p) -> task<void> {
        if (puts)
          co_await p.alts(
              alt_ops(alt_op<std::string>::put(jobs, "j"), alt_op<std::string>::take(own)));
        else
          co_await p.alts(
              alt_ops(alt_op<std::string>::put(own, "o"), alt_op<std::string>::take(jobs)));
      });
    }
    auto r = w.rt.run();
    CHECK(r.reason == end_reason::error);
    CHECK_THAT(r.message, Catch::Contains("p1024: channel \"jobs\": ") &&
                              Catch::Contains(puts ? "1024 pending puts" : "1024 pending takes"));
    CHECK_THAT(r.message, !Catch::Contains("own"));
  };
  check_limit(true);
  check_limit(false);
  // Arms past the 64th are not marked put or take: a put arm there is still named.
  world w;
  auto jobs = w.make("jobs");
  for (int i = 0; i <= 1024; ++i) {
    std::vector<alt_op<std::string>> arms;
    for (int k = 0; k < 64; ++k)
      arms.push_back(
          alt_op<std::string>::take(w.make("own" + std::to_string(i) + "-" + std::to_string(k))));
    arms.push_back(alt_op<std::string>::put(jobs, "j"));
    w.go("p" + std::to_string(i),
         [arms](process& p) mutable -> task<void> { co_await p.alts(std::move(arms)); });
  }
  auto r = w.rt.run();
  CHECK(r.reason == end_reason::error);
  CHECK_THAT(r.message,
             Catch::Contains("p1024: channel \"jobs\": ") && Catch::Contains("1024 pending puts"));
}

TEST_CASE("withdrawn alts arms do not count towards the 1024 limit", "[channel][limit]") {
  // 1023 waiting puts leave room for exactly one more: each alts below registers its put
  // arm as the 1024th, then withdraws it when its timeout wins.
  world w;
  auto c = w.make("c");
  for (int i = 0; i < 1023; ++i)
    w.go("p" + std::to_string(i),
         [c, i](process& p) -> task<void> { co_await p.put(c, std::to_string(i)); });
  // Each of these registers a put on c, then its timeout wins and the arm is withdrawn.
  w.go("alts", [c, &w](process& p) -> task<void> {
    for (int i = 0; i < 3; ++i) {
      auto r =
          co_await p.alts(alt_ops(alt_op<std::string>::put(c, "late"),
                                  alt_op<std::string>::take(make_timeout<std::string>(w.rt, 1))));
      CHECK(r.index == 1);
    }
  });
  w.go("drain", [c](process& p) -> task<void> {
    co_await p.sleep(100);
    for (int i = 0; i < 1023; ++i) {
      auto v = co_await p.take(c);
      CHECK(*v == std::to_string(i));
    }
    auto late = co_await p.poll(c);  // no withdrawn "late" value comes through
    CHECK(late == std::nullopt);
  });
  CHECK(w.rt.run().reason == end_reason::done);
}

TEST_CASE("timeouts and sleeps run on the virtual clock", "[channel][time]") {
  world w;
  w.go("sleeper", [&w](process& p) -> task<void> {
    co_await p.sleep(1500);
    CHECK(w.rt.now() == 1500);
    auto t = make_timeout<std::string>(w.rt, 250);
    {
      auto got_ = co_await p.take(t);
      CHECK(got_ == std::nullopt);
    }
    CHECK(w.rt.now() == 1750);
  });
  auto r = w.rt.run();
  CHECK(r.t == 1750);
  CHECK(w.rec.of("sleeper", "take") == strings{"1750 sleeper take chan=\"timeout\" value=null"});
}

TEST_CASE("a discard is reported once the channel's lock is released", "[channel][buffer]") {
  // The callback may look at the channel (a step-through view does, from the drop event):
  // were it called under the lock, peek() would deadlock.
  for (auto policy : {buffer_policy::dropping, buffer_policy::sliding}) {
    asio::io_context ctx;
    const channel<int>* self = nullptr;
    std::vector<std::deque<int>> seen;
    channel_options<int> opts{"c", 2, policy, [&](discard_reason, const int&) {
                                seen.push_back(self->state()->peek().buffered);
                              }};
    channel<int> c(ctx.get_executor(), std::move(opts));
    self = &c;
    for (int v : {1, 2, 3}) c.async_put(v, [](std::error_code, bool) {});
    ctx.run();
    REQUIRE(seen.size() == 1);
    // What the buffer holds after the put that discarded.
    CHECK(seen[0] ==
          (policy == buffer_policy::dropping ? std::deque<int>{1, 2} : std::deque<int>{2, 3}));
  }
}

TEST_CASE("inspect shows the buffer, who waits, and whether the channel is closed",
          "[channel][inspect]") {
  asio::io_context ctx;
  channel<int> c(ctx.get_executor(), {"orders", 2, buffer_policy::fixed});
  auto fresh = c.inspect();
  CHECK(c.buffered_count() == 0);
  CHECK(fresh.name == "orders");
  CHECK(fresh.capacity == 2);
  CHECK(fresh.policy == buffer_policy::fixed);
  CHECK(fresh.buffered.empty());
  CHECK(fresh.waiting_puts == 0);
  CHECK(fresh.waiting_takes == 0);
  CHECK_FALSE(fresh.closed);

  for (int v : {1, 2, 3}) c.async_put(v, [](std::error_code, bool) {});
  ctx.run();
  ctx.restart();
  const auto full = c.inspect();
  CHECK(full.buffered == std::vector<int>{1, 2});
  CHECK(c.buffered_count() == 2);  // the buffer's values, not the waiting put
  CHECK(full.waiting_puts == 1);
  CHECK(full.waiting_takes == 0);

  // A closed channel still holds its values and its waiting put, for later takes.
  c.close();
  const auto closed = c.inspect();
  CHECK(closed.closed);
  CHECK(closed.buffered == std::vector<int>{1, 2});
  CHECK(closed.waiting_puts == 1);

  std::vector<std::optional<int>> got;
  for (int i = 0; i < 4; ++i)
    c.async_take([&got](std::error_code, std::optional<int> v) { got.push_back(v); });
  ctx.run();
  CHECK(got == std::vector<std::optional<int>>{1, 2, 3, std::nullopt});
  const auto drained = c.inspect();
  CHECK(c.buffered_count() == 0);
  CHECK(drained.closed);
  CHECK(drained.buffered.empty());
  CHECK(drained.waiting_puts == 0);
  // A snapshot is a copy: what happened since does not change it.
  CHECK(closed.buffered == std::vector<int>{1, 2});

  channel<int> u(ctx.get_executor(), {"u"});
  for (int i = 0; i < 2; ++i) u.async_take([](std::error_code, std::optional<int>) {});
  const auto takes = u.inspect();
  CHECK(u.buffered_count() == 0);
  CHECK(takes.capacity == 0);
  CHECK(takes.buffered.empty());
  CHECK(takes.waiting_takes == 2);
  CHECK(takes.waiting_puts == 0);
  u.close();
  CHECK(u.inspect().waiting_takes == 0);
  ctx.restart();
  ctx.run();

  channel<int> s(ctx.get_executor(), {"news", 2, buffer_policy::sliding});
  for (int v : {1, 2, 3}) s.async_put(v, [](std::error_code, bool) {});
  CHECK(s.inspect().policy == buffer_policy::sliding);
  CHECK(s.inspect().buffered == std::vector<int>{2, 3});
  ctx.restart();
  ctx.run();
}

TEST_CASE("a ring buffer keeps its order as it grows and wraps", "[channel][buffer]") {
  buffer<int> b(100, buffer_policy::fixed);
  int next_in = 0, next_out = 0;
  // Interleave pushes and pops so the ring wraps at several sizes while growing to 100.
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 5 && !b.full(); ++i) CHECK_FALSE(b.push(next_in++));
    for (int i = 0; i < 3 && !b.empty(); ++i) CHECK(b.pop() == next_out++);
  }
  while (!b.full()) CHECK_FALSE(b.push(next_in++));
  CHECK(b.size() == 100);
  const auto held = b.values();
  for (std::size_t i = 0; i < held.size(); ++i) CHECK(held[i] == next_out + static_cast<int>(i));
  while (!b.empty()) CHECK(b.pop() == next_out++);
  CHECK(next_out == next_in);
}
