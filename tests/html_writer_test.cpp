#include <hotdog/sim/html_writer.hpp>

#include "event_script.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

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

// Two processes, a park and a block, two handoffs (one take before its put), a drop.
event_script small_run() {
  event_script s;
  s.start("p");                     // 0
  s.park("q", wait_op::take, "c");  // 1
  s.put("p", "c", "a");             // 2
  s.take("q", "c", "a");            // 3: q parked 1 -> 3; handoff 2 -> 3
  s.block("p", wait_op::put, "c");  // 4
  s.drop("d", "x");                 // 5: no process: the last lane (on another channel)
  s.now = 1500;
  s.take("q", "c", "b");  // 6
  s.put("p", "c", "b");   // 7: p blocked 4 -> 7; handoff 7 -> 6
  s.end("done");          // 8
  return s;
}

std::string page_of(const event_script& s, const std::string& title = "small") {
  std::ostringstream out;
  html_writer w(out, title);
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

TEST_CASE("the page is one self-contained document", "[html_writer]") {
  const std::string page = page_of(small_run(), "<a & b>");
  CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n", 0) == 0);
  CHECK(page.size() >= 8);
  CHECK(page.substr(page.size() - 8) == "</html>\n");
  CHECK(count(page, "<html") == 1);
  CHECK(count(page, "</html>") == 1);
  CHECK(count(page, "<svg") == 1);
  CHECK_FALSE(has(page, "<script"));
  CHECK_FALSE(has(page, "src="));
  CHECK_FALSE(has(page, "<link"));
  CHECK_FALSE(has(page, "@import"));
  CHECK_FALSE(has(page, "https:"));
  // The one http: is the SVG namespace, a name that is never fetched.
  CHECK(count(page, "http:") == 1);
  CHECK(has(page, "xmlns=\"http://www.w3.org/2000/svg\""));
  // The title is escaped.
  CHECK(has(page, "<title>&lt;a &amp; b&gt; — hotdog timeline</title>"));
  CHECK(has(page, "<h1>&lt;a &amp; b&gt;</h1>"));
  CHECK_FALSE(has(page, "<a & b>"));
  CHECK(has(page, "<p>9 events. "));
}

TEST_CASE("one lane per process, in order of first appearance, then the channels' lane",
          "[html_writer]") {
  const std::string page = page_of(small_run());
  CHECK(count(page, "<line class=\"lane\"") == 3);
  CHECK(has(page,
            "<line class=\"lane\" x1=\"150\" y1=\"92\" x2=\"880\" y2=\"92\"/>\n"
            "<text class=\"name\" x=\"10\" y=\"96\">p</text>\n"
            "<line class=\"lane\" x1=\"150\" y1=\"136\" x2=\"880\" y2=\"136\"/>\n"
            "<text class=\"name\" x=\"10\" y=\"140\">q</text>\n"
            "<line class=\"lane\" x1=\"150\" y1=\"180\" x2=\"880\" y2=\"180\"/>\n"
            "<text class=\"name\" x=\"10\" y=\"184\">(channels)</text>\n"));
  // The drop, which has no process, is on the channels' lane, escaped in its title.
  CHECK(has(page,
            "<circle class=\"bad\" cx=\"304\" cy=\"180\" r=\"5\"><title>0.000s - drop "
            "chan=&quot;d&quot; value=&quot;x&quot;</title></circle>"));
  CHECK(count(page, "<circle class=\"") == 9 + 3);  // every event, and the legend's three
}

TEST_CASE("an arrow per handoff, from the putter's event to the taker's", "[html_writer]") {
  const std::string page = page_of(small_run());
  CHECK(count(page, "marker-end=\"url(#head)\"><title>") == 2);
  CHECK(has(page,
            "<line class=\"handoff\" x1=\"220\" y1=\"92\" x2=\"248\" y2=\"136\" "
            "marker-end=\"url(#head)\"><title>c: &quot;a&quot;</title></line>"));
  CHECK(has(page,
            "<line class=\"handoff\" x1=\"360\" y1=\"92\" x2=\"332\" y2=\"136\" "
            "marker-end=\"url(#head)\"><title>c: &quot;b&quot;</title></line>"));
}

TEST_CASE("parked and blocked intervals are shaded up to the process's next event",
          "[html_writer]") {
  const std::string page = page_of(small_run());
  CHECK(has(page, "<rect class=\"parked\" x=\"192\" y=\"126\" width=\"56\" height=\"20\"/>"));
  CHECK(has(page, "<rect class=\"blocked\" x=\"276\" y=\"82\" width=\"84\" height=\"20\"/>"));
  // Those two, and one of each in the legend.
  CHECK(count(page, "<rect class=\"parked\"") == 2);
  CHECK(count(page, "<rect class=\"blocked\"") == 2);
}

TEST_CASE("the virtual time is written above each moment it changes", "[html_writer]") {
  const std::string page = page_of(small_run());
  CHECK(count(page, "<text class=\"time\"") == 2);
  CHECK(has(page, ">0.000s</text>"));
  CHECK(has(page, ">1.500s</text>"));
}

TEST_CASE("a long run draws its first events and counts the rest", "[html_writer]") {
  event_script s;
  for (std::size_t i = 0; i < html_writer::max_events + 10; ++i) s.log("p", "x");
  s.end("done");
  const std::string page = page_of(s);
  // The end is always drawn, after the first max_events.
  CHECK(has(page, "<p>5001 events, 10 more not drawn. "));
  CHECK(count(page, "<circle class=\"") == html_writer::max_events + 1 + 3);
}
