#include <hotdog/split.hpp>

#include <hotdog/collect.hpp>
#include <hotdog/onto_chan.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

using namespace hotdog;
using namespace hotdog::test;

namespace {
bool is_digit(const std::string& s) { return !s.empty() && s[0] >= '0' && s[0] <= '9'; }
}  // namespace

TEST_CASE("split sends each value by the predicate, in order, and closes both", "[split]") {
  combinator_world w;
  auto from = w.make("from");
  auto t = w.make("t", 5);
  auto f = w.make("f", 5);
  split(is_digit, from, t, f);
  onto_chan(from, strings{"1", "a", "2", "b"});
  w.rt.run();
  auto st = t.inspect();
  auto sf = f.inspect();
  CHECK(st.buffered == strings{"1", "2"});
  CHECK(sf.buffered == strings{"a", "b"});
  CHECK(st.closed);
  CHECK(sf.closed);
}

TEST_CASE("split takes the next value only once the last was accepted", "[split]") {
  combinator_world w;
  auto from = w.make("from");
  auto t = w.make("t");
  auto f = w.make("f", 5);
  split(is_digit, from, t, f);
  onto_chan(from, strings{"1", "a"});
  w.rt.run();
  // nobody takes from t: "1" waits there, and "a" is never taken from `from`
  CHECK(f.inspect().buffered.empty());
  CHECK(t.inspect().waiting_puts == 1);
  CHECK(from.inspect().waiting_puts == 1);
}

TEST_CASE("split stops at a closed side / the other side stays open", "[split]") {
  combinator_world w;
  auto from = w.make("from", 5);
  auto t = w.make("t");
  auto f = w.make("f", 5);
  t.close();
  split(is_digit, from, t, f);
  onto_chan(from, strings{"a", "1", "b"}, false);
  w.rt.run();
  CHECK(f.inspect().buffered == strings{"a"});
  CHECK_FALSE(f.inspect().closed);
  CHECK(from.inspect().buffered == strings{"b"});
}

TEST_CASE("split in real time loses and repeats nothing", "[split][realtime]") {
  realtime_runtime rt(1, 4);
  auto from = make_channel<std::string>(rt, "from", 1);
  auto t = make_channel<std::string>(rt, "t", 1);
  auto f = make_channel<std::string>(rt, "f");
  split(is_digit, from, t, f);
  strings vs;
  for (int i = 0; i < 400; ++i) vs.push_back(i % 3 ? "x" + std::to_string(i) : std::to_string(i));
  onto_chan(from, vs);
  strings got_t, got_f;
  rt.spawn({"t", process_mode::go, false, 0},
           [t, &got_t](process&) -> task<void> { got_t = co_await collect(t); });
  rt.spawn({"f", process_mode::go, false, 0},
           [f, &got_f](process&) -> task<void> { got_f = co_await collect(f); });
  CHECK(rt.run().reason == end_reason::done);
  strings want_t, want_f;
  for (auto& v : vs) (is_digit(v) ? want_t : want_f).push_back(v);
  CHECK(got_t == want_t);
  CHECK(got_f == want_f);
}
