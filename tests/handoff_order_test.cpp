// The order of a handoff: the event of the put that delivered a value comes before the
// event of the take that received it, whichever party waited, in both runtimes.

#include <hotdog/deterministic_runtime.hpp>
#include <hotdog/process.hpp>
#include <hotdog/realtime_runtime.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace hotdog;
using hotdog::test::recorder;

namespace {

// Where the line that starts with "proc ev" (after the time) first appears, or -1.
long position(const recorder& rec, const std::string& proc_and_event) {
  for (std::size_t i = 0; i < rec.lines.size(); ++i) {
    const std::string& l = rec.lines[i];
    const auto space = l.find(' ');
    if (l.compare(space + 1, proc_and_event.size(), proc_and_event) == 0)
      return static_cast<long>(i);
  }
  return -1;
}

long count(const recorder& rec, const std::string& proc, const std::string& ev) {
  return static_cast<long>(rec.of(proc, ev).size());
}

// Runs `build` in the deterministic runtime and, several times (its thread timing varies),
// in the real-time one at 10x, and calls `check` on each trace. The waits (300 virtual ms,
// 30 ms of wall time) let the party meant to wait first get there even on a loaded machine.
void in_both_runtimes(const std::function<void(runtime&)>& build,
                      const std::function<void(const recorder&)>& check) {
  SECTION("deterministic") {
    deterministic_runtime rt;
    recorder rec;
    rt.set_observer(&rec);
    build(rt);
    REQUIRE(rt.run().reason == end_reason::done);
    check(rec);
  }
  SECTION("real time") {
    for (int i = 0; i < 5; ++i) {
      realtime_runtime rt(1, 2, 10.0);
      recorder rec;
      rt.set_observer(&rec);
      build(rt);
      REQUIRE(rt.run().reason == end_reason::done);
      check(rec);
    }
  }
}

}  // namespace

TEST_CASE("a parked putter's put comes before the take that received its value", "[handoff]") {
  in_both_runtimes(
      [](runtime& rt) {
        auto c = make_channel<std::string>(rt, "c");
        rt.spawn({"putter"}, [c](process& p) -> task<void> {
          co_await p.put(c, std::string("mustard"));
          p.log("put done");
        });
        rt.spawn({"taker"}, [c](process& p) -> task<void> {
          co_await p.sleep(300);
          co_await p.take(c);
        });
      },
      [](const recorder& rec) {
        REQUIRE(position(rec, "putter park") >= 0);
        CHECK(count(rec, "putter", "put") == 1);  // reported at the handoff only, once
        CHECK(position(rec, "putter put chan=\"c\" value=\"mustard\"") <
              position(rec, "taker take chan=\"c\" value=\"mustard\""));
        CHECK(position(rec, "putter park") < position(rec, "putter put"));
        CHECK(position(rec, "putter put") < position(rec, "putter log"));
      });
}

TEST_CASE("a blocked putter's put (a thread process) comes before the take", "[handoff]") {
  in_both_runtimes(
      [](runtime& rt) {
        auto c = make_channel<std::string>(rt, "c");
        rt.spawn({"putter", process_mode::thread}, [c](process& p) -> task<void> {
          co_await p.put(c, std::string("relish"));
          p.log("put done");
        });
        rt.spawn({"taker"}, [c](process& p) -> task<void> {
          co_await p.sleep(300);
          co_await p.take(c);
        });
      },
      [](const recorder& rec) {
        REQUIRE(position(rec, "putter block") >= 0);
        CHECK(count(rec, "putter", "put") == 1);
        CHECK(position(rec, "putter put") < position(rec, "taker take"));
        CHECK(position(rec, "putter put") < position(rec, "putter log"));
      });
}

TEST_CASE("a blocking put in a go process comes before the take", "[handoff]") {
  in_both_runtimes(
      [](runtime& rt) {
        auto c = make_channel<std::string>(rt, "c");
        rt.spawn({"putter"}, [c](process& p) -> task<void> {
          co_await p.put(c, std::string("onion"), true);
          p.log("put done");
        });
        rt.spawn({"taker"}, [c](process& p) -> task<void> {
          co_await p.sleep(300);
          co_await p.take(c);
        });
      },
      [](const recorder& rec) {
        REQUIRE(position(rec, "putter block") >= 0);
        CHECK(count(rec, "putter", "put") == 1);
        CHECK(position(rec, "putter put") < position(rec, "taker take"));
        CHECK(position(rec, "putter put") < position(rec, "putter log"));
      });
}

TEST_CASE("a waiting alts put comes before the take that received its value", "[handoff]") {
  in_both_runtimes(
      [](runtime& rt) {
        auto c1 = make_channel<std::string>(rt, "c1");
        auto c2 = make_channel<std::string>(rt, "c2");
        rt.spawn({"offerer"}, [c1, c2](process& p) -> task<void> {
          auto ops = alt_ops(alt_op<std::string>::put(c1, "a"), alt_op<std::string>::put(c2, "b"));
          co_await p.alts(std::move(ops), true);
          p.log("alts done");
        });
        rt.spawn({"taker"}, [c2](process& p) -> task<void> {
          co_await p.sleep(300);
          co_await p.take(c2);
        });
      },
      [](const recorder& rec) {
        REQUIRE(position(rec, "offerer park") >= 0);
        CHECK(count(rec, "offerer", "alts") == 1);
        CHECK(position(rec, "offerer alts port=\"c2\" value=true") >= 0);
        CHECK(position(rec, "offerer alts") < position(rec, "taker take chan=\"c2\" value=\"b\""));
        CHECK(position(rec, "offerer alts") < position(rec, "offerer log"));
      });
}

TEST_CASE("a put to a waiting taker comes before its take", "[handoff]") {
  in_both_runtimes(
      [](runtime& rt) {
        auto c = make_channel<std::string>(rt, "c");
        rt.spawn({"taker"}, [c](process& p) -> task<void> {
          co_await p.take(c);
          p.log("took");
        });
        rt.spawn({"putter"}, [c](process& p) -> task<void> {
          co_await p.sleep(300);
          co_await p.put(c, std::string("ketchup"));
          co_await p.sleep(300);
          co_await p.offer(c, std::string("never"));  // nobody waits: offer gives null
        });
      },
      [](const recorder& rec) {
        REQUIRE(position(rec, "taker park") >= 0);
        CHECK(position(rec, "putter put") < position(rec, "taker take"));
        CHECK(position(rec, "taker take") < position(rec, "taker log"));
      });
}

TEST_CASE("an offer to a waiting taker comes before its take / a poll after the put", "[handoff]") {
  in_both_runtimes(
      [](runtime& rt) {
        auto c = make_channel<std::string>(rt, "c");
        auto d = make_channel<std::string>(rt, "d");
        rt.spawn({"taker"}, [c](process& p) -> task<void> { co_await p.take(c); });
        rt.spawn({"putter"},
                 [d](process& p) -> task<void> { co_await p.put(d, std::string("pickle")); });
        rt.spawn({"other"}, [c, d](process& p) -> task<void> {
          co_await p.sleep(300);
          co_await p.offer(c, std::string("bun"));
          co_await p.poll(d);
        });
      },
      [](const recorder& rec) {
        CHECK(position(rec, "other offer chan=\"c\" value=\"bun\" ok=true") <
              position(rec, "taker take chan=\"c\" value=\"bun\""));
        CHECK(position(rec, "putter put chan=\"d\" value=\"pickle\"") <
              position(rec, "other poll chan=\"d\" value=\"pickle\""));
      });
}

TEST_CASE(
    "a put that waited for room completes right after the take that made it, before "
    "its value is taken",
    "[handoff]") {
  in_both_runtimes(
      [](runtime& rt) {
        auto c = make_channel<std::string>(rt, "c", 1);
        rt.spawn({"putter"}, [c](process& p) -> task<void> {
          co_await p.put(c, std::string("a"));
          co_await p.put(c, std::string("b"));  // waits for room
          p.log("both in");
        });
        rt.spawn({"taker"}, [c](process& p) -> task<void> {
          co_await p.sleep(300);
          co_await p.take(c);  // makes room: b moves into the buffer
          co_await p.take(c);  // takes b at once, before the putter runs again
        });
      },
      [](const recorder& rec) {
        const long take_a = position(rec, "taker take chan=\"c\" value=\"a\"");
        const long put_b = position(rec, "putter put chan=\"c\" value=\"b\"");
        const long take_b = position(rec, "taker take chan=\"c\" value=\"b\"");
        REQUIRE(take_a >= 0);
        CHECK(count(rec, "putter", "put") == 2);
        CHECK(take_a < put_b);
        CHECK(put_b < take_b);
        CHECK(put_b < position(rec, "putter log"));
      });
}

// Real time, the racy case: a put (offer, alts put) that completes at once into a buffer,
// while a taker on another thread takes as fast as it can. Each value's put is reported
// inside the channel's lock, so no take of it can be reported first.
TEST_CASE("in real time a put into a buffer comes before the take on another thread",
          "[handoff][realtime]") {
  constexpr int n = 3000;
  for (int round = 0; round < 3; ++round) {
    realtime_runtime rt(1, 2, 1000.0);
    recorder rec;
    rt.set_observer(&rec);
    auto c = make_channel<int>(rt, "c", 4);
    rt.spawn({"putter", process_mode::thread}, [c](process& p) -> task<void> {
      for (int i = 0; i < n; ++i) {
        if (i % 3 == 0) {
          co_await p.put(c, i);
        } else if (i % 3 == 1) {
          for (;;) {
            const std::optional<bool> in = co_await p.offer(c, i);
            if (in.value_or(false)) break;
            co_await p.sleep(0);
          }
        } else {
          std::vector<alt_op<int>> arms;
          arms.push_back(alt_op<int>::put(c, i));
          co_await p.alts(std::move(arms));
        }
      }
      p.close(c);
    });
    rt.spawn({"taker", process_mode::thread}, [c](process& p) -> task<void> {
      while (co_await p.take(c)) {
      }
    });
    REQUIRE(rt.run().reason == end_reason::done);
    // Values go in as 0, 1, 2...: the k-th delivery of the putter (a put, an offer that went
    // in, an alts put, whose event shows true) carries k, and the taker takes them in order.
    std::vector<long> delivered, taken_at;
    for (std::size_t i = 0; i < rec.events.size(); ++i) {
      const auto& e = rec.events[i];
      if (e.proc == "putter" && (e.ev == "put" || e.ev == "alts" ||
                                 (e.ev == "offer" && e.line.find("ok=true") != std::string::npos)))
        delivered.push_back(static_cast<long>(i));
      if (e.proc == "taker" && e.ev == "take" && e.line.find("value=null") == std::string::npos)
        taken_at.push_back(static_cast<long>(i));
    }
    const long taken = static_cast<long>(taken_at.size());
    long misordered = 0;
    REQUIRE(delivered.size() == static_cast<std::size_t>(n));
    for (std::size_t k = 0; k < taken_at.size(); ++k) misordered += taken_at[k] < delivered[k];
    CHECK(taken == n);
    CHECK(misordered == 0);
  }
}
