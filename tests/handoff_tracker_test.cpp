#include <hotdog/sim/analysis/handoff_tracker.hpp>

#include "event_script.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;
using hotdog::test::event_script;
using strings = std::vector<std::string>;

namespace {

// Feeds every event, numbered from 0; returns the handoffs as "from#i -> to#j chan: value".
strings handoffs(const event_script& s) {
  handoff_tracker tracker;
  strings out;
  std::size_t i = 0;
  for (const auto& e : s.events()) {
    if (auto h = tracker.feed(e, i))
      out.push_back(h->from.proc + "#" + std::to_string(h->from.index) + " -> " + h->to.proc + "#" +
                    std::to_string(h->to.index) + " " + h->chan + ": " + h->value);
    ++i;
  }
  return out;
}

}  // namespace

TEST_CASE("a put pairs with the first waiting take on its channel, and the other way round",
          "[handoff]") {
  SECTION("puts first: takes meet them in order") {
    event_script s;
    s.put("p1", "c", "a");   // 0
    s.put("p2", "c", "b");   // 1
    s.take("t1", "c", "a");  // 2
    s.take("t2", "c", "b");  // 3
    CHECK(handoffs(s) == strings{R"(p1#0 -> t1#2 c: "a")", R"(p2#1 -> t2#3 c: "b")"});
  }
  SECTION("takes first: puts meet them in order") {
    event_script s;
    s.take("t1", "c", "x");  // 0
    s.take("t2", "c", "y");  // 1
    s.put("p", "c", "x");    // 2
    s.put("p", "c", "y");    // 3
    CHECK(handoffs(s) == strings{R"(p#2 -> t1#0 c: "x")", R"(p#3 -> t2#1 c: "y")"});
  }
  SECTION("channels are paired separately") {
    event_script s;
    s.put("p", "a", "1");   // 0
    s.put("p", "b", "2");   // 1
    s.take("q", "b", "2");  // 2
    s.take("q", "a", "1");  // 3
    CHECK(handoffs(s) == strings{R"(p#1 -> q#2 b: "2")", R"(p#0 -> q#3 a: "1")"});
  }
  SECTION("offer! and poll! hand values over too") {
    event_script s;
    s.offer("o", "c", "v", true);  // 0
    s.poll("q", "c", "v");         // 1
    CHECK(handoffs(s) == strings{R"(o#0 -> q#1 c: "v")"});
  }
}

TEST_CASE("what hands nothing over is never paired", "[handoff]") {
  event_script s;
  s.put("p", "c", "refused", false);              // 0: a put to a closed channel
  s.offer("o", "c", "would wait", std::nullopt);  // 1
  s.offer("o", "c", "closed", false);             // 2
  s.take("t", "c");                               // 3: nil from a closed channel
  s.poll("t", "c");                               // 4: nothing there
  s.park("t", wait_op::take, "c");                // 5
  s.close("p", "c");                              // 6
  s.log("p", "c");                                // 7
  s.take("t", "c", "real");                       // 8: waits for a put
  s.put("p", "c", "real");                        // 9
  CHECK(handoffs(s) == strings{R"(p#9 -> t#8 c: "real")"});
}

TEST_CASE("drop and slide remove the pending puts a buffer discarded", "[handoff]") {
  SECTION("a sliding buffer discards its oldest value, reported before the new put") {
    // As a run reports it (scenarios/sliding-buffer.golden.jsonl): slide, then the put.
    event_script s;
    s.put("r", "news", "a");   // 0
    s.put("r", "news", "b");   // 1
    s.slide("news", "a");      // 2
    s.put("r", "news", "c");   // 3
    s.slide("news", "b");      // 4
    s.put("r", "news", "d");   // 5
    s.take("t", "news", "c");  // 6
    s.take("t", "news", "d");  // 7
    CHECK(handoffs(s) == strings{R"(r#3 -> t#6 news: "c")", R"(r#5 -> t#7 news: "d")"});
  }
  SECTION("a slide with nothing pending changes nothing") {
    event_script s;
    s.slide("c", "y");
    s.put("p", "c", "z");
    s.take("t", "c", "z");
    CHECK(handoffs(s) == strings{R"(p#1 -> t#2 c: "z")"});
  }
  SECTION("a drop takes away only the put reported after it") {
    event_script s;
    s.drop("c", "x");
    s.put("p", "c", "x");  // dropped: hands nothing on
    s.put("p", "c", "z");
    s.take("t", "c", "z");
    CHECK(handoffs(s) == strings{R"(p#2 -> t#3 c: "z")"});
  }
}

TEST_CASE("a dropping buffer's discarded put is the one reported after the drop", "[handoff]") {
  // A run reports a drop BEFORE the put whose value was dropped (the discard is reported
  // when the channel's lock is released, before the put completes: see
  // scenarios/dropping-buffer.golden.jsonl), so the put after a drop hands nothing on.
  event_script s;
  s.put("r", "news", "a");   // 0
  s.put("r", "news", "b");   // 1
  s.drop("news", "c");       // 2
  s.put("r", "news", "c");   // 3
  s.drop("news", "d");       // 4
  s.put("r", "news", "d");   // 5
  s.take("t", "news", "a");  // 6
  s.take("t", "news", "b");  // 7
  CHECK(handoffs(s) == strings{R"(r#0 -> t#6 news: "a")", R"(r#1 -> t#7 news: "b")"});
}

TEST_CASE("an alts put's value is the value of the take that met it", "[handoff]") {
  SECTION("the alts put comes first") {
    event_script s;
    s.alts("a", "c", wait_op::put, std::nullopt, true);  // 0: an alts put names no value
    s.take("t", "c", "42");                              // 1
    CHECK(handoffs(s) == strings{R"(a#0 -> t#1 c: "42")"});
  }
  SECTION("the take comes first") {
    event_script s;
    s.take("t", "c", "v");                               // 0
    s.alts("a", "c", wait_op::put, std::nullopt, true);  // 1
    CHECK(handoffs(s) == strings{R"(a#1 -> t#0 c: "v")"});
  }
  SECTION("an alts take pairs like a take; a failed alts put is nothing") {
    event_script s;
    s.alts("a", "c", wait_op::put, std::nullopt, false);  // 0: closed
    s.put("p", "c", "w");                                 // 1
    s.alts("b", "c", wait_op::take, "w");                 // 2
    s.alts("b", "timeout", wait_op::take, std::nullopt);  // 3: a timeout, nil
    s.alts("b", "default", wait_op::none, "d");           // 4: the default
    CHECK(handoffs(s) == strings{R"(p#1 -> b#2 c: "w")"});
  }
}

TEST_CASE("tagged channels pair by their tag / channels sharing a tag stay apart", "[handoff]") {
  SECTION("a scenario's channels, each with its own tag") {
    event_script s;
    s.put("p", "a", "1").chan_tag = 1;   // 0
    s.put("p", "b", "2").chan_tag = 2;   // 1
    s.take("q", "b", "2").chan_tag = 2;  // 2
    s.take("q", "a", "1").chan_tag = 1;  // 3
    CHECK(handoffs(s) == strings{R"(p#1 -> q#2 b: "2")", R"(p#0 -> q#3 a: "1")"});
  }
  SECTION("reply channels share the tag past the scenario's, yet each pairs its own values") {
    event_script s;
    s.put("m", "c1.reply", "hot dog").chan_tag = 3;    // 0
    s.put("m", "c2.reply", "refund").chan_tag = 3;     // 1
    s.take("c2", "c2.reply", "refund").chan_tag = 3;   // 2
    s.take("c1", "c1.reply", "hot dog").chan_tag = 3;  // 3
    CHECK(handoffs(s) ==
          strings{R"(m#1 -> c2#2 c2.reply: "refund")", R"(m#0 -> c1#3 c1.reply: "hot dog")"});
  }
}
