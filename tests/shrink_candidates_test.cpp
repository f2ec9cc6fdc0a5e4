#include <hotdog/sim/explore/shrink_candidates.hpp>

#include <hotdog/sim/load/scenario_writer.hpp>
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;
using strings = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

scenario loaded(const std::string& text) {
  const load_result r = load_scenario(text, "s.json");
  for (const auto& e : r.errors()) FAIL(e.to_string() << "\nin:\n" << text);
  REQUIRE(r.has_value());
  return *r;
}

std::string trace(const scenario& sc) {
  std::ostringstream out;
  jsonl_writer w(out);
  run_options o;
  o.max_events = 200'000;
  simulate(sc, o, w);
  return out.str();
}

strings changes(const scenario& sc, const std::vector<setting>& pinned = {},
                std::size_t chunk = shrink_candidates::plan_chunk) {
  strings out;
  shrink_candidates c(sc, pinned, chunk);
  while (c.next()) out.push_back(c.change());
  return out;
}

// The variant whose change() is `change`.
scenario variant(const scenario& sc, const std::string& change) {
  shrink_candidates c(sc);
  while (auto v = c.next())
    if (c.change() == change) return std::move(*v);
  FAIL("no variant " << change);
  return sc;
}

const char* shop = R"({"hotdog": 1, "until": "10s",
 "channels": [{"name": "a", "buffer": 4}, {"name": "unused"}, {"name": "b"}],
 "processes": [
  {"name": "shop", "kind": "machine", "stock": 3},
  {"name": "m", "kind": "machine", "stock": 20},
  {"name": "c", "kind": "customer", "machine": "m", "count": 3, "interval": 2, "patience": "1s"},
  {"name": "cook", "kind": "chef", "machine": "m", "batches": 2, "cook_time": 1},
  {"name": "s", "kind": "script", "start": 1, "steps": [
    {"put": "a", "value": 1},
    {"take": "a", "as": "x"},
    {"loop": [{"put": "b", "value": "{x}"}, {"sleep": 4}], "times": 2},
    {"log": "{x}"},
    {"alts": [{"take": "b"}, {"timeout": 1}]}]},
  {"name": "t", "kind": "script", "steps": [{"take": "b"}, {"take": "b"}]}]})";

std::size_t channel(const scenario& sc, const std::string& name) {
  for (std::size_t i = 0; i < sc.channels.size(); ++i)
    if (sc.channels[i].name == name) return i;
  FAIL("no channel " << name);
  return 0;
}

// Every channel index in sc points at the channel of that name.
void check_indices(const scenario& sc) {
  for (const auto& p : sc.processes) {
    if (const auto* m = std::get_if<machine_spec>(&p.body)) {
      CHECK(m->in_channel == channel(sc, machine_in(p.name)));
      CHECK(m->hopper_channel == channel(sc, machine_hopper(p.name)));
    }
    if (const auto* c = std::get_if<customer_spec>(&p.body))
      for (std::size_t i = 0; i < c->machines.size(); ++i)
        CHECK(c->machine_in_channels[i] == channel(sc, machine_in(c->machines[i])));
    if (const auto* c = std::get_if<chef_spec>(&p.body))
      CHECK(c->hopper_channel == channel(sc, machine_hopper(c->machine)));
    if (const auto* s = std::get_if<script_spec>(&p.body))
      for (const auto& st : s->steps) {
        if (const auto* put = std::get_if<put_step>(&st.op))
          CHECK(put->chan.index == channel(sc, put->chan.name));
        if (const auto* take = std::get_if<take_step>(&st.op))
          CHECK(take->chan.index == channel(sc, take->chan.name));
        if (const auto* loop = std::get_if<loop_step>(&st.op))
          for (const auto& inner : loop->body)
            if (const auto* put = std::get_if<put_step>(&inner.op))
              CHECK(put->chan.index == channel(sc, put->chan.name));
      }
  }
}

// A variant runs as the same scenario written and read again does: the edit left no stale
// index or default behind.
void check_as_written(const scenario& v) {
  const scenario again = loaded(scenario_json(v));
  CHECK(trace(again) == trace(v));
  CHECK(scenario_size(again) == scenario_size(v));
}

}  // namespace

TEST_CASE("shrink candidates: every kind of edit, in order, only those the loader accepts",
          "[shrink]") {
  const scenario sc = loaded(shop);
  CHECK(scenario_size(sc) == 3 + 6 + 9);
  CHECK(changes(sc) == strings{
                           "lower /until 10000 -> 5000",
                           "drop /channels/1",  // a and b are used
                           "lower /channels/0/buffer 4 -> 2",
                           "lower /channels/0/buffer 4 -> 3",
                           "drop /processes/0",  // m is served and cooked for
                           "drop /processes/2",
                           "drop /processes/3",
                           "drop /processes/4",
                           "drop /processes/5",
                           "lower /processes/0/stock 3 -> 1",
                           "lower /processes/0/stock 3 -> 2",
                           "lower /processes/1/stock 20 -> 10",
                           "lower /processes/1/stock 20 -> 19",
                           "lower /processes/2/count 3 -> 1",
                           "lower /processes/2/count 3 -> 2",
                           "lower /processes/2/interval 2 -> 1",
                           "lower /processes/2/patience 1000 -> 500",
                           "lower /processes/3/cook_time 1 -> 0",
                           "lower /processes/3/batches 2 -> 1",  // once, not as half and less one
                           "lower /processes/4/start 1 -> 0",
                           "drop /processes/4/steps/0",  // not 1: it binds x, which {x} uses
                           "drop /processes/4/steps/2",
                           "drop /processes/4/steps/3",
                           "drop /processes/4/steps/4",
                           "drop /processes/4/steps/2/loop/0",
                           "drop /processes/4/steps/2/loop/1",
                           "lower /processes/4/steps/2/loop/1/sleep 4 -> 2",
                           "lower /processes/4/steps/2/times 2 -> 1",
                           "lower /processes/4/steps/4/alts/1/timeout 1 -> 0",
                           "drop /processes/5/steps/0",
                           "drop /processes/5/steps/1",
                       });
}

TEST_CASE("shrink candidates: dropping a channel or a machine moves every index after it",
          "[shrink]") {
  const scenario sc = loaded(shop);
  SECTION("a declared channel") {
    const scenario v = variant(sc, "drop /channels/1");
    CHECK(v.channels.size() == sc.channels.size() - 1);
    CHECK(v.declared_channels() == 2);
    CHECK(channel(v, "b") == 1);
    CHECK(
        std::get<put_step>(
            std::get<loop_step>(std::get<script_spec>(v.processes[4].body).steps[2].op).body[0].op)
            .chan.index == 1);
    check_indices(v);
    check_as_written(v);
  }
  SECTION("a machine and its two channels") {
    const scenario v = variant(sc, "drop /processes/0");
    CHECK(v.processes.size() == 5);
    CHECK(v.channels.size() == sc.channels.size() - 2);
    CHECK(std::get<machine_spec>(v.processes[0].body).in_channel == 3);
    CHECK(std::get<customer_spec>(v.processes[1].body).machine_in_channels ==
          std::vector<std::size_t>{3});
    CHECK(std::get<chef_spec>(v.processes[2].body).hopper_channel == 4);
    check_indices(v);
    check_as_written(v);
  }
  SECTION("every variant runs as it reads when written") {
    shrink_candidates c(sc);
    while (auto v = c.next()) {
      INFO(c.change());
      check_indices(*v);
      check_as_written(*v);
    }
  }
}

TEST_CASE("shrink candidates: a loop keeps a step / a dropped step inside one", "[shrink]") {
  const scenario sc = loaded(shop);
  const scenario v = variant(sc, "drop /processes/4/steps/2/loop/0");
  const auto& loop = std::get<loop_step>(std::get<script_spec>(v.processes[4].body).steps[2].op);
  REQUIRE(loop.body.size() == 1);
  CHECK(std::holds_alternative<sleep_step>(loop.body[0].op));
  CHECK(loop.times == 2u);
  CHECK(scenario_size(v) == scenario_size(sc) - 1);
  const strings next = changes(v);
  CHECK(std::none_of(next.begin(), next.end(), [](const std::string& c) {
    return c.rfind("drop /processes/4/steps/2/loop/", 0) == 0;
  }));
  // Without the put that used it, x's binding may go too.
  CHECK(std::find(next.begin(), next.end(), "drop /processes/4/steps/1") == next.end());
  const scenario w = variant(variant(v, "drop /processes/4/steps/3"), "drop /processes/4/steps/1");
  check_as_written(w);
}

TEST_CASE("shrink candidates: stock, --set, expect and variables read only by JSON Logic",
          "[shrink]") {
  const scenario sc = loaded(shop);
  SECTION("a capacity left at its default follows the stock down") {
    const scenario v = variant(sc, "lower /processes/1/stock 20 -> 10");
    const auto& m = std::get<machine_spec>(v.processes[1].body);
    CHECK(m.stock == 10);
    CHECK(m.capacity == 10);
    CHECK(v.channels[m.hopper_channel].buffer == 10);
    CHECK(scenario_json(v).find("capacity") == std::string::npos);
    check_as_written(v);
  }
  SECTION("what a --set names or sets stays") {
    const strings c = changes(sc, {{"shop", "price", "2"},
                                   {"", "until", "10s"},
                                   {"t", "steps", "[]"},
                                   {"m", "capacity", "20"}});
    for (const char* gone : {"drop /processes/0", "lower /until 10000 -> 5000",
                             "drop /processes/5/steps/0", "drop /processes/5"})
      CHECK(std::find(c.begin(), c.end(), gone) == c.end());
    CHECK(std::find(c.begin(), c.end(), "lower /processes/0/stock 3 -> 1") != c.end());
    shrink_candidates pinned(sc, {{"m", "capacity", "20"}});
    while (auto v = pinned.next())
      if (pinned.change() == "lower /processes/1/stock 20 -> 10")
        CHECK(std::get<machine_spec>(v->processes[1].body).capacity == 20);
  }
  SECTION("expect") {
    const scenario e = loaded(R"({"hotdog": 1, "processes": [
      {"name": "m", "kind": "machine"},
      {"name": "a", "kind": "script", "steps": [{"log": "a"}]},
      {"name": "b", "kind": "script", "steps": [{"log": "b"}]}],
      "expect": {"logs": {"a": ["a"]}, "summary": {"sold": 0}}})");
    // m gives the summary expect.summary reads; a is in expect.logs.
    CHECK(changes(e) ==
          strings{"drop /processes/2", "drop /processes/1/steps/0", "drop /processes/2/steps/0"});
  }
  SECTION("a variable JSON Logic reads may lose its binding (it reads null)") {
    const scenario l = loaded(R"({"hotdog": 1, "processes": [
      {"name": "s", "kind": "script", "steps": [{"set": "x", "to": 1},
        {"if": {"var": "x"}, "then": [{"log": "yes"}], "else": [{"log": "no"}]}]}]})");
    CHECK(changes(l) == strings{"drop /processes/0/steps/0", "drop /processes/0/steps/1",
                                "drop /processes/0/steps/1/then/0",
                                "drop /processes/0/steps/1/else/0"});
    check_as_written(variant(l, "drop /processes/0/steps/0"));
  }
}

TEST_CASE("shrink candidates of every shipped scenario load again as written", "[shrink]") {
  for (const auto& entry : fs::directory_iterator(HOTDOG_SCENARIO_DIR)) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().string());
    const load_result r = load_scenario_file(entry.path().string());
    REQUIRE(r.has_value());
    shrink_candidates c(*r);
    while (auto v = c.next()) {
      INFO(c.change());
      const scenario again = loaded(scenario_json(*v));
      CHECK(scenario_json(again) == scenario_json(*v));
      CHECK(scenario_size(*v) <= scenario_size(*r));
    }
  }
}

TEST_CASE("shrink candidates past one listed chunk of edits: every edit once, in order",
          "[shrink]") {
  // Several chunks' worth of droppable steps, each with a sleep to halve inside a loop: the
  // edits are listed `chunk` at a time, and the chunks join without a gap or a repeat. Small
  // chunks make the boundaries cheap to reach (every variant is a whole copy of the scenario,
  // so plan_chunk's own 4096 would make this test quadratic in thousands of steps); the
  // listing is the same code for every chunk size.
  const std::size_t chunk = GENERATE(as<std::size_t>{}, 1, 7, 16, 45);
  const std::size_t n = 2 * 16 + 11;
  std::string steps;
  for (std::size_t i = 0; i < n; ++i) steps += R"({"log": "s"},)";
  const scenario sc = loaded(R"({"hotdog": 1, "processes": [{"name": "p", "kind": "script",
      "steps": [)" + steps + R"({"loop": [{"sleep": "4ms"}], "times": 2}]}]})");
  INFO("chunk " << chunk);
  const strings all = changes(sc, {}, chunk);
  REQUIRE(all.size() == n + 3);  // the steps and the loop; its sleep; its times
  for (std::size_t i = 0; i <= n; ++i)
    CHECK(all[i] == "drop /processes/0/steps/" + std::to_string(i));
  CHECK(all[n + 1] == "lower /processes/0/steps/" + std::to_string(n) + "/loop/0/sleep 4 -> 2");
  CHECK(all[n + 2] == "lower /processes/0/steps/" + std::to_string(n) + "/times 2 -> 1");
  CHECK(all == changes(sc));  // the same edits as in one chunk
}
