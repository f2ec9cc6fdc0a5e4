#include <hotdog/sim/trace/html_writer.hpp>
#include <hotdog/sim/events/payloads.hpp>
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>

#include "event_script.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;
using hotdog::test::event_script;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

constexpr auto kind_of(sim_event k) { return static_cast<std::uint16_t>(k); }

// The number in attribute `name` of the first tag at or after `from` that has it.
double attr(const std::string& text, std::size_t from, const std::string& name) {
  const auto at = text.find(" " + name + "=\"", from);
  REQUIRE(at != std::string::npos);
  return std::strtod(text.c_str() + at + name.size() + 3, nullptr);
}

// Every element that starts with `start`, as the text from it to the end of its first
// empty tag ("/>").
std::vector<std::string> tags(const std::string& text, const std::string& start) {
  std::vector<std::string> out;
  for (auto at = text.find(start); at != std::string::npos; at = text.find(start, at + 1))
    out.push_back(text.substr(at, text.find("/>", at) - at));
  return out;
}

// Two processes, a park and a block, two handoffs, a drop, a sleep, three moments.
event_script small_run() {
  event_script s;
  s.start("p");                     // 0
  s.park("q", wait_op::take, "c");  // 1
  s.put("p", "c", "a");             // 2
  s.take("q", "c", "a");            // 3: q parked 1 -> 3; handoff 2 -> 3
  s.block("p", wait_op::put, "c");  // 4
  s.drop("d", "x");                 // 5: no process: the last lane
  s.now = 10;
  s.sleep("q", 20);  // 6
  s.now = 30;
  s.put("p", "c", "b");   // 7: p blocked 4 -> 7
  s.take("q", "c", "b");  // 8: handoff 7 -> 8
  s.end("done");          // 9
  return s;
}

std::string page_of(const event_script& s, page_info info = {"small", {}, {}}) {
  std::ostringstream out;
  html_writer w(out, std::move(info));
  s.play(w);
  return out.str();
}

}  // namespace

TEST_CASE("the page is written once, when the run ends", "[html_writer]") {
  event_script s = small_run();
  std::ostringstream out;
  html_writer w(out, "t");
  for (const auto& e : s.events()) {
    if (e.kind == event_kind::end) CHECK(out.str().empty());
    w.on_event(e);
  }
  CHECK(count(out.str(), "<!DOCTYPE html>") == 1);
}

TEST_CASE("the page is one self-contained document: description, outcome, summary on top",
          "[html_writer]") {
  event_script s = small_run();
  const std::string page = page_of(s, {"<a & b>", "Two <processes>.", {}});
  CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n", 0) == 0);
  CHECK(page.substr(page.size() - 8) == "</html>\n");
  CHECK(count(page, "<html") == 1);
  CHECK(count(page, "<svg id=\"view\"") == 1);
  // One inline script and nothing fetched: no src, href, link, import or https.
  CHECK(count(page, "<script>") == 1);
  CHECK_FALSE(has(page, "src="));
  CHECK_FALSE(has(page, "href="));
  CHECK_FALSE(has(page, "<link"));
  CHECK_FALSE(has(page, "@import"));
  CHECK_FALSE(has(page, "https:"));
  CHECK(count(page, "http:") == 1);  // the SVG namespace, a name never fetched
  CHECK(has(page, "<title>&lt;a &amp; b&gt; — hotdog timeline</title>"));
  CHECK(has(page, "<h1>&lt;a &amp; b&gt;</h1>"));
  CHECK(has(page, "<p class=\"description\">Two &lt;processes&gt;.</p>"));
  CHECK(has(page, "Ended: <b>done</b>. 10 events."));
  CHECK_FALSE(has(page, "Summary:"));
  event_script with_summary;
  with_summary.custom("", "summary", kind_of(sim_event::summary),
                      {{"served", std::int64_t{3}}, {"balanced", true}});
  with_summary.end("done");
  CHECK(has(page_of(with_summary), "<p class=\"summary\">Summary: served=3 balanced=true</p>"));
  // A summary's tallies, as the text trace writes them.
  event_script tallied;
  summary_event tallies;
  tallies.served = 3;
  tallied.payload("", tallies);
  tallied.end("done");
  CHECK(has(page_of(tallied),
            "<p class=\"summary\">Summary: sold=0 revenue=0 change=0 refunds=0 lettuce=0 "
            "customers=0 served=3 hungry=0 refunded=0 lettuce_eaters=0 present=0 wait_mean=0.0 "
            "wait_p50=0 wait_p95=0 wait_max=0 cooked=0 stock_left=0 balanced=true</p>"));
}

TEST_CASE("one lane per process, a crowd's customers share one, then the channels' lane",
          "[html_writer]") {
  event_script s;
  s.start("rush");
  s.start("rush-1");
  s.start("rush-12");
  s.start("rushy");   // not a member: another name
  s.start("rush-x");  // not a member: not a number
  s.start("m");
  s.drop("d", "x");
  s.end("done");
  const std::string page = page_of(s, {"crowd", {}, {"rush"}});
  CHECK(count(page, "<text class=\"name sticky\"") == 5);
  CHECK(has(page, ">rush (crowd)</text>"));
  CHECK(has(page, ">rushy</text>"));
  CHECK(has(page, ">rush-x</text>"));
  CHECK(has(page, ">m</text>"));
  CHECK(has(page, ">(channels)</text>"));
  CHECK_FALSE(has(page, ">rush-1<"));
}

TEST_CASE("each handoff is an arrow labelled with its value, running forward in time",
          "[html_writer]") {
  const std::string page = page_of(small_run());
  const auto arrows =
      tags(page.substr(page.find("<svg id=\"view\"")), "<g class=\"handoff\"><line");
  REQUIRE(arrows.size() == 2);
  for (const auto& a : arrows) CHECK(attr(a, 0, "x2") >= attr(a, 0, "x1"));
  CHECK(has(page, ">c: &quot;a&quot;</text></g>"));
  CHECK(has(page, ">c: &quot;b&quot;</text></g>"));
}

TEST_CASE("x is proportional to virtual time between moments / long idle stretches fold",
          "[html_writer]") {
  // Moments at 0 (6 events), 10 (1) and 30 (3): gaps of 10 and 20 ms, nothing folded.
  const std::string page = page_of(small_run());
  const auto ticks = tags(page, "<line class=\"tick\"");
  REQUIRE(ticks.size() == 3);
  const double px_per_ms = attr(page, page.find("<svg id=\"view\""), "data-px-per-ms");
  CHECK(px_per_ms > 0);
  const double sub = attr(ticks[0], 0, "data-w") / 5;  // 6 events: 5 steps
  CHECK(sub > 0);
  for (std::size_t k = 1; k < ticks.size(); ++k) {
    const double dt = attr(ticks[k], 0, "data-t") - attr(ticks[k - 1], 0, "data-t");
    const double gap = attr(ticks[k], 0, "x1") - attr(ticks[k - 1], 0, "x1") -
                       attr(ticks[k - 1], 0, "data-w") - sub;
    CHECK(gap == Approx(dt * px_per_ms).margin(0.2));
  }
  CHECK_FALSE(has(page, "class=\"fold\" data-from"));

  event_script s;
  for (std::int64_t t : {0, 10, 20, 30, 500'000, 500'010}) {
    s.now = t;
    s.log("p", "tick");
  }
  s.end("done");
  const std::string folded = page_of(s);
  REQUIRE(count(folded, "<g class=\"fold\" data-from=\"30\" data-to=\"500000\">") == 1);
  CHECK(has(folded, ">⋯ 8m19.970s</text></g>"));
  CHECK(has(folded, "1 idle stretch longer than 0.100s is folded"));
  // The fold is narrow: 500 s take less room than the 30 ms before them would at 20 px each.
  const auto t = tags(folded, "<line class=\"tick\"");
  REQUIRE(t.size() == 6);
  CHECK(attr(t[4], 0, "x1") - attr(t[3], 0, "x1") < 60);
}

TEST_CASE(
    "sleeps, parks and blocks are shaded up to the process's next event / deadlocked "
    "lanes to the end",
    "[html_writer]") {
  const std::string page = page_of(small_run());
  CHECK(count(page, "<rect class=\"parked\" x=") == 1);
  CHECK(count(page, "<rect class=\"blocked\" x=") == 1);
  CHECK(count(page, "<rect class=\"sleeping\" x=") == 1);
  CHECK_FALSE(has(page, "<rect class=\"deadlocked\" x="));

  event_script s;
  s.start("ann");
  s.park("ann", wait_op::take, "a");
  s.start("bob");
  s.now = 5;
  s.log("bob", "still here");
  deadlock_report stuck;
  stuck.waiting = {{"ann", wait_op::take, {"a"}}};
  s.deadlock(stuck);
  s.end("deadlock");
  const std::string dead = page_of(s);
  const auto shades = tags(dead, "<rect class=\"deadlocked\" x=");
  REQUIRE(shades.size() == 1);
  const auto lanes = tags(dead, "<line class=\"lane\"");
  REQUIRE(!lanes.empty());
  // From ann's park to the end of the lanes.
  CHECK(attr(shades[0], 0, "x") + attr(shades[0], 0, "width") ==
        Approx(attr(lanes[0], 0, "x2")).margin(0.1));
  CHECK(has(dead, "Ended: <b>deadlock</b>"));
}

TEST_CASE("a deadlock's cycle is drawn from each waiter to the one it waits for, and named",
          "[html_writer]") {
  event_script s;
  s.start("ann");
  s.start("bob");
  s.start("cy");
  s.park("ann", wait_op::take, "tongs2");
  s.park("bob", wait_op::take, "tongs1");
  s.park("cy", wait_op::take, "c");
  deadlock_report stuck;
  stuck.waiting = {{"ann", wait_op::take, {"tongs2"}},
                   {"bob", wait_op::take, {"tongs1"}},
                   {"cy", wait_op::take, {"c"}}};
  stuck.cycle = {"ann", "bob", "ann"};
  s.deadlock(stuck);
  s.end("deadlock");
  const std::string page = page_of(s);
  CHECK(has(page, "Deadlock cycle: <b>ann → bob → ann</b>"));
  // Each edge in the timeline (not the legend's sample), as the text of its group.
  std::vector<std::string> edges;
  for (auto at = page.find("<g class=\"cycle\"><path d=", page.find("<svg id=\"view\""));
       at != std::string::npos; at = page.find("<g class=\"cycle\"><path d=", at + 1))
    edges.push_back(page.substr(at, page.find("</g>", at) - at));
  REQUIRE(edges.size() == 2);  // ann -> bob, bob -> ann; cy waits but is not on the cycle
  CHECK(has(edges[0], "waits for bob (tongs2)"));
  CHECK(has(edges[1], "waits for ann (tongs1)"));
  // Every lane is shaded to the end, the cycle's and cy's.
  CHECK(tags(page, "<rect class=\"deadlocked\" x=").size() == 3);

  event_script none;
  none.start("ann");
  none.park("ann", wait_op::take, "a");
  deadlock_report alone;
  alone.waiting = {{"ann", wait_op::take, {"a"}}};
  none.deadlock(alone);
  none.end("deadlock");
  const std::string plain = page_of(none);
  CHECK_FALSE(has(plain, "Deadlock cycle:"));
  CHECK(plain.find("<g class=\"cycle\"><path d=", plain.find("<svg id=\"view\"")) ==
        std::string::npos);
}

TEST_CASE("a click shows the event and what --explain says of it", "[html_writer]") {
  const std::string page = page_of(small_run());
  const auto script = page.substr(page.find("<script>"));
  // One entry per drawn event, in order; the park's explanation follows its line.
  CHECK(has(script, "const infos=[\"0.000s p start\","));
  CHECK(has(script, "\"0.000s q park op=\\\"take\\\" chan=\\\"c\\\"\\nq parks"));
  CHECK(count(page, "<circle class=\"") == 10 + 5);  // every event, and the legend's five
  CHECK(count(page, " data-i=\"") == 10);
}

TEST_CASE("a crowd run charts queue, stock, customers present, served and hungry",
          "[html_writer]") {
  event_script s;
  // m is the scenario's process 0; rush, the crowd, its process 1.
  s.payload("m", stock_event{0, 2, 3});
  s.payload("rush-1", arrive_event{"m", 0, 3});
  s.now = 10;
  s.payload("rush-2", arrive_event{"m", 0, 3});
  s.payload("m", pay_event{0, "rush-1", 3, 0});
  s.payload("m", dispense_event{0, "rush-1"});
  s.now = 15;
  s.payload("rush-1", leave_event{leave_reason::served, 15, 0});
  s.now = 20;
  s.payload("rush-2", leave_event{leave_reason::impatient, 10, 0});
  s.end("done");
  const std::string page = page_of(s, {"crowd", {}, {"rush"}});
  for (const char* series :
       {"customers present", "queue at m", "hopper stock at m", "served so far", "hungry so far"})
    CHECK(has(page, std::string("<g class=\"chart\" data-series=\"") + series + "\">"));
  // Each chart's scale is its largest value after a moment: two customers present at 10 ms.
  auto max_of = [&](const std::string& series) {
    const auto at = page.find("data-series=\"" + series + "\"");
    const auto m = page.find(">max ", at);
    return page.substr(m + 5, page.find('<', m) - m - 5);
  };
  CHECK(max_of("customers present") == "2");
  CHECK(max_of("queue at m") == "1");  // rush-1 paid at 10 ms, as rush-2 came
  CHECK(max_of("hopper stock at m") == "2");
  CHECK(max_of("served so far") == "1");
  CHECK(max_of("hungry so far") == "1");
  CHECK_FALSE(has(page_of(s), "class=\"chart\""));  // no crowd, no charts
}

TEST_CASE("a long run draws its first events and counts the rest", "[html_writer]") {
  event_script s;
  for (std::size_t i = 0; i < html_writer::max_events + 10; ++i) s.log("p", "x");
  s.end("done");
  const std::string page = page_of(s);
  // The end is always drawn, after the first max_events.
  CHECK(has(page, "Ended: <b>done</b>. 5001 events, 10 more not drawn."));
  CHECK(count(page, " data-i=\"") == html_writer::max_events + 1);
}

namespace {

// Writes one page from the events as the simulation tags them, another from the same events
// with every tag cleared (as a library user's untagged processes and channels report them).
class tagged_and_untagged_pages final : public observer {
 public:
  void on_event(const event& e) override {
    tagged_seen = tagged_seen || e.proc_tag != 0;
    tagged.on_event(e);
    untagged.on_event(hotdog::test::without_tags(e));
  }
  std::ostringstream tagged_out, untagged_out;
  html_writer tagged{tagged_out, "t"}, untagged{untagged_out, "t"};
  bool tagged_seen = false;
};

}  // namespace

TEST_CASE("the page is the same from tagged and untagged events", "[html]") {
  for (const char* name : {"dining-philosophers", "morning-rush", "alts-timeout", "go-blocking"}) {
    INFO(name);
    auto r = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/" + name + ".json");
    REQUIRE(r.has_value());
    tagged_and_untagged_pages pages;
    run_options o;
    o.seed = 3;
    simulate(*r, o, pages);
    CHECK(pages.tagged_seen);
    CHECK(pages.tagged_out.str() == pages.untagged_out.str());
  }
}
