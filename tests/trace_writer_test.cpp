#include <hotdog/sim/trace/trace_writer.hpp>

#include <hotdog/sim/events/payloads.hpp>

#include "event_script.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <ostream>
#include <streambuf>
#include <sstream>
#include <string>

using namespace hotdog;
using namespace hotdog::sim;
using hotdog::test::event_script;

namespace {

constexpr auto kind_of(sim_event k) { return static_cast<std::uint16_t>(k); }

// One event of every core kind, and one of the simulation's.
event_script every_kind() {
  event_script s;
  s.start("p");
  s.put("p", "c", "a");
  s.park("q", wait_op::take, "c");
  s.now = 5;
  s.take("q", "c", "a");
  s.offer("p", "c", "b", std::nullopt);
  s.poll("q", "c");
  s.close("p", "c");
  s.park_alts("q", {"c", "timeout"}, event_kind::block);
  s.drop("c", "x");
  s.slide("c", "y");
  s.alts("q", "timeout", wait_op::take, std::nullopt);
  s.sleep("p", 250);
  s.log("p", "say \"hi\"\n");
  s.error("p", "boom");
  deadlock_report r;
  r.waiting.push_back({"q", wait_op::take, {"c"}});
  r.waiting.push_back({"z", wait_op::alts, {"c", "d"}});
  s.deadlock(r);
  s.payload("m", pay_event{0, "c", 3, 1});
  s.exit("p");
  s.end("deadlock");
  return s;
}

}  // namespace

TEST_CASE("jsonl_writer writes one compact object per event, keys in the spec's order",
          "[trace_writer]") {
  std::ostringstream out;
  jsonl_writer w(out);
  every_kind().play(w);
  CHECK(out.str() ==
        R"({"seq":1,"t":0,"proc":"p","ev":"start"}
{"seq":2,"t":0,"proc":"p","ev":"put","chan":"c","value":"a","ok":true}
{"seq":3,"t":0,"proc":"q","ev":"park","op":"take","chan":"c"}
{"seq":4,"t":5,"proc":"q","ev":"take","chan":"c","value":"a"}
{"seq":5,"t":5,"proc":"p","ev":"offer","chan":"c","value":"b","ok":null}
{"seq":6,"t":5,"proc":"q","ev":"poll","chan":"c","value":null}
{"seq":7,"t":5,"proc":"p","ev":"close","chan":"c"}
{"seq":8,"t":5,"proc":"q","ev":"block","op":"alts","chan":"c|timeout"}
{"seq":9,"t":5,"ev":"drop","chan":"c","value":"x"}
{"seq":10,"t":5,"ev":"slide","chan":"c","value":"y"}
{"seq":11,"t":5,"proc":"q","ev":"alts","port":"timeout","value":null}
{"seq":12,"t":5,"proc":"p","ev":"sleep","ms":250}
{"seq":13,"t":5,"proc":"p","ev":"log","msg":"say \"hi\"\n"}
{"seq":14,"t":5,"proc":"p","ev":"error","msg":"boom"}
{"seq":15,"t":5,"ev":"deadlock","waiting":[{"proc":"q","op":"take","chan":"c"},{"proc":"z","op":"alts","chan":"c|d"}]}
{"seq":16,"t":5,"proc":"m","ev":"pay","from":"c","amount":3}
{"seq":17,"t":5,"proc":"p","ev":"exit"}
{"seq":18,"t":5,"ev":"end","reason":"deadlock"}
)");
}

namespace {

// A stream buffer that takes `room` bytes and then no more, as a full disk does.
class filling_buf final : public std::streambuf {
 public:
  explicit filling_buf(std::size_t room) : room_(room) {}
  std::string taken;

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    const auto k = std::min(static_cast<std::size_t>(n), room_ - taken.size());
    taken.append(s, k);
    return static_cast<std::streamsize>(k);
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof()) || taken.size() == room_)
      return traits_type::eof();
    taken += traits_type::to_char_type(c);
    return c;
  }

 private:
  std::size_t room_;
};

}  // namespace

// The writer puts each line straight into the stream's buffer: a short write must still fail
// the stream (the run's end reports it), and a failed stream is written no more.
TEST_CASE("jsonl_writer fails its stream on a short write and then writes nothing",
          "[trace_writer]") {
  filling_buf buf(50);
  std::ostream out(&buf);
  jsonl_writer w(out);
  every_kind().play(w);
  CHECK(out.bad());
  std::ostringstream whole;
  jsonl_writer all(whole);
  every_kind().play(all);
  CHECK(buf.taken == whole.str().substr(0, 50));

  filling_buf roomy(1 << 20);
  std::ostream failed(&roomy);
  failed.setstate(std::ios::failbit);
  jsonl_writer v(failed);
  every_kind().play(v);
  CHECK(roomy.taken.empty());

  std::ostream no_buffer(nullptr);
  jsonl_writer u(no_buffer);
  every_kind().play(u);
  CHECK(no_buffer.bad());
}

// The line's start is laid out in a buffer of its own: the longest numbers fit.
TEST_CASE("jsonl_writer writes the largest sequence number and the most negative time",
          "[trace_writer]") {
  event e;
  e.kind = event_kind::start;
  e.seq = std::numeric_limits<std::uint64_t>::max();
  e.t = std::numeric_limits<std::int64_t>::min();
  e.proc = "p";
  std::ostringstream out;
  jsonl_writer w(out);
  w.on_event(e);
  CHECK(out.str() ==
        R"({"seq":18446744073709551615,"t":-9223372036854775808,"proc":"p","ev":"start"})"
        "\n");
}

TEST_CASE("jsonl_writer escapes names, texts and custom keys", "[trace_writer]") {
  event_script s;
  s.log("tab\there", "\x01");
  s.custom("", "odd", 99, {{"a \"key\"", 1.5}});
  std::ostringstream out;
  jsonl_writer w(out);
  s.play(w);
  CHECK(out.str() ==
        "{\"seq\":1,\"t\":0,\"proc\":\"tab\\there\",\"ev\":\"log\",\"msg\":\"\\u0001\"}\n"
        "{\"seq\":2,\"t\":0,\"ev\":\"odd\",\"a \\\"key\\\"\":1.5}\n");
}

TEST_CASE("the text summary writes a mean of waits at the end of time as that time",
          "[trace_writer]") {
  // Waits of 2^63-1 ms have a mean that is 2^63 as a double, which no long long holds.
  event_script s;
  summary_event tallies;
  tallies.customers = tallies.served = 1;
  tallies.wait_mean = static_cast<double>(std::numeric_limits<std::int64_t>::max());
  tallies.wait_p50 = tallies.wait_p95 = tallies.wait_max = std::numeric_limits<std::int64_t>::max();
  s.payload("", tallies);
  std::ostringstream out, summary;
  text_writer w(out, 1, false, summary);
  s.play(w);
  const std::string end = format_time(std::numeric_limits<std::int64_t>::max());
  CHECK(summary.str().find("arrival to leaving: mean " + end + ", p50 " + end + ", p95 " + end +
                           ", max " + end + "\n") != std::string::npos);
}

TEST_CASE("format_time writes virtual time for people", "[trace_writer]") {
  CHECK(format_time(0) == "0.000s");
  CHECK(format_time(999) == "0.999s");
  CHECK(format_time(2500) == "2.500s");
  CHECK(format_time(59'999) == "59.999s");
  CHECK(format_time(62'500) == "1m02.500s");
  CHECK(format_time(3'600'000) == "1h00m00.000s");
  CHECK(format_time(90'061'001) == "25h01m01.001s");
}

TEST_CASE("text_writer aligns time, process and event in columns", "[trace_writer]") {
  event_script s;
  s.start("maker");
  s.put("maker", "c", "a");
  s.now = 62'500;
  s.drop("c", "x");
  s.payload("m", dispense_event{0, "amy"});
  s.log("p", "");
  s.end("done");
  std::ostringstream out, summary;
  text_writer w(out, 5, false, summary);
  s.play(w);
  CHECK(out.str() ==
        "      0.000s  maker  start\n"
        "      0.000s  maker  put      chan=\"c\" value=\"a\" ok=true\n"
        "   1m02.500s  -      drop     chan=\"c\" value=\"x\"\n"
        "   1m02.500s  m      dispense to=\"amy\" item=\"hot dog\"\n"
        "   1m02.500s  p      log      msg=\"\"\n"
        "   1m02.500s  -      end      reason=\"done\"\n");
  CHECK(summary.str().empty());
}

TEST_CASE("text_writer colours an event's name when asked", "[trace_writer]") {
  event_script s;
  s.park("q", wait_op::take, "c");
  s.log("q", "plain");
  std::ostringstream out, summary;
  text_writer w(out, 1, true, summary);
  s.play(w);
  CHECK(out.str() ==
        "      0.000s  q  \x1b[33mpark    \x1b[0m op=\"take\" chan=\"c\"\n"
        "      0.000s  q  log      msg=\"plain\"\n");
}

TEST_CASE("text_writer explains under an event when asked", "[trace_writer]") {
  event_script s;
  s.park("q", wait_op::take, "c");
  s.now = 10;
  s.take("q", "c", "v");
  s.log("q", "no explanation");
  std::ostringstream out, summary;
  text_writer w(out, 3, false, summary);
  w.set_explain(true);
  s.play(w);
  const std::string under(12 + 2 + 3 + 2, ' ');
  CHECK(out.str() ==
        "      0.000s  q    park     op=\"take\" chan=\"c\"\n" + under +
            "↳ q parks (its go block gives its thread back): there is nothing to take from c "
            "yet\n"
            "      0.010s  q    take     chan=\"c\" value=\"v\"\n" +
            under +
            "↳ q wakes: a value arrived on c\n"
            "      0.010s  q    log      msg=\"no explanation\"\n");
}

TEST_CASE("a leave's waited is a time in text and whole ms in JSONL", "[trace_writer]") {
  event_script s;
  s.now = 64'000;
  s.payload("ann", leave_event{leave_reason::impatient, 62'500, 0});
  std::ostringstream text, jsonl, summary, mermaid;
  text_writer t(text, 3, false, summary);
  jsonl_writer j(jsonl);
  mermaid_writer m(mermaid);
  s.play(t);
  s.play(j);
  s.play(m);
  CHECK(text.str() == "   1m04.000s  ann  leave    reason=\"impatient\" waited=1m02.500s\n");
  // The Mermaid note, a picture for people too, says it as the text does.
  CHECK(mermaid.str().find("leave reason=\"impatient\" waited=1m02.500s") != std::string::npos);
  CHECK(jsonl.str() ==
        "{\"seq\":1,\"t\":64000,\"proc\":\"ann\",\"ev\":\"leave\",\"reason\":\"impatient\","
        "\"waited\":62500}\n");
}

TEST_CASE("jsonl_writer adds an explain field, last, when asked", "[trace_writer]") {
  event_script s;
  s.park("q", wait_op::take, "c");
  s.log("q", "no explanation");
  std::ostringstream out;
  jsonl_writer w(out);
  w.set_explain(true);
  s.play(w);
  CHECK(out.str() ==
        "{\"seq\":1,\"t\":0,\"proc\":\"q\",\"ev\":\"park\",\"op\":\"take\",\"chan\":\"c\","
        "\"explain\":\"q parks (its go block gives its thread back): there is nothing to take "
        "from c yet\"}\n"
        "{\"seq\":2,\"t\":0,\"proc\":\"q\",\"ev\":\"log\",\"msg\":\"no explanation\"}\n");
}

TEST_CASE("text_writer writes the summary for people, to its own stream", "[trace_writer]") {
  event_script s;
  summary_event tallies;
  tallies.sold = 2;
  tallies.revenue = 6;
  tallies.change = 1;
  tallies.customers = 3;
  tallies.served = 2;
  tallies.hungry = 1;
  tallies.wait_mean = 1500;
  tallies.wait_p50 = 1000;
  tallies.wait_p95 = 2000;
  tallies.wait_max = 62'500;
  tallies.cooked = 5;
  tallies.stock_left = 3;
  tallies.balanced = true;
  s.payload("", tallies);
  // A summary event that carries no tallies (only fields, which the text does not read).
  s.custom("", "summary", kind_of(sim_event::summary), {{"balanced", true}});
  std::ostringstream out, summary;
  text_writer w(out, 1, false, summary);
  s.play(w);
  CHECK(out.str().empty());
  CHECK(summary.str() ==
        "summary: 2 hot dogs sold; revenue 6, change 1, refunds 0, lettuce 0\n"
        "customers: 3 (2 served, 1 hungry, 0 refunded, 0 lettuce, 0 still there)\n"
        "arrival to leaving: mean 1.500s, p50 1.000s, p95 2.000s, max 1m02.500s\n"
        "stock: 5 cooked, 3 left; every coin and hot dog is accounted for\n"
        // A summary without its tallies says so with '?', and is not called balanced.
        "summary: ? hot dogs sold; revenue ?, change ?, refunds ?, lettuce ?\n"
        "customers: ? (? served, ? hungry, ? refunded, ? lettuce, ? still there)\n"
        "arrival to leaving: mean ?, p50 ?, p95 ?, max ?\n"
        "stock: ? cooked, ? left; THE CONSERVATION CHECK FAILED\n");
}

TEST_CASE("mermaid_writer: participants, an arrow per handoff, notes", "[trace_writer]") {
  event_script s;
  s.start("p");
  s.start("q");
  s.put("p", "c", "a");
  s.park("q", wait_op::take, "c");
  s.take("q", "c", "a");
  s.put("p", "c", "z", false);
  s.take("q", "c");
  s.drop("c", "x");
  s.slide("c", "y");
  s.park_alts("p", {"a", "b"}, event_kind::block);
  s.alts("p", "default", wait_op::none, "d");
  s.alts("p", "timeout", wait_op::take, std::nullopt);
  s.alts("p", "c", wait_op::put, std::nullopt, false);
  s.alts("p", "c", wait_op::take, std::nullopt);
  s.alts("p", "c", wait_op::take, "v");  // a plain win: no note
  s.close("p", "c");
  s.sleep("q", 250);
  s.log("q", "a; b #1\nend");
  s.log("q", "%%{init: {'theme': 'dark'}}%%");  // no directive to Mermaid
  s.deadlock({});
  s.payload("q", cook_event{2});
  s.payload("p", pay_event{0, "q", 3, 0});  // no note
  s.error("p", "boom");
  s.end("error");
  std::ostringstream out;
  {
    mermaid_writer w(out);
    s.play(w);
  }
  CHECK(out.str() ==
        "sequenceDiagram\n"
        "    participant p0 as p\n"
        "    participant p1 as q\n"
        "    Note over p1: parks: take on c\n"
        "    p0->>p1: t=0.000s c: \"a\"\n"
        "    Note over p0: put to closed c returns false\n"
        "    Note over p1: takes null: c is closed\n"
        "    Note over p0: c drops \"x\"\n"
        "    Note over p0: c slides out \"y\"\n"
        "    Note over p0: blocks: alts on a|b\n"
        "    Note over p0: alts: default wins\n"
        "    Note over p0: alts: timeout wins\n"
        "    Note over p0: alts: put to closed c returns false\n"
        "    Note over p0: alts: c is closed\n"
        "    Note over p0: closes c\n"
        "    Note over p1: sleeps 250 ms\n"
        "    Note over p1: a#59; b #35;1 end\n"
        "    Note over p1: #37;#37;{init: {'theme': 'dark'}}#37;#37;\n"
        "    Note over p0: deadlock\n"
        "    Note over p1: cook count=2\n"
        "    Note over p0: error: boom\n");
}

TEST_CASE("mermaid_writer declares a participant before the first note over it", "[trace_writer]") {
  // An error with no process (the simulation's failed conservation check) is noted over a
  // participant "-" that is declared only then: its declaration must come before the note,
  // not in the middle of it. The same holds for a note over a process with no start event.
  event_script s;
  s.start("p");
  s.error("", "conservation check failed");
  s.payload("chef", cook_event{1});
  s.end("error");
  std::ostringstream out;
  mermaid_writer w(out);
  s.play(w);
  CHECK(out.str() ==
        "sequenceDiagram\n"
        "    participant p0 as p\n"
        "    participant p1 as -\n"
        "    Note over p1: error: conservation check failed\n"
        "    participant p2 as chef\n"
        "    Note over p2: cook count=1\n");
}

TEST_CASE("mermaid_writer draws the arrow from the putter even when the take came first",
          "[trace_writer]") {
  event_script s;
  s.start("taker");
  s.start("giver");
  s.take("taker", "c", "1");
  s.put("giver", "c", "1");
  std::ostringstream out;
  mermaid_writer w(out);
  s.play(w);
  CHECK(out.str() ==
        "sequenceDiagram\n"
        "    participant p0 as taker\n"
        "    participant p1 as giver\n"
        "    p1->>p0: t=0.000s c: \"1\"\n");
}

TEST_CASE("mermaid_writer draws an alts put's arrow at the handoff, with its value and time",
          "[trace_writer]") {
  // The alts event of a put says only true; the take that received the value names it.
  event_script s;
  s.start("offerer");
  s.start("taker");
  s.now = 2500;
  s.alts("offerer", "c2", wait_op::put, "true", true);
  s.take("taker", "c2", "put!");
  std::ostringstream out;
  mermaid_writer w(out);
  s.play(w);
  CHECK(out.str() ==
        "sequenceDiagram\n"
        "    participant p0 as offerer\n"
        "    participant p1 as taker\n"
        "    p0->>p1: t=2.500s c2: \"put!\"\n");
}

TEST_CASE("mermaid_writer notes a deadlock over every waiting process and names the cycle",
          "[trace_writer]") {
  event_script s;
  s.start("machine");
  s.start("ann");
  s.start("bob");
  s.exit("machine");
  deadlock_report r;
  r.waiting.push_back({"ann", wait_op::take, {"tongs2"}});
  r.waiting.push_back({"bob", wait_op::take, {"tongs1"}});
  r.cycle = {"ann", "bob", "ann"};
  s.deadlock(r);
  std::ostringstream out;
  mermaid_writer w(out);
  s.play(w);
  CHECK(out.str() ==
        "sequenceDiagram\n"
        "    participant p0 as machine\n"
        "    participant p1 as ann\n"
        "    participant p2 as bob\n"
        "    Note over p1: deadlock: waits forever to take on tongs2\n"
        "    Note over p2: deadlock: waits forever to take on tongs1\n"
        "    Note over p1: deadlock cycle: ann → bob → ann\n");
}

TEST_CASE(
    "mermaid_writer folds a crowd into one participant and draws values through a "
    "buffer: in at the put, out at the take",
    "[trace_writer]") {
  event_script s;
  s.start("rush-1");
  s.start("rush-2");
  s.put("rush-1", "news", "a");
  s.close("rush-1", "news");
  s.take("rush-2", "news", "a");
  s.put("rush-2", "echo", "b");
  s.take("rush-1", "echo", "b");
  std::ostringstream out;
  mermaid_writer w(out, page_info{"t", {}, {"rush"}, {"news"}});
  s.play(w);
  CHECK(out.str() ==
        "sequenceDiagram\n"
        "    participant p0 as rush (crowd)\n"
        "    participant p1 as news (buffer)\n"
        "    p0->>p1: t=0.000s into news: \"a\"\n"
        "    Note over p0: closes news\n"
        "    p1->>p0: t=0.000s out of news: \"a\"\n"
        "    p0->>p0: t=0.000s echo: \"b\"\n");
  CHECK(w.size() == out.str().size());
}

TEST_CASE(
    "mermaid_writer draws a handoff at the put that met a parked taker, before a close "
    "that the take is reported after",
    "[trace_writer]") {
  event_script s;
  s.start("machine");
  s.start("customer");
  s.block("customer", wait_op::take, "out");
  s.put("machine", "out", "hot dog");
  s.close("machine", "out");
  s.take("customer", "out", "hot dog");
  std::ostringstream out;
  mermaid_writer w(out);
  s.play(w);
  CHECK(out.str() ==
        "sequenceDiagram\n"
        "    participant p0 as machine\n"
        "    participant p1 as customer\n"
        "    Note over p1: blocks: take on out\n"
        "    p0->>p1: t=0.000s out: \"hot dog\"\n"
        "    Note over p0: closes out\n");
}
