#include <hotdog/pipeline.hpp>

#include <hotdog/collect.hpp>
#include <hotdog/onto_chan.hpp>
#include <hotdog/timeout.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>

using namespace hotdog;
using namespace hotdog::test;

namespace {
// Waits ms of virtual time (a timeout taken).
task<void> wait_ms(runtime& rt, std::int64_t ms) {
  co_await make_timeout<std::string>(rt, ms).async_take(use_task);
}
}  // namespace

TEST_CASE("pipeline applies its function to each value and keeps their order", "[pipeline]") {
  combinator_world w;
  auto from = w.make("from");
  auto to = w.make("to");
  pipeline(
      2, to, [](std::string v) { return strings{v + "!"}; }, from);
  onto_chan(from, strings{"a", "b", "c"});
  strings got;
  w.go("dst", [to, &got](process&) -> task<void> { got = co_await collect(to); });
  CHECK(w.rt.run().reason == end_reason::done);
  CHECK(got == strings{"a!", "b!", "c!"});
  CHECK(to.inspect().closed);
}

TEST_CASE("pipeline's function may give none or several values per input", "[pipeline]") {
  combinator_world w;
  auto from = w.make("from");
  auto to = w.make("to");
  pipeline(
      3, to,
      [](std::string v) {
        return v == "skip" ? strings{} : strings{v + "1", v + "2"};
      },
      from);
  onto_chan(from, strings{"a", "skip", "b"});
  strings got;
  w.go("dst", [to, &got](process&) -> task<void> { got = co_await collect(to); });
  w.rt.run();
  CHECK(got == strings{"a1", "a2", "b1", "b2"});
}

TEST_CASE("pipeline's function may give exactly one value, at once or after waiting",
          "[pipeline]") {
  combinator_world w;
  auto from = w.make("from");
  auto mid = w.make("mid");
  auto to = w.make("to");
  runtime& rt = w.rt;
  // first stage: one value at once; second: one value after 10 ms less its length, so its
  // longer values end first
  pipeline(
      2, mid, [](std::string v) { return v + "!"; }, from);
  auto slow = [&rt](std::string v) -> task<std::string> {
    co_await wait_ms(rt, 10 - static_cast<std::int64_t>(v.size()));
    co_return v + "@" + std::to_string(rt.now());
  };
  pipeline(3, to, slow, mid);
  onto_chan(from, strings{"a", "bb", "ccc", "dddd"});
  strings got;
  w.go("dst", [to, &got](process&) -> task<void> { got = co_await collect(to); });
  CHECK(w.rt.run().reason == end_reason::done);
  // with 3 workers: "a!" ends at 8, "bb!" at 7, "ccc!" at 6; "dddd!" starts at 6, ends at 11
  CHECK(got == strings{"a!@8", "bb!@7", "ccc!@6", "dddd!@11"});
  CHECK(to.inspect().closed);
}

TEST_CASE("pipeline of one value each into a closed to drops them and takes every input",
          "[pipeline]") {
  combinator_world w;
  auto from = w.make("from", 5);
  auto to = w.make("to");
  to.close();
  int calls = 0;
  pipeline(
      2, to,
      [&calls](std::string v) {
        ++calls;
        return v;
      },
      from);
  onto_chan(from, strings{"a", "b", "c"}, false);
  w.rt.run();
  CHECK(from.inspect().buffered.empty());
  CHECK(calls == 3);
}

// pipeline takes a function giving T, std::vector<T> or a task of either; anything else is
// refused when the program is compiled, not run.
template <class Xf>
concept pipeline_takes = requires(channel<std::string> c, Xf xf) {
  pipeline(1, c, xf, c);
};
static_assert(pipeline_takes<std::string (*)(std::string)>);
static_assert(pipeline_takes<strings (*)(std::string)>);
static_assert(pipeline_takes<task<std::string> (*)(std::string)>);
static_assert(!pipeline_takes<int (*)(std::string)>);
static_assert(!pipeline_takes<std::vector<int> (*)(std::string)>);
static_assert(!pipeline_takes<task<int> (*)(std::string)>);

TEST_CASE("pipeline runs n at a time and gives outputs in input order, not finish order",
          "[pipeline]") {
  combinator_world w;
  auto from = w.make("from");
  auto to = w.make("to");
  runtime& rt = w.rt;
  // each input takes as many ms as its value says: with n = 2, "30" and "10" start at 0,
  // "10" ends at 10 and "20" starts then, ending at 30 with "30"
  auto work = [&rt](std::string v) -> task<strings> {
    co_await wait_ms(rt, std::stoi(v));
    co_return strings{v + "@" + std::to_string(rt.now())};
  };
  pipeline(2, to, work, from);
  onto_chan(from, strings{"30", "10", "20"});
  strings got;
  w.go("dst", [to, &got](process&) -> task<void> { got = co_await collect(to); });
  w.rt.run();
  CHECK(got == strings{"30@30", "10@10", "20@30"});
}

TEST_CASE("pipeline with close false leaves to open / n = 0 is refused", "[pipeline]") {
  combinator_world w;
  auto from = w.make("from");
  auto to = w.make("to", 5);
  pipeline(
      1, to, [](std::string v) { return strings{v}; }, from, false);
  onto_chan(from, strings{"x"});
  w.rt.run();
  CHECK(to.inspect().buffered == strings{"x"});
  CHECK_FALSE(to.inspect().closed);
  CHECK_THROWS_AS(pipeline(
                      0, to, [](std::string v) { return strings{v}; }, from),
                  std::invalid_argument);
}

TEST_CASE("pipeline into a closed to drops the outputs and still takes the inputs", "[pipeline]") {
  combinator_world w;
  auto from = w.make("from", 5);
  auto to = w.make("to");
  to.close();
  pipeline(
      1, to, [](std::string v) { return strings{v}; }, from);
  onto_chan(from, strings{"a", "b", "c"}, false);
  w.rt.run();
  CHECK(from.inspect().buffered.empty());
}

// The slots the results wait in are used in turn (n + 2 of them): many inputs whose work
// ends out of order, and a reader that now keeps up and now falls behind, go round them
// many times.
TEST_CASE("pipeline keeps the order over many rounds of its slots, with a reader that stalls",
          "[pipeline]") {
  combinator_world w;
  auto from = w.make("from");
  auto to = w.make("to");
  runtime& rt = w.rt;
  auto work = [&rt](std::string v) -> task<strings> {
    co_await wait_ms(rt, (std::stoi(v) * 37) % 41);
    if (std::stoi(v) % 5 == 0) co_return strings{};
    co_return strings{v, v + "'"};
  };
  pipeline(3, to, work, from);
  strings vs, want;
  for (int i = 0; i < 200; ++i) {
    vs.push_back(std::to_string(i));
    if (i % 5 == 0) continue;
    want.push_back(vs.back());
    want.push_back(vs.back() + "'");
  }
  onto_chan(from, vs);
  strings got;
  w.go("dst", [to, &got, &rt](process&) -> task<void> {
    channel<std::string> in = to;
    while (auto v = co_await in.async_take(use_task)) {
      got.push_back(*v);
      if (got.size() % 16 == 0) co_await wait_ms(rt, 60);
    }
  });
  w.rt.run();
  CHECK(got == want);
}

TEST_CASE("pipeline in real time keeps the input order with 4 workers", "[pipeline][realtime]") {
  realtime_runtime rt(1, 4);
  auto from = make_channel<std::string>(rt, "from");
  auto to = make_channel<std::string>(rt, "to", 2);
  pipeline(
      4, to,
      [](std::string v) {
        return strings{v, v};
      },
      from);
  strings vs, want;
  for (int i = 0; i < 300; ++i) {
    vs.push_back(std::to_string(i));
    want.push_back(vs.back());
    want.push_back(vs.back());
  }
  onto_chan(from, vs);
  strings got;
  rt.spawn({"dst", process_mode::go, false, 0},
           [to, &got](process&) -> task<void> { got = co_await collect(to); });
  CHECK(rt.run().reason == end_reason::done);
  CHECK(got == want);
}
