// Runs that cannot go on: deadlocks among some processes while others run, their cycles,
// and stalls, asserted on the event log of whole simulated runs.
#include <hotdog/sim/analysis/explainer.hpp>
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;

namespace {

struct outcome {
  run_result result;
  std::string jsonl;
  std::string last_lines(int n) const {
    std::vector<std::string> lines;
    std::istringstream in(jsonl);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    std::string out;
    for (std::size_t i = lines.size() > static_cast<std::size_t>(n) ? lines.size() - n : 0;
         i < lines.size(); ++i)
      out += lines[i] + "\n";
    return out;
  }
};

outcome run_json(const std::string& text, run_options opts = {}) {
  auto r = load_scenario(text, "s.json");
  for (auto& e : r.errors()) FAIL(e.to_string());
  std::ostringstream out;
  jsonl_writer w(out);
  outcome o;
  o.result = simulate(*r, opts, w);
  o.jsonl = out.str();
  return o;
}

std::vector<std::string> names(const deadlock_report& d) {
  std::vector<std::string> out;
  for (const auto& w : d.waiting) out.push_back(w.proc);
  return out;
}

// A daemon that ticks for ever: without the partial check, a run with it never deadlocks.
const std::string clock_process =
    R"({"name": "clock", "kind": "script", "daemon": true,
        "steps": [{"loop": [{"sleep": "1s"}, {"put": "tick", "value": "tick"}]}]})";
const std::string clock_channel = R"({"name": "tick", "buffer": 1, "policy": "sliding"})";

}  // namespace

TEST_CASE("two processes waiting on each other deadlock while a daemon clock ticks",
          "[sim][deadlock]") {
  const std::string text =
      R"({"hotdog": 1, "channels": [{"name": "tongs1"}, {"name": "tongs2"}, )" + clock_channel +
      R"(], "processes": [)" + clock_process + R"(,
    {"name": "ann", "kind": "script", "steps": [{"take": "tongs2"}, {"put": "tongs1", "value": 1}]},
    {"name": "bob", "kind": "script", "steps": [{"take": "tongs1"}, {"put": "tongs2", "value": 2}]}]})";
  run_options until;
  until.until = 3000;
  for (const run_options& opts : {run_options{}, until}) {
    const auto o = run_json(text, opts);
    CHECK(o.result.reason == end_reason::deadlock);
    CHECK(exit_status_of(o.result.reason) == exit_status::deadlock);
    CHECK(o.result.t == 0);
    CHECK(o.result.deadlock.others_run);
    CHECK(names(o.result.deadlock) == std::vector<std::string>{"ann", "bob"});
    CHECK(o.result.deadlock.cycle == std::vector<std::string>{"ann", "bob", "ann"});
    CHECK(o.last_lines(2) ==
          R"({"seq":7,"t":0,"ev":"deadlock","waiting":[{"proc":"ann","op":"take","chan":"tongs2"},)"
          R"({"proc":"bob","op":"take","chan":"tongs1"}],"cycle":["ann","bob","ann"]})"
          "\n"
          R"({"seq":8,"t":0,"ev":"end","reason":"deadlock"})"
          "\n");
    CHECK(describe_cycle(o.result.deadlock) ==
          "ann waits for tongs2, which only bob puts to; bob waits for tongs1, which only ann "
          "puts to");
  }
}

TEST_CASE("a process that starts later, naming none of their channels, does not hide a deadlock",
          "[sim][deadlock]") {
  const auto o =
      run_json(R"({"hotdog": 1, "channels": [{"name": "a"}, {"name": "b"}], "processes": [
    {"name": "ann", "kind": "script", "steps": [{"take": "a"}, {"put": "b", "value": 1}]},
    {"name": "bob", "kind": "script", "steps": [{"take": "b"}, {"put": "a", "value": 1}]},
    {"name": "late", "kind": "script", "start": "1h", "steps": [{"log": "here"}]},
    {"name": "later", "kind": "script", "start": "2h",
     "steps": [{"put": "a", "value": 1}, {"take": "a"}]}]})");
  // later will put to a at 2h: ann is not stuck, so bob is not either.
  CHECK(o.result.reason == end_reason::done);
  CHECK(o.result.t == 7'200'000);
  const auto stuck =
      run_json(R"({"hotdog": 1, "channels": [{"name": "a"}, {"name": "b"}], "processes": [
    {"name": "ann", "kind": "script", "steps": [{"take": "a"}, {"put": "b", "value": 1}]},
    {"name": "bob", "kind": "script", "steps": [{"take": "b"}, {"put": "a", "value": 1}]},
    {"name": "late", "kind": "script", "start": "1h", "steps": [{"log": "here"}]}]})");
  // Found at 0 and reported then; late, a non-daemon, still runs on: the run ends at 1h,
  // when late has exited and every other non-daemon is deadlocked.
  CHECK(stuck.result.reason == end_reason::deadlock);
  CHECK(stuck.result.t == 3'600'000);
  CHECK(stuck.result.deadlock.cycle == std::vector<std::string>{"ann", "bob", "ann"});
  CHECK(stuck.jsonl.find(R"("t":0,"ev":"deadlock","waiting":[{"proc":"ann")") != std::string::npos);
  CHECK(stuck.last_lines(3).find(R"("t":3600000,"proc":"late","ev":"log","msg":"here"})") !=
        std::string::npos);
}

TEST_CASE("the cycle starts at its first-declared process, and the text follows it",
          "[sim][deadlock]") {
  // Declared cy, ann, bob: cy waits for bob, bob for ann, ann for cy; reported from cy.
  const auto o =
      run_json(R"({"hotdog": 1, "channels": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
    "processes": [
      {"name": "cy", "kind": "script", "steps": [{"take": "c"}, {"put": "a", "value": 1}]},
      {"name": "ann", "kind": "script", "steps": [{"take": "a"}, {"put": "b", "value": 1}]},
      {"name": "bob", "kind": "script", "steps": [{"take": "b"}, {"put": "c", "value": 1}]}]})");
  CHECK(o.result.reason == end_reason::deadlock);
  CHECK_FALSE(o.result.deadlock.others_run);
  CHECK(o.result.deadlock.cycle == std::vector<std::string>{"cy", "bob", "ann", "cy"});
  CHECK(describe_cycle(o.result.deadlock) ==
        "cy waits for c, which only bob puts to; bob waits for b, which only ann puts to; ann "
        "waits for a, which only cy puts to");
}

TEST_CASE("waits that someone can still end are no deadlock", "[sim][deadlock]") {
  SECTION("a daemon that will put after a while") {
    const auto o = run_json(R"({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
      {"name": "ann", "kind": "script", "steps": [{"take": "c", "as": "v"}, {"log": "{v}"}]},
      {"name": "late", "kind": "script", "daemon": true,
       "steps": [{"sleep": "1h"}, {"put": "c", "value": "at last"}]}]})");
    CHECK(o.result.reason == end_reason::done);
    CHECK(o.result.t == 3'600'000);
  }
  SECTION("a daemon that will close the channel") {
    const auto o = run_json(R"({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
      {"name": "ann", "kind": "script", "steps": [{"take": "c"}]},
      {"name": "closer", "kind": "script", "daemon": true, "steps": [{"sleep": 5}, {"close": "c"}]}]})");
    CHECK(o.result.reason == end_reason::done);
  }
  SECTION("an alts with a timeout arm is woken by its timer") {
    const auto o = run_json(R"({"hotdog": 1, "channels": [{"name": "c"}, )" + clock_channel +
                            R"(], "processes": [)" + clock_process + R"(,
      {"name": "ann", "kind": "script", "steps": [{"alts": [{"take": "c"}, {"timeout": "2s"}]}]}]})");
    CHECK(o.result.reason == end_reason::done);
    CHECK(o.result.t == 2000);
  }
  SECTION("a process in a loop that will put again") {
    const auto o = run_json(R"({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
      {"name": "ann", "kind": "script", "steps": [{"loop": [{"take": "c"}], "times": 3}]},
      {"name": "pump", "kind": "script", "daemon": true,
       "steps": [{"loop": [{"sleep": "1s"}, {"put": "c", "value": 1}]}]}]})");
    CHECK(o.result.reason == end_reason::done);
    CHECK(o.result.t == 3000);
  }
}

TEST_CASE("a process that can only take from a channel does not release a taker",
          "[sim][deadlock]") {
  // The poller names c, but a poll never gives a waiting take its value.
  const auto o = run_json(R"({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
    {"name": "ann", "kind": "script", "steps": [{"take": "c"}]},
    {"name": "poller", "kind": "script", "daemon": true,
     "steps": [{"loop": [{"poll": "c"}, {"sleep": "1s"}]}]}]})");
  CHECK(o.result.reason == end_reason::deadlock);
  CHECK(names(o.result.deadlock) == std::vector<std::string>{"ann"});
  CHECK(o.result.deadlock.cycle.empty());
  CHECK(o.jsonl.find(R"("cycle")") == std::string::npos);
  CHECK(describe_waits(o.result.deadlock) ==
        "ann waits to take on c, and no process left puts to it");
}

TEST_CASE("a deadlock forms when a running process leaves the last step that could help",
          "[sim][deadlock]") {
  // At first the helper could still put to c; at 1s it moves past that step for good.
  const auto o = run_json(R"({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
    {"name": "ann", "kind": "script", "steps": [{"take": "c"}]},
    {"name": "helper", "kind": "script", "daemon": true, "steps": [
      {"sleep": "1s"}, {"loop": [{"put": "c", "value": 1}], "times": 0},
      {"loop": [{"sleep": "1s"}]}]}]})");
  CHECK(o.result.reason == end_reason::deadlock);
  CHECK(o.result.t == 1000);
  CHECK(names(o.result.deadlock) == std::vector<std::string>{"ann"});
}

TEST_CASE("a process that puts and then takes on its own channel waits on itself",
          "[sim][deadlock]") {
  const auto o = run_json(R"({"hotdog": 1, "channels": [{"name": "c"}, )" + clock_channel +
                          R"(], "processes": [)" + clock_process + R"(,
    {"name": "ann", "kind": "script", "steps": [{"put": "c", "value": 1}, {"take": "c"}]}]})");
  CHECK(o.result.reason == end_reason::deadlock);
  CHECK(o.result.deadlock.cycle == std::vector<std::string>{"ann", "ann"});
  CHECK(describe_waits(o.result.deadlock) ==
        "ann waits to put on c, which only ann itself takes from later: it waits on itself");
  SECTION("but a consumer looping over takes does not wait on itself") {
    const auto c = run_json(R"({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
      {"name": "producer", "kind": "script", "steps": [{"put": "c", "value": 1}]},
      {"name": "consumer", "kind": "script", "steps": [{"loop": [{"take": "c"}]}]}]})");
    CHECK(c.result.reason == end_reason::deadlock);
    CHECK(c.result.deadlock.cycle.empty());
    CHECK(describe_waits(c.result.deadlock) ==
          "consumer waits to take on c, and no process left puts to it");
  }
}

TEST_CASE("daemons that can never go on are listed with those they hold up", "[sim][deadlock]") {
  // A machine with no stock and no chef: ann's payment waits on the machine, which waits
  // for a hot dog nobody will bring; the clock keeps ticking.
  const auto o = run_json(R"({"hotdog": 1, "channels": [)" + clock_channel +
                          R"(], "processes": [)" + clock_process + R"(,
    {"name": "m", "kind": "machine", "stock": 0},
    {"name": "ann", "kind": "customer", "machine": "m"}]})");
  CHECK(o.result.reason == end_reason::deadlock);
  CHECK(names(o.result.deadlock) == std::vector<std::string>{"m", "ann"});
  CHECK(o.result.deadlock.cycle.empty());
  CHECK(describe_waits(o.result.deadlock) ==
        "m waits to take on m.hopper, and no process left puts to it; ann waits for m.in, which "
        "only m takes from");
}

TEST_CASE("an alts over a closed channel in a loop ends stalled, saying what repeats",
          "[sim][stall]") {
  run_options opts;
  // 200, not more: under the sanitizers a loop that never waits nests a frame per iteration
  // (g++ makes no tail call there), and ~500 iterations of this alts overflow the stack.
  opts.stall_steps = 200;
  const auto o = run_json(R"({"hotdog": 1, "channels": [{"name": "cooked"}], "processes": [
    {"name": "chef", "kind": "script", "steps": [{"sleep": "5s"}, {"close": "cooked"}]},
    {"name": "consumer", "kind": "script", "steps": [{"loop": [{"alts": [{"take": "cooked"}]}]}]}]})",
                          opts);
  CHECK(o.result.reason == end_reason::stalled);
  CHECK(exit_status_of(o.result.reason) == exit_status::error);
  CHECK(o.result.t == 5000);
  CHECK(o.result.message ==
        "virtual time stood still at 5000 ms for 200 steps (--stall-steps): consumer repeats "
        "alts over cooked (closed)");
  // Small: the run ends within the limit's steps (an iteration that made an event, its alts,
  // is one step): the 200 alts, what came before and the error and end.
  const auto lines = std::count(o.jsonl.begin(), o.jsonl.end(), '\n');
  CHECK(lines > 200);
  CHECK(lines < 210);
}

TEST_CASE("a deadlock among some processes is reported and the others run on", "[sim][deadlock]") {
  // ann and bob wait on each other from t=0; carol has work until 2s; dave gets stuck at 1s
  // on a channel nobody will ever put to: a second, separate deadlock.
  const auto o = run_json(
      R"({"hotdog": 1, "channels": [{"name": "a"}, {"name": "b"}, {"name": "d"}], "processes": [
    {"name": "ann", "kind": "script", "steps": [{"take": "a"}, {"put": "b", "value": 1}]},
    {"name": "bob", "kind": "script", "steps": [{"take": "b"}, {"put": "a", "value": 1}]},
    {"name": "carol", "kind": "script", "steps": [{"sleep": "2s"}, {"log": "still here"}]},
    {"name": "dave", "kind": "script", "steps": [{"sleep": "1s"}, {"take": "d"}]}]})");
  CHECK(o.result.reason == end_reason::deadlock);
  CHECK(exit_status_of(o.result.reason) == exit_status::deadlock);
  CHECK(o.result.t == 2000);
  // The run's result names every process found deadlocked, first set first.
  CHECK(names(o.result.deadlock) == std::vector<std::string>{"ann", "bob", "dave"});
  CHECK(o.result.deadlock.cycle == std::vector<std::string>{"ann", "bob", "ann"});
  CHECK(o.last_lines(6) ==
        R"({"seq":9,"t":0,"ev":"deadlock","waiting":[{"proc":"ann","op":"take","chan":"a"},)"
        R"({"proc":"bob","op":"take","chan":"b"}],"cycle":["ann","bob","ann"]})"
        "\n"
        R"({"seq":10,"t":1000,"proc":"dave","ev":"park","op":"take","chan":"d"})"
        "\n"
        R"({"seq":11,"t":1000,"ev":"deadlock","waiting":[{"proc":"dave","op":"take","chan":"d"}]})"
        "\n"
        R"({"seq":12,"t":2000,"proc":"carol","ev":"log","msg":"still here"})"
        "\n"
        R"({"seq":13,"t":2000,"proc":"carol","ev":"exit"})"
        "\n"
        R"({"seq":14,"t":2000,"ev":"end","reason":"deadlock"})"
        "\n");
}

TEST_CASE(
    "a wait that only another waiter can end is no deadlock, however many channels the "
    "others reach",
    "[sim][deadlock]") {
  // The feeder sleeps, then puts once into each of n buffered channels; ann waits on the last,
  // bob on ann, who will put to relay once fed. bob is released only through ann, not by the
  // feeder itself; with 4 channels the free processes reach few, with 20 many (the search
  // then has to number the channels). dave, when there, waits on a channel nobody names.
  for (const int n : {4, 20})
    for (const bool with_dave : {false, true}) {
      INFO(n << " channels" << (with_dave ? ", with dave" : ""));
      std::string chans = R"({"name": "relay"}, {"name": "nowhere"})";
      std::string puts;
      for (int i = 0; i < n; ++i) {
        const std::string c = "\"c" + std::to_string(i) + "\"";
        chans += R"(, {"name": )" + c + R"(, "buffer": 1})";
        puts += R"(, {"put": )" + c + R"(, "value": )" + std::to_string(i) + "}";
      }
      const std::string last = "\"c" + std::to_string(n - 1) + "\"";
      const auto o = run_json(
          R"({"hotdog": 1, "channels": [)" + chans + R"(], "processes": [
        {"name": "feeder", "kind": "script", "daemon": true,
         "steps": [{"sleep": "1s"})" +
          puts + R"(]},
        {"name": "ann", "kind": "script",
         "steps": [{"take": )" +
          last + R"(, "as": "v"}, {"put": "relay", "value": "{v}"}]},
        {"name": "bob", "kind": "script", "steps": [{"take": "relay", "as": "w"}, {"log": "got {w}"}]})" +
          (with_dave ? R"(, {"name": "dave", "kind": "script", "steps": [{"take": "nowhere"}]})"
                     : "") +
          "]}");
      CHECK(o.result.t == 1000);
      CHECK(o.jsonl.find(R"("proc":"bob","ev":"log","msg":"got )" + std::to_string(n - 1) + "\"") !=
            std::string::npos);
      if (with_dave) {
        CHECK(o.result.reason == end_reason::deadlock);
        CHECK(names(o.result.deadlock) == std::vector<std::string>{"dave"});
        CHECK(o.jsonl.find(R"("t":0,"ev":"deadlock","waiting":[{"proc":"dave")") !=
              std::string::npos);
      } else {
        CHECK(o.result.reason == end_reason::done);
        CHECK(o.jsonl.find(R"("ev":"deadlock")") == std::string::npos);
      }
    }
}

TEST_CASE("a deadlock that leaves only daemons running ends the run there", "[sim][deadlock]") {
  // Every non-daemon is deadlocked at 0 while the clock ticks: the run ends at once, with
  // the set reported just before `end`.
  const auto o = run_json(R"({"hotdog": 1, "channels": [{"name": "a"}, )" + clock_channel +
                          R"(], "processes": [)" + clock_process + R"(,
    {"name": "ann", "kind": "script", "steps": [{"take": "a"}]}]})");
  CHECK(o.result.reason == end_reason::deadlock);
  CHECK(o.result.t == 0);
  CHECK(std::count(o.jsonl.begin(), o.jsonl.end(), '\n') ==
        static_cast<std::ptrdiff_t>(o.result.events));
  CHECK(o.last_lines(1) == R"({"seq":6,"t":0,"ev":"end","reason":"deadlock"})"
                           "\n");
}

namespace {

// N script processes in a ring (p_i takes from c_i and puts to c_(i+1 mod N)) or a chain
// (the last puts to a channel nobody takes from, and nobody puts to the first's).
std::string many(std::size_t n, bool ring, bool with_clock) {
  std::string chans = with_clock ? clock_channel : std::string();
  std::string procs = with_clock ? clock_process : std::string();
  for (std::size_t i = 0; i <= n; ++i)
    chans += (chans.empty() ? "" : ",") + std::string(R"({"name": "c)") + std::to_string(i) + "\"}";
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t next = ring ? (i + 1) % n : i + 1;
    procs += (procs.empty() ? "" : ",") + std::string(R"({"name": "p)") + std::to_string(i) +
             R"(", "kind": "script", "steps": [{"take": "c)" + std::to_string(i) +
             R"("}, {"put": "c)" + std::to_string(next) + R"(", "value": 1}]})";
  }
  return R"({"hotdog": 1, "channels": [)" + chans + R"(], "processes": [)" + procs + "]}";
}

}  // namespace

TEST_CASE("the deadlock search takes steps in proportion to the processes, not their square",
          "[sim][deadlock]") {
  // Quadratic, 5000 processes would take some 25,000,000 steps.
  constexpr std::size_t n = 5000;
  for (bool ring : {true, false})
    for (bool with_clock : {false, true}) {
      INFO((ring ? "ring" : "chain") << (with_clock ? ", with a ticking daemon" : ""));
      const auto o = run_json(many(n, ring, with_clock));
      CHECK(o.result.reason == end_reason::deadlock);
      CHECK(o.result.deadlock.waiting.size() == n);
      CHECK(o.result.deadlock.search_steps > n);
      CHECK(o.result.deadlock.search_steps < 40 * n);
      if (ring) {
        CHECK(o.result.deadlock.cycle.size() == n + 1);
        CHECK(o.result.deadlock.cycle.front() == "p0");
        CHECK(o.result.deadlock.cycle[1] == "p" + std::to_string(n - 1));
      } else {
        CHECK(o.result.deadlock.cycle.empty());
      }
    }
}

TEST_CASE("a machine putting its stock into its hopper is no stall", "[sim][stall]") {
  // 5000 puts at t=0 against a limit of 1000 steps: a finite burst, not a loop, so the run
  // goes on; a loop that makes events at one instant still stalls at the same limit.
  run_options opts;
  opts.stall_steps = 1000;
  const auto stocked = run_json(R"({"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "stock": 5000},
    {"name": "c", "kind": "customer", "machine": "m"}]})",
                                opts);
  CHECK(stocked.result.reason == end_reason::done);
  const auto looping = run_json(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 1}],
    "processes": [{"name": "p", "kind": "script", "steps": [
      {"loop": [{"put": "c", "value": 1}, {"take": "c"}], "times": 400}]}]})",
                                opts);
  // 400 iterations of two events each: 800 steps, under the limit (each iteration counted
  // once more, as before, would make 1200).
  CHECK(looping.result.reason == end_reason::done);
  const auto longer = run_json(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 1}],
    "processes": [{"name": "p", "kind": "script", "steps": [
      {"loop": [{"put": "c", "value": 1}, {"take": "c"}], "times": 600}]}]})",
                               opts);
  CHECK(longer.result.reason == end_reason::stalled);
  // A chef's batch of 5000 into a hopper with room: the same kind of burst, at 1 s.
  const auto restocked = run_json(R"({"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "stock": 0, "capacity": 5000},
    {"name": "chef", "kind": "chef", "machine": "m", "cook_time": "1s", "batch": 5000,
     "batches": 1},
    {"name": "c", "kind": "customer", "machine": "m", "start": "2s"}]})",
                                  opts);
  CHECK(restocked.result.reason == end_reason::done);
  CHECK(restocked.result.t == 2000);
}
