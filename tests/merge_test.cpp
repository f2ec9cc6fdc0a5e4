#include <hotdog/merge.hpp>

#include <hotdog/collect.hpp>
#include <hotdog/onto_chan.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace hotdog;
using namespace hotdog::test;

TEST_CASE("merge gives every input's values, each input's in order, then closes", "[merge]") {
  combinator_world w;
  auto a = w.make("a");
  auto b = w.make("b");
  auto out = w.make("out");
  merge(std::vector{a, b}, out, w.rt.random());
  onto_chan(a, strings{"a1", "a2", "a3"});
  onto_chan(b, strings{"b1", "b2"});
  strings got;
  w.go("dst", [out, &got](process&) -> task<void> { got = co_await collect(out); });
  CHECK(w.rt.run().reason == end_reason::done);
  strings from_a, from_b;
  for (auto& v : got) (v[0] == 'a' ? from_a : from_b).push_back(v);
  CHECK(from_a == strings{"a1", "a2", "a3"});
  CHECK(from_b == strings{"b1", "b2"});
  CHECK(out.inspect().closed);
}

TEST_CASE("merge keeps out open while one input is open", "[merge]") {
  combinator_world w;
  auto a = w.make("a");
  auto b = w.make("b");
  auto out = w.make("out", 4);
  merge(std::vector{a, b}, out, w.rt.random());
  a.close();
  onto_chan(b, strings{"x"}, false);
  w.rt.run();
  auto s = out.inspect();
  CHECK(s.buffered == strings{"x"});
  CHECK_FALSE(s.closed);
  b.close();
  w.rt.run();
  CHECK(out.inspect().closed);
}

TEST_CASE("merge of no inputs closes out at once / merge into a closed out stops", "[merge]") {
  combinator_world w;
  auto out = w.make("out");
  merge(std::vector<channel<std::string>>{}, out, w.rt.random());
  w.rt.run();
  CHECK(out.inspect().closed);

  auto a = w.make("a", 3);
  auto shut = w.make("shut");
  shut.close();
  merge(std::vector{a}, shut, w.rt.random());
  onto_chan(a, strings{"lost", "kept"}, false);
  w.rt.run();
  CHECK(a.inspect().buffered == strings{"kept"});
}

TEST_CASE("merge's choice among ready inputs follows the seed", "[merge]") {
  auto run = [](std::uint64_t seed) {
    deterministic_runtime rt(seed);
    auto a = make_channel<std::string>(rt, "a", 5);
    auto b = make_channel<std::string>(rt, "b", 5);
    auto out = make_channel<std::string>(rt, "out", 10);
    onto_chan(a, strings{"a1", "a2", "a3", "a4", "a5"});
    onto_chan(b, strings{"b1", "b2", "b3", "b4", "b5"});
    merge(std::vector{a, b}, out, rt.random());
    rt.run();
    return out.inspect().buffered;
  };
  CHECK(run(7) == run(7));
  bool differs = false;
  for (std::uint64_t s = 1; s < 10 && !differs; ++s) differs = run(s) != run(s + 1);
  CHECK(differs);
}

TEST_CASE("merge in real time: every value once, each input's in order", "[merge][realtime]") {
  realtime_runtime rt(1, 4);
  std::vector<channel<std::string>> ins;
  for (int k = 0; k < 3; ++k)
    ins.push_back(make_channel<std::string>(rt, "in" + std::to_string(k), 1));
  auto out = make_channel<std::string>(rt, "out", 1);
  merge(ins, out, rt.random());
  for (int k = 0; k < 3; ++k) {
    strings vs;
    for (int i = 0; i < 200; ++i) vs.push_back(std::to_string(k) + ":" + std::to_string(1000 + i));
    onto_chan(ins[static_cast<std::size_t>(k)], vs);
  }
  strings got;
  rt.spawn({"dst", process_mode::go, false, 0},
           [out, &got](process&) -> task<void> { got = co_await collect(out); });
  CHECK(rt.run().reason == end_reason::done);
  REQUIRE(got.size() == 600);
  for (char k : {'0', '1', '2'}) {
    strings mine;
    for (auto& v : got)
      if (v[0] == k) mine.push_back(v);
    CHECK(std::is_sorted(mine.begin(), mine.end()));
    CHECK(mine.size() == 200);
  }
}
