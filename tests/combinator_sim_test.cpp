// The core.async combinators in scenarios: channel transducers and promise channels, the
// combinator process kinds, the steps that change them, and their load errors.
#include <hotdog/sim/run/simulation.hpp>

#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/load/scenario_writer.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;

namespace {

std::vector<nlohmann::json> run_events(const std::string& text, end_reason expected,
                                       run_options opts = {}) {
  auto r = load_scenario(text, "s.json");
  for (auto& e : r.errors()) FAIL(e.to_string());
  std::ostringstream out;
  jsonl_writer w(out);
  auto res = simulate(*r, opts, w);
  CHECK(res.reason == expected);
  std::vector<nlohmann::json> events;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) events.push_back(nlohmann::json::parse(line));
  return events;
}

// The log messages, one a line.
std::string logs(const std::vector<nlohmann::json>& events) {
  std::string out;
  for (const auto& e : events)
    if (e["ev"] == "log") out += e["msg"].get<std::string>() + "\n";
  return out;
}

// The events of one process, as "ev chan value" (puts and offers add ok).
std::vector<std::string> ops_of(const std::vector<nlohmann::json>& events,
                                const std::string& proc) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (e.value("proc", "") != proc) continue;
    const std::string ev = e["ev"];
    if (ev == "put" || ev == "take" || ev == "close" || ev == "park")
      out.push_back(ev + " " + e.value("chan", e.value("op", std::string())) +
                    (e.contains("value") ? " " + e["value"].dump() : "") +
                    (e.contains("ok") ? " " + e["ok"].dump() : ""));
  }
  return out;
}

std::vector<std::string> errors_of(const std::string& text) {
  auto r = load_scenario(text, "s.json");
  CHECK_FALSE(r.has_value());
  std::vector<std::string> out;
  for (const auto& d : r.errors()) out.push_back(d.to_string());
  return out;
}

const nlohmann::json* last(const std::vector<nlohmann::json>& events, const std::string& ev) {
  const nlohmann::json* found = nullptr;
  for (const auto& e : events)
    if (e["ev"] == ev) found = &e;
  return found;
}

}  // namespace

TEST_CASE("xform: map, filter and remove apply to each value put", "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 5,
    "xform": [{"map": {"*": [{"var": ""}, 10]}}, {"filter": {">": [{"var": ""}, 15]}},
              {"remove": {"==": [{"var": ""}, 30]}}]}],
    "processes": [{"name": "p", "kind": "script", "steps": [
      {"onto": "c", "values": [1, 2, 3, 4]}, {"collect": "c", "as": "all"}, {"log": "{all}"}]}]})",
                       end_reason::done);
  CHECK(logs(ev) == "[20,40]\n");
}

TEST_CASE("xform: a stage that gives null is an error event naming the channel",
          "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 1,
    "xform": [{"map": {"var": "price"}}]}],
    "processes": [{"name": "p", "kind": "script", "steps": [{"put": "c", "value": {"name": "x"}}]}]})",
                       end_reason::error);
  const auto* err = last(ev, "error");
  REQUIRE(err);
  CHECK((*err)["proc"] == "p");
  CHECK((*err)["msg"].get<std::string>().find("channel c: the map stage gave null") !=
        std::string::npos);
}

TEST_CASE("xform take: closes the channel / puts waiting then complete true, values lost",
          "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 1,
    "xform": [{"take": 2}]}],
    "processes": [
      {"name": "a", "kind": "script", "steps": [{"put": "c", "value": 1}, {"put": "c", "value": 2, "as": "ok"},
        {"log": "a {ok}"}]},
      {"name": "b", "kind": "script", "steps": [{"put": "c", "value": 3, "as": "ok"}, {"log": "b {ok}"}]},
      {"name": "t", "kind": "script", "start": 10, "steps": [{"collect": "c", "as": "all"},
        {"put": "c", "value": 4, "as": "late"}, {"log": "{all} {late}"}]}]})",
                       end_reason::done);
  // a's second put fills the take, which closes c: b's waiting put completes true, its value
  // lost; a later put is refused.
  CHECK(logs(ev).find("b true\n") != std::string::npos);
  CHECK(logs(ev).find("[1,2] false\n") != std::string::npos);
}

TEST_CASE("mapcat may put more values into a buffer than its size", "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 1,
    "xform": [{"mapcat": [{"var": ""}, {"var": ""}, {"var": ""}]}]}],
    "processes": [{"name": "p", "kind": "script", "steps": [
      {"offer": "c", "value": 7, "as": "ok"}, {"close": "c"}, {"collect": "c", "as": "all"},
      {"log": "{ok} {all}"}]}]})",
                       end_reason::done);
  CHECK(logs(ev) == "true [7,7,7]\n");
}

TEST_CASE("dedupe and partition_all", "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 9,
    "xform": [{"dedupe": true}, {"partition_all": 2}]}],
    "processes": [{"name": "p", "kind": "script", "steps": [
      {"onto": "c", "values": [1, 1, 2, 3, 3, 3, 4]}, {"collect": "c", "as": "all"},
      {"log": "{all}"}]}]})",
                       end_reason::done);
  CHECK(logs(ev) == "[[1,2],[3,4]]\n");
}

TEST_CASE("promise channel: every take gets the first value / closed, it refuses puts",
          "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1, "channels": [{"name": "p", "promise": true}],
    "processes": [{"name": "s", "kind": "script", "steps": [
      {"put": "p", "value": "first", "as": "a"}, {"put": "p", "value": "second", "as": "b"},
      {"take": "p", "as": "x"}, {"take": "p", "as": "y"}, {"close": "p"},
      {"put": "p", "value": "third", "as": "c"}, {"take": "p", "as": "z"},
      {"log": "{a} {b} {x} {y} {c} {z}"}]}]})",
                       end_reason::done);
  CHECK(logs(ev) == "true true first first false first\n");
}

TEST_CASE("pipe, merge and split move values under their own names", "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1,
    "channels": [{"name": "a"}, {"name": "b"}, {"name": "m"}, {"name": "o"}, {"name": "big"}, {"name": "small"}],
    "processes": [
      {"name": "join", "kind": "merge", "from": ["a", "b"], "to": "m"},
      {"name": "hose", "kind": "pipe", "from": "m", "to": "o"},
      {"name": "sorter", "kind": "split", "from": "o", "predicate": {">": [{"var": ""}, 5]},
       "true": "big", "false": "small"},
      {"name": "pa", "kind": "script", "steps": [{"onto": "a", "values": [1, 9]}]},
      {"name": "pb", "kind": "script", "steps": [{"onto": "b", "values": [7]}]},
      {"name": "rb", "kind": "script", "steps": [{"collect": "big", "as": "x"}, {"log": "big {x}"}]},
      {"name": "rs", "kind": "script", "steps": [{"collect": "small", "as": "x"}, {"log": "small {x}"}]}]})",
                       end_reason::done);
  // Closing goes down the line: merge closes m when a and b closed, pipe closes o, split both.
  CHECK(logs(ev) == "big [9,7]\nsmall [1]\n");
  const auto hose = ops_of(ev, "hose");
  REQUIRE(!hose.empty());
  CHECK(hose.back() == "close o");
}

TEST_CASE("mult: a put completes when the mult takes it / every tap gets every value",
          "[sim][combinators]") {
  auto ev =
      run_events(R"({"hotdog": 1, "channels": [{"name": "src"}, {"name": "t1"}, {"name": "t2"}],
    "processes": [
      {"name": "m", "kind": "mult", "from": "src", "taps": ["t1", "t2"]},
      {"name": "p", "kind": "script", "steps": [{"put": "src", "value": 1}, {"log": "put done"},
        {"put": "src", "value": 2}, {"close": "src"}]},
      {"name": "r1", "kind": "script", "start": 100, "steps": [{"collect": "t1", "as": "x"}, {"log": "r1 {x}"}]},
      {"name": "r2", "kind": "script", "start": 200, "steps": [{"collect": "t2", "as": "x"}, {"log": "r2 {x}"}]}]})",
                 end_reason::done);
  CHECK(logs(ev) == "put done\nr1 [1,2]\nr2 [1,2]\n");
  // The first put completed at 0, before any tap took the value.
  for (const auto& e : ev)
    if (e["ev"] == "log" && e["msg"] == "put done") CHECK(e["t"] == 0);
}

TEST_CASE("pub: routes by topic, drops values no one subscribed to / sub and unsub steps",
          "[sim][combinators]") {
  auto ev = run_events(
      R"({"hotdog": 1, "channels": [{"name": "in"}, {"name": "x", "buffer": 9}, {"name": "y", "buffer": 9}],
    "processes": [
      {"name": "router", "kind": "pub", "from": "in", "topic": {"var": "k"}, "subs": {"a": ["x"]}},
      {"name": "p", "kind": "script", "steps": [
        {"put": "in", "value": {"k": "a", "n": 1}}, {"put": "in", "value": {"k": "b", "n": 2}},
        {"sub": "router", "topic": "b", "ch": "y"}, {"put": "in", "value": {"k": "b", "n": 3}},
        {"unsub": "router", "topic": "a", "ch": "x"}, {"put": "in", "value": {"k": "a", "n": 4}},
        {"close": "in"}, {"poll": "x", "as": "x1"}, {"poll": "x", "as": "x2"},
        {"collect": "y", "as": "ys"}, {"log": "{x1} {x2} {ys}"}]}]})",
      end_reason::done);
  // x, unsubscribed, is not closed when in closes (core.async: only the subscribers still
  // there are closed), so it is polled, not collected; the value of topic a put after the
  // unsub had no subscriber and was dropped.
  CHECK(logs(ev) == "{\"k\":\"a\",\"n\":1} null [{\"k\":\"b\",\"n\":3}]\n");
}

TEST_CASE("mix: muted inputs are dropped, toggles change it, `to` is never closed",
          "[sim][combinators]") {
  auto ev = run_events(
      R"({"hotdog": 1, "channels": [{"name": "a"}, {"name": "b"}, {"name": "out", "buffer": 9}],
    "processes": [
      {"name": "mx", "kind": "mix", "to": "out", "inputs": {"a": {}, "b": {"mute": true}}},
      {"name": "p", "kind": "script", "steps": [
        {"put": "a", "value": 1}, {"put": "b", "value": 2}, {"toggle": "mx", "ch": "b", "mute": false},
        {"put": "b", "value": 3}, {"close": "a"}, {"close": "b"}, {"sleep": 10},
        {"poll": "out", "as": "x"}, {"poll": "out", "as": "y"}, {"offer": "out", "value": 0, "as": "open"},
        {"log": "{x} {y} {open}"}]}]})",
      end_reason::done);
  CHECK(logs(ev) == "1 3 true\n");
}

TEST_CASE("tap and untap steps change a mult while it runs", "[sim][combinators]") {
  auto ev = run_events(
      R"({"hotdog": 1, "channels": [{"name": "src"}, {"name": "t1", "buffer": 9}, {"name": "t2", "buffer": 9}],
    "processes": [
      {"name": "m", "kind": "mult", "from": "src", "taps": ["t1"]},
      {"name": "p", "kind": "script", "steps": [
        {"put": "src", "value": 1}, {"sleep": 1}, {"tap": "m", "ch": "t2", "close": false},
        {"put": "src", "value": 2}, {"sleep": 1}, {"untap": "m", "ch": "t1"},
        {"put": "src", "value": 3}, {"close": "src"}, {"sleep": 10},
        {"poll": "t1", "as": "a1"}, {"poll": "t1", "as": "a2"}, {"poll": "t1", "as": "a3"},
        {"poll": "t2", "as": "b"}, {"poll": "t2", "as": "c"},
        {"offer": "t2", "value": 0, "as": "open"}, {"log": "{a1} {a2} {a3} {b} {c} {open}"}]}]})",
      end_reason::done);
  // (Each put completes when the mult takes the value; the sleeps let it hand the value on
  // before the taps change.) t1 was untapped before the source closed, so it stays open.
  CHECK(logs(ev) == "1 2 null 2 3 true\n");
}

TEST_CASE("onto keeps the channel open with close false / its values may be an expression",
          "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 5}],
    "processes": [{"name": "p", "kind": "script", "steps": [
      {"set": "n", "to": 3},
      {"onto": "c", "values": {"merge": [[1], [{"var": "n"}]]}, "close": false},
      {"offer": "c", "value": 9, "as": "open"}, {"log": "{open}"}]}]})",
                       end_reason::done);
  CHECK(logs(ev) == "true\n");
}

TEST_CASE("pipeline: n workers, random work time, output in input order", "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1, "seed": 5, "channels": [{"name": "in"}, {"name": "out"}],
    "processes": [
      {"name": "pl", "kind": "pipeline", "from": "in", "to": "out", "n": 3,
       "work_time": {"uniform": [10, 500]}, "xform": [{"map": {"*": [{"var": ""}, 2]}}, {"take": 0}]},
      {"name": "p", "kind": "script", "steps": [{"onto": "in", "values": [1, 2, 3, 4, 5, 6]}]},
      {"name": "r", "kind": "script", "steps": [{"collect": "out", "as": "x"}, {"log": "{x}"}]}]})",
                       end_reason::done);
  // A take stage in a pipeline applies to each value on its own: take 0 drops every value.
  CHECK(logs(ev) == "[]\n");
  auto ev2 = run_events(R"({"hotdog": 1, "seed": 5, "channels": [{"name": "in"}, {"name": "out"}],
    "processes": [
      {"name": "pl", "kind": "pipeline", "from": "in", "to": "out", "n": 3,
       "work_time": {"uniform": [10, 500]}, "xform": [{"map": {"*": [{"var": ""}, 2]}}, {"take": 1}]},
      {"name": "p", "kind": "script", "steps": [{"onto": "in", "values": [1, 2, 3, 4, 5, 6]}]},
      {"name": "r", "kind": "script", "steps": [{"collect": "out", "as": "x"}, {"log": "{x}"}]}]})",
                        end_reason::done);
  CHECK(logs(ev2) == "[2,4,6,8,10,12]\n");
  bool worker_slept = false;
  for (const auto& e : ev2) worker_slept |= e["ev"] == "sleep" && e["proc"] == "pl.w3";
  CHECK(worker_slept);
}

TEST_CASE("a script waiting on a mult's tap whose source nobody feeds is deadlocked",
          "[sim][combinators]") {
  auto ev = run_events(R"({"hotdog": 1, "channels": [{"name": "src"}, {"name": "t"}],
    "processes": [
      {"name": "m", "kind": "mult", "from": "src", "taps": ["t"]},
      {"name": "r", "kind": "script", "steps": [{"take": "t"}]}]})",
                       end_reason::deadlock);
  const auto* d = last(ev, "deadlock");
  REQUIRE(d);
  bool r_waits = false;
  for (const auto& w : (*d)["waiting"]) r_waits |= w["proc"] == "r" && w["chan"] == "t";
  CHECK(r_waits);
}

TEST_CASE("no combinator takes from a machine's hopper", "[sim][combinators][load]") {
  // Its hot dogs would leave the books unseen: stock_left would still count them, balanced.
  const std::string head = R"({"hotdog": 1, "channels": [{"name": "x", "buffer": 5},
    {"name": "y", "buffer": 5}], "processes": [{"name": "m", "kind": "machine", "stock": 3},
    )";
  const std::string why =
      " cannot take from \"m.hopper\", a machine's hopper: its hot dogs leave the books only "
      "when the machine or a script takes them";
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"name": "k", "kind": "pipe", "from": "m.hopper", "to": "x"})", "a pipe"},
      {R"({"name": "k", "kind": "mult", "from": "m.hopper", "taps": ["x"]})", "a mult"},
      {R"({"name": "k", "kind": "pub", "from": "m.hopper", "topic": "a"})", "a pub"},
      {R"({"name": "k", "kind": "merge", "from": ["x", "m.hopper"], "to": "y"})", "a merge"},
      {R"({"name": "k", "kind": "mix", "to": "x", "inputs": {"m.hopper": {}}})", "a mix"},
      {R"({"name": "k", "kind": "split", "from": "m.hopper", "predicate": true, "true": "x",
          "false": "y"})",
       "a split"},
      {R"({"name": "k", "kind": "pipeline", "from": "m.hopper", "to": "x", "n": 1})", "a pipeline"},
      {R"({"name": "k", "kind": "mix", "to": "x"},
         {"name": "s", "kind": "script", "steps": [{"admix": "k", "ch": "m.hopper"}]})",
       "an admix"}};
  for (const auto& [proc, who] : cases) {
    INFO(who);
    const auto errors = errors_of(head + proc + "]}");
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Catch::StartsWith("s.json:") && Catch::EndsWith(who + why));
  }
  // A machine's in may still be a source (a payment taken there fails the books loudly), and
  // a script may take from the hopper.
  auto ok = load_scenario(head + R"({"name": "k", "kind": "pipe", "from": "m.in", "to": "x"},
    {"name": "s", "kind": "script", "steps": [{"take": "m.hopper"}]}]})",
                          "s.json");
  for (const auto& e : ok.errors()) FAIL(e.to_string());
}

TEST_CASE("combinator keys and steps are checked at load", "[sim][combinators][load]") {
  CHECK(
      errors_of(R"({"hotdog": 1, "channels": [{"name": "c", "xform": [{"map": 1}]}],
    "processes": [{"name": "p", "kind": "script", "steps": [{"close": "c"}]}]})") ==
      std::vector<std::string>{"s.json:1:51: error: an \"xform\" needs a \"buffer\" of at least 1 "
                               "(core.async: only a buffered channel takes a transducer)"});
  CHECK(errors_of(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 1, "xform": [{"mapp": 1}]}],
    "processes": [{"name": "p", "kind": "script", "steps": [{"close": "c"}]}]})") ==
        std::vector<std::string>{
            "s.json:1:66: error: unknown stage \"mapp\"; did you mean \"map\"?"});
  CHECK(errors_of(R"({"hotdog": 1, "channels": [{"name": "a"}, {"name": "b"}],
    "processes": [{"name": "pl", "kind": "pipeline", "from": "a", "to": "b", "n": 0}]})") ==
        std::vector<std::string>{
            "s.json:2:83: error: \"n\" must be a whole number from 1 to 1024, not a number 0"});
  CHECK(errors_of(R"({"hotdog": 1, "channels": [{"name": "a"}, {"name": "b"}],
    "processes": [{"name": "pl", "kind": "pipe", "from": "a", "to": "b"},
      {"name": "p", "kind": "script", "steps": [{"tap": "pl", "ch": "b"}]}]})") ==
        std::vector<std::string>{"s.json:3:57: error: \"pl\" is a pipe process, not a mult"});
  CHECK(errors_of(R"({"hotdog": 1, "channels": [{"name": "a"}, {"name": "b"}],
    "processes": [{"name": "announcer", "kind": "mult", "from": "a"},
      {"name": "p", "kind": "script", "steps": [{"tap": "anouncer", "ch": "b"}]}]})") ==
        std::vector<std::string>{
            "s.json:3:57: error: unknown mult process \"anouncer\"; did you mean \"announcer\"?"});
  CHECK(errors_of(R"({"hotdog": 1, "channels": [{"name": "a"}],
    "processes": [{"name": "r", "kind": "pub", "from": "a", "topic": {"kind": "x"}}]})") ==
        std::vector<std::string>{"s.json:2:71: error: unknown JSON Logic operator \"kind\""});
  CHECK(errors_of(R"({"hotdog": 1, "channels": [{"name": "out"}, {"name": "drums"}],
    "processes": [{"name": "m", "kind": "mix", "to": "out", "inputs": {"drum": {}}}]})") ==
        std::vector<std::string>{
            "s.json:2:80: error: unknown channel \"drum\"; did you mean \"drums\"?"});
  CHECK(errors_of(R"({"hotdog": 1, "channels": [{"name": "p", "promise": true, "buffer": 1}],
    "processes": [{"name": "s", "kind": "script", "steps": [{"close": "p"}]}]})") ==
        std::vector<std::string>{"s.json:1:53: error: a promise channel takes no \"buffer\", "
                                 "\"policy\" or \"xform\" (core.async's promise-chan has none)"});
}

TEST_CASE("a scenario with combinators is written back as it was read", "[sim][combinators]") {
  // Round trip through the writer that shrink uses: the same events either way.
  const std::string text = R"({"hotdog": 1, "channels": [{"name": "a"}, {"name": "b", "buffer": 2,
    "xform": [{"map": {"upper": {"var": ""}}}, {"partition_all": 2}]}],
    "processes": [{"name": "pl", "kind": "pipe", "from": "a", "to": "b", "close": false},
      {"name": "p", "kind": "script", "steps": [{"onto": "a", "values": ["x", "y"]}, {"sleep": 5},
        {"close": "b"}, {"collect": "b", "as": "all"}, {"log": "{all}"}]}]})";
  auto ev = run_events(text, end_reason::done);
  CHECK(logs(ev) == "[[\"X\",\"Y\"]]\n");
  auto loaded = load_scenario(text, "s.json");
  REQUIRE(loaded.has_value());
  const std::string again = scenario_json(*loaded);
  CHECK(
      again.find("\"xform\": [{\"map\": {\"upper\": {\"var\": \"\"}}}, {\"partition_all\": 2}]") !=
      std::string::npos);
  CHECK(run_events(again, end_reason::done) == ev);
}

TEST_CASE("a mix whose inputs a script admixes and unmutes later runs on", "[sim][combinators]") {
  // The script's admix and toggle put to the mix's change channel and wake it: the run goes
  // on and bob gets both values.
  auto ev = run_events(
      R"({"hotdog": 1, "channels": [{"name": "o"}, {"name": "x2"}, {"name": "x3"}],
    "processes": [
      {"name": "mx", "kind": "mix", "to": "o", "inputs": {"x3": {"mute": true}}},
      {"name": "bob", "kind": "script", "steps": [{"take": "o", "as": "v"}, {"take": "o", "as": "w"},
        {"log": "bob {v} {w}"}]},
      {"name": "clock", "kind": "script", "steps": [{"sleep": "3s"}, {"admix": "mx", "ch": "x2"},
        {"put": "x2", "value": 2}, {"sleep": "1s"}, {"toggle": "mx", "ch": "x3", "mute": false},
        {"put": "x3", "value": 3}]}]})",
      end_reason::done);
  CHECK(logs(ev) == "bob 2 3\n");
  CHECK(last(ev, "deadlock") == nullptr);
}

TEST_CASE("a mix with no inputs yet, that a sleeping script admixes to, is not deadlocked",
          "[sim][combinators]") {
  // The mix waits only on its change channel; the script's admix (after its sleep) puts there.
  // The name of that channel in what the script reaches must outlive the question.
  auto ev = run_events(R"({"hotdog": 1, "channels": [{"name": "o"}, {"name": "x2"}],
    "processes": [
      {"name": "mx", "kind": "mix", "to": "o"},
      {"name": "bob", "kind": "script", "steps": [{"take": "o", "as": "v"}, {"log": "bob {v}"}]},
      {"name": "clock", "kind": "script", "steps": [{"sleep": "3s"}, {"admix": "mx", "ch": "x2"},
        {"put": "x2", "value": 2}]}]})",
                       end_reason::done);
  CHECK(logs(ev) == "bob 2\n");
  CHECK(last(ev, "deadlock") == nullptr);
}

TEST_CASE("an xform of more than 1000 stages is refused at load", "[sim][combinators][load]") {
  std::string stages;
  for (int i = 0; i < 1001; ++i) stages += std::string(i ? "," : "") + R"({"map": {"var": ""}})";
  const auto errors = errors_of(
      R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 1, "xform": [)" + stages +
      R"(]}], "processes": [{"name": "p", "kind": "script", "steps": [{"close": "c"}]}]})");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("\"xform\" has 1001 stages; at most 1000 are allowed") != std::string::npos);
}
