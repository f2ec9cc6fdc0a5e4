#include <hotdog/mix.hpp>

#include <hotdog/collect.hpp>
#include <hotdog/onto_chan.hpp>

#include "combinator_world.hpp"

#include <catch2/catch.hpp>

using namespace hotdog;
using namespace hotdog::test;

namespace {

// A mix of inputs a and b into a buffered out; `setup` configures it, then a feeder puts
// "a1" to a, then "b1" to b, each an offer (completes only if the mix is taking from it), and the
// test looks at out and the inputs.
struct mixed {
  combinator_world w;
  channel<std::string> a = w.make("a");
  channel<std::string> b = w.make("b");
  channel<std::string> out = w.make("out", 10);
  mix<std::string> m{out, w.rt.random()};
  template <class Setup>
  void run(Setup setup) {
    m.admix(a);
    m.admix(b);
    setup(m);
    w.go("feeder", [a = a, b = b](process& p) -> task<void> {
      co_await p.sleep(1);  // the mix has seen every change by now
      co_await p.offer(a, std::string("a1"));
      co_await p.sleep(1);  // and has gone back to waiting on every input
      co_await p.offer(b, std::string("b1"));
      co_await p.sleep(1);
    });
    w.rt.run();
  }
  strings feeder_offers() const { return w.rec.of("feeder", "offer"); }
};

}  // namespace

TEST_CASE("a mix puts every input's values to out, and leaves out open", "[mix]") {
  combinator_world w;
  auto a = w.make("a");
  auto b = w.make("b");
  auto out = w.make("out", 10);
  mix<std::string> m(out, w.rt.random());
  m.admix(a);
  m.admix(b);
  onto_chan(a, strings{"a1", "a2"});
  onto_chan(b, strings{"b1", "b2"});
  w.go("wait", [](process& p) -> task<void> { co_await p.sleep(1); });
  w.rt.run();
  strings got = out.inspect().buffered;
  std::sort(got.begin(), got.end());
  CHECK(got == strings{"a1", "a2", "b1", "b2"});
  CHECK_FALSE(out.inspect().closed);  // both inputs closed; a mix never closes out
}

TEST_CASE("a muted input is taken from and dropped / a paused one is not taken from", "[mix]") {
  mixed x;
  x.run([&](mix<std::string>& m) {
    m.toggle(x.a, {.mute = true});
    m.toggle(x.b, {.pause = true});
  });
  CHECK(x.out.inspect().buffered.empty());
  // the offer to muted a completes (the mix took it); the one to paused b would wait
  CHECK(x.feeder_offers() == strings{"1 feeder offer chan=\"a\" value=\"a1\" ok=true",
                                     "2 feeder offer chan=\"b\" value=\"b1\" ok=null"});
}

TEST_CASE("solo in mute mode: only the soloed input is heard, the others are dropped", "[mix]") {
  mixed x;
  x.run([&](mix<std::string>& m) { m.toggle(x.a, {.mute = true, .solo = true}); });
  // a soloed input is heard even when muted; b is taken from and dropped
  CHECK(x.out.inspect().buffered == strings{"a1"});
  CHECK(x.feeder_offers() == strings{"1 feeder offer chan=\"a\" value=\"a1\" ok=true",
                                     "2 feeder offer chan=\"b\" value=\"b1\" ok=true"});
}

TEST_CASE("solo in pause mode: the inputs not soloed are not taken from", "[mix]") {
  mixed x;
  x.run([&](mix<std::string>& m) {
    m.set_solo_mode(solo_mode::pause);
    m.toggle(x.a, {.solo = true});
  });
  CHECK(x.out.inspect().buffered == strings{"a1"});
  CHECK(x.feeder_offers() == strings{"1 feeder offer chan=\"a\" value=\"a1\" ok=true",
                                     "2 feeder offer chan=\"b\" value=\"b1\" ok=null"});
}

TEST_CASE("unmix and unmix_all stop taking / toggle adds a channel / admix clears flags", "[mix]") {
  mixed x;
  x.run([&](mix<std::string>& m) { m.unmix(x.a); });
  CHECK(x.out.inspect().buffered == strings{"b1"});

  mixed y;
  y.run([&](mix<std::string>& m) { m.unmix_all(); });
  CHECK(y.out.inspect().buffered.empty());

  mixed z;
  z.run([&](mix<std::string>& m) {
    m.unmix_all();
    m.toggle(z.a, {.mute = false});  // joins the mix
    m.toggle(z.b, {.pause = true});
    m.admix(z.b);  // its pause is cleared
  });
  strings got = z.out.inspect().buffered;
  CHECK(got == strings{"a1", "b1"});
}

TEST_CASE("a mix stops once out is closed", "[mix]") {
  mixed x;
  x.out.close();
  x.run([](mix<std::string>&) {});
  // the mix took a1, found out closed and stopped: b1 is never taken
  CHECK(x.feeder_offers() == strings{"1 feeder offer chan=\"a\" value=\"a1\" ok=true",
                                     "2 feeder offer chan=\"b\" value=\"b1\" ok=null"});
}

TEST_CASE("a mix in real time: every value of every input once, each input's in order",
          "[mix][realtime]") {
  realtime_runtime rt(1, 4);
  auto out = make_channel<std::string>(rt, "out", 1);
  mix<std::string> m(out, rt.random());
  std::vector<strings> sent(3);
  for (std::size_t k = 0; k < 3; ++k) {
    auto in = make_channel<std::string>(rt, "in" + std::to_string(k), k);
    m.admix(in);
    for (int i = 0; i < 200; ++i)
      sent[k].push_back(std::to_string(k) + ":" + std::to_string(1000 + i));
    onto_chan(in, sent[k]);
  }
  std::vector<strings> got(3);
  rt.spawn({"dst", process_mode::go, false, 0}, [out, &got](process& p) -> task<void> {
    for (int i = 0; i < 600; ++i) {
      auto v = co_await p.take(out);
      got[static_cast<std::size_t>((*v)[0] - '0')].push_back(*v);
    }
  });
  CHECK(rt.run().reason == end_reason::done);
  CHECK(got == sent);
}
