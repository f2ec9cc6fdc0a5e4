#include <hotdog/timeout.hpp>

#include <hotdog/deterministic_runtime.hpp>
#include <hotdog/process.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace hotdog;
using hotdog::test::recorder;
using strings = std::vector<std::string>;

namespace {

struct world {
  deterministic_runtime rt{1};
  recorder rec;
  world() { rt.set_observer(&rec); }
  void go(std::string name, process_body body, std::int64_t start = 0) {
    rt.spawn({std::move(name), process_mode::go, false, start}, std::move(body));
  }
};

}  // namespace

TEST_CASE("a timeout channel closes exactly at its virtual time", "[timeout]") {
  world w;
  auto t = make_timeout<int>(w.rt, 250);
  CHECK(t.name() == "timeout");
  CHECK(t.capacity() == 0);
  std::vector<std::string> seen;
  for (std::int64_t at : {0, 249, 250, 251})
    w.rt.call_at(at, [&seen, &w, t, at] {
      seen.push_back(std::to_string(at) + "@" + std::to_string(w.rt.now()) + ":" +
                     (t.inspect().closed ? "closed" : "open"));
    });
  w.go("p", [](process& p) -> task<void> { co_await p.sleep(300); });
  w.rt.run();
  // A call_at made after the timeout for the same time runs after it: the timeout is closed.
  CHECK(seen == strings{"0@0:open", "249@249:open", "250@250:closed", "251@251:closed"});
}

TEST_CASE("a take waiting on a timeout gets an empty optional when it closes", "[timeout]") {
  world w;
  std::optional<std::optional<int>> got;
  std::int64_t woke = -1;
  w.go("waiter", [&](process& p) -> task<void> {
    auto t = make_timeout<int>(w.rt, 400);
    auto v = co_await p.take(t);
    got = v;
    woke = w.rt.now();
  });
  auto r = w.rt.run();
  CHECK(r.reason == end_reason::done);
  REQUIRE(got.has_value());
  CHECK(*got == std::nullopt);
  CHECK(woke == 400);
  CHECK(w.rec.of("waiter") == strings{
                                  "0 waiter start",
                                  "0 waiter park op=\"take\" chan=\"timeout\"",
                                  "400 waiter take chan=\"timeout\" value=null",
                                  "400 waiter exit",
                              });
}

TEST_CASE("a timeout counts from when it is made, not from time zero", "[timeout]") {
  world w;
  std::int64_t woke = -1;
  w.go(
      "late",
      [&](process& p) -> task<void> {
        auto t = make_timeout<int>(w.rt, 30);
        co_await p.take(t);
        woke = w.rt.now();
      },
      1000);
  w.rt.run();
  CHECK(woke == 1030);
}

TEST_CASE("a negative or zero timeout closes at once, in virtual time", "[timeout]") {
  for (std::int64_t ms : {-5, 0}) {
    world w;
    std::int64_t woke = -1;
    w.go(
        "p",
        [&, ms](process& p) -> task<void> {
          auto t = make_timeout<int>(w.rt, ms);
          auto v = co_await p.take(t);
          CHECK_FALSE(v.has_value());
          woke = w.rt.now();
        },
        100);
    w.rt.run();
    CHECK(woke == 100);
  }
}

TEST_CASE("two timeouts fire in time order, whatever the order they were made in", "[timeout]") {
  world w;
  std::vector<std::string> order;
  w.go("slow", [&](process& p) -> task<void> {
    auto t = make_timeout<int>(w.rt, 300);
    co_await p.take(t);
    order.push_back("slow@" + std::to_string(w.rt.now()));
  });
  w.go("fast", [&](process& p) -> task<void> {
    auto t = make_timeout<int>(w.rt, 100);
    co_await p.take(t);
    order.push_back("fast@" + std::to_string(w.rt.now()));
  });
  w.rt.run();
  CHECK(order == strings{"fast@100", "slow@300"});
  CHECK(w.rec.of("", "end") == strings{"300 - end reason=\"done\""});
}

TEST_CASE("every take on a closed timeout gets nil / every put is refused", "[timeout]") {
  world w;
  std::vector<std::string> log;
  w.go("p", [&](process& p) -> task<void> {
    auto t = make_timeout<std::string>(w.rt, 10);
    co_await p.sleep(20);
    for (int i = 0; i < 2; ++i) {
      auto v = co_await p.take(t);
      log.push_back(v ? *v : std::string("nil"));
    }
    const bool ok = co_await p.put(t, std::string("x"));
    log.push_back(ok ? "put true" : "put false");
  });
  w.rt.run();
  CHECK(log == strings{"nil", "nil", "put false"});
}
