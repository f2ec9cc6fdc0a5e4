#include <hotdog/sim/model/steps.hpp>

#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <variant>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;
using strings = std::vector<std::string>;
using filter = text_template::filter;
using vkind = value_template::kind;

namespace {

const char* compiled = R"({"hotdog": 1,
 "channels": [{"name": "in"}, {"name": "out", "buffer": 2}],
 "processes": [
  {"name": "m", "kind": "machine", "stock": 1},
  {"name": "s", "kind": "script", "steps": [
    {"take": "in", "as": "x"},
    {"put": "out", "value": "{x}"},
    {"put": "out", "value": "got {x|upper}!"},
    {"put": "out", "value": "plain {not a var} {} {x"},
    {"put": "out", "value": 42},
    {"put": "out", "value": ["{x}", 1]},
    {"put": "out", "value": {"b": 1, "a": "{x}"}},
    {"put": "out", "value": {"k": [1, "two", -3, 1.5]}},
    {"put": "m.in", "value": 3, "as": "ok", "blocking": true},
    {"loop": [{"take": "m.hopper", "as": "dog"}, {"log": "{dog}{ok|reverse} and {x|lower}"}],
     "times": 2},
    {"alts": [{"take": "in"}, {"put": "out", "value": "{dog}"}, {"timeout": 100}],
     "priority": true, "default": "none", "as": "v", "port_as": "port"},
    {"offer": "out", "value": "{v}", "as": "offered"},
    {"poll": "out", "as": "polled"},
    {"close": "out"},
    {"sleep": "2s"},
    {"loop": [{"take": "in"}]}
  ]}]})";

const scenario& load() {
  static const load_result r = load_scenario(compiled, "s.json");
  for (const auto& e : r.errors()) FAIL(e.to_string());
  return *r;
}

const step_list& script_steps() { return std::get<script_spec>(load().processes[1].body).steps; }

template <class S>
const S& step_at(std::size_t i) {
  const auto& steps = script_steps();
  REQUIRE(i < steps.size());
  REQUIRE(std::holds_alternative<S>(steps[i].op));
  return std::get<S>(steps[i].op);
}

// A text template as "[literal|var#slot|filter]..." for comparing in one line.
std::string pieces(const text_template& t) {
  std::string out;
  for (const auto& p : t.pieces) {
    out += "[" + p.literal;
    if (p.var) out += "|" + p.var->name + "#" + std::to_string(p.var->slot);
    if (p.how == filter::upper) out += "|upper";
    if (p.how == filter::lower) out += "|lower";
    if (p.how == filter::reverse) out += "|reverse";
    out += "]";
  }
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("channels are indices: declared ones first, then each machine's", "[steps]") {
  const auto& sc = load();
  REQUIRE(sc.channels.size() == 4);
  CHECK(sc.declared_channels() == 2);
  CHECK(sc.channels[0].name == "in");
  CHECK(sc.channels[1].name == "out");
  CHECK(sc.channels[1].buffer == 2);
  CHECK(sc.channels[2].name == "m.in");
  CHECK(sc.channels[2].owner == "m");
  CHECK(sc.channels[3].name == "m.hopper");
  CHECK(sc.channels[3].buffer == 10);  // max(stock, 10)
  CHECK(step_at<take_step>(0).chan.index == 0);
  CHECK(step_at<take_step>(0).chan.name == "in");
  CHECK(step_at<put_step>(1).chan.index == 1);
  CHECK(step_at<put_step>(8).chan.index == 2);
  CHECK(step_at<put_step>(8).chan.name == "m.in");
  const auto& loop = step_at<loop_step>(9);
  REQUIRE(loop.body.size() == 2);
  CHECK(std::get<take_step>(loop.body[0].op).chan.index == 3);
  CHECK(step_at<close_step>(13).chan.index == 1);
}

TEST_CASE("variables are slots, in the order the script first binds them", "[steps]") {
  const auto& script = std::get<script_spec>(load().processes[1].body);
  // Loops are looked into where they stand; an alts binds "as" before "port_as".
  CHECK(script.variables == strings{"x", "ok", "dog", "v", "port", "offered", "polled"});
  REQUIRE(step_at<take_step>(0).as);
  CHECK(step_at<take_step>(0).as->slot == 0);
  CHECK(step_at<take_step>(0).as->name == "x");
  REQUIRE(step_at<put_step>(8).as);
  CHECK(step_at<put_step>(8).as->slot == 1);
  CHECK(step_at<put_step>(8).blocking);
  CHECK_FALSE(step_at<put_step>(1).as);
  CHECK_FALSE(step_at<put_step>(1).blocking);
  const auto& alts = step_at<alts_step>(10);
  REQUIRE(alts.as);
  REQUIRE(alts.port_as);
  CHECK(alts.as->slot == 3);
  CHECK(alts.port_as->slot == 4);
  CHECK(step_at<offer_step>(11).as->slot == 5);
  CHECK(step_at<poll_step>(12).as->slot == 6);
  CHECK_FALSE(std::get<take_step>(step_at<loop_step>(15).body[0].op).as);
}

TEST_CASE("a put value \"{x}\" is the variable itself, keeping its type", "[steps]") {
  const auto& v = step_at<put_step>(1).value;
  CHECK(v.type == vkind::variable);
  CHECK(v.var.name == "x");
  CHECK(v.var.slot == 0);
  CHECK(v.text.pieces.empty());
  CHECK(step_at<offer_step>(11).value.type == vkind::variable);
  CHECK(step_at<offer_step>(11).value.var.name == "v");
}

TEST_CASE("a text with holes is split into literal pieces, variables and filters", "[steps]") {
  const auto& v = step_at<put_step>(2).value;
  CHECK(v.type == vkind::text);
  CHECK(pieces(v.text) == "[got |x#0|upper][!]");
  const auto& log = std::get<log_step>(step_at<loop_step>(9).body[1].op);
  CHECK(pieces(log.text) == "[|dog#2][|ok#1|reverse][ and |x#0|lower][]");
}

TEST_CASE("braces around anything but a variable are literal text", "[steps]") {
  const auto& v = step_at<put_step>(3).value;
  CHECK(v.type == vkind::literal);
  CHECK(v.literal == value("plain {not a var} {} {x"));
}

TEST_CASE("values without variables are literals, made once", "[steps]") {
  const auto& n = step_at<put_step>(4).value;
  CHECK(n.type == vkind::literal);
  CHECK(n.literal.to_json() == "42");
  CHECK(n.literal.is_number());
  const auto& obj = step_at<put_step>(7).value;
  CHECK(obj.type == vkind::literal);
  CHECK(obj.literal.to_json() == R"({"k":[1,"two",-3,1.5]})");
  CHECK(obj.items.empty());
  CHECK(obj.members.empty());
  const auto& dflt = step_at<alts_step>(10).default_value;
  REQUIRE(dflt);
  CHECK(dflt->type == vkind::literal);
  CHECK(dflt->literal == value("none"));
}

TEST_CASE("arrays and objects holding a variable are compiled item by item", "[steps]") {
  const auto& arr = step_at<put_step>(5).value;
  REQUIRE(arr.type == vkind::array);
  REQUIRE(arr.items.size() == 2);
  CHECK(arr.items[0].type == vkind::variable);
  CHECK(arr.items[0].var.name == "x");
  CHECK(arr.items[1].type == vkind::literal);
  CHECK(arr.items[1].literal.to_json() == "1");

  const auto& obj = step_at<put_step>(6).value;
  REQUIRE(obj.type == vkind::object);
  REQUIRE(obj.members.size() == 2);
  CHECK(obj.members[0].first == "a");  // sorted by key
  CHECK(obj.members[0].second.type == vkind::variable);
  CHECK(obj.members[1].first == "b");
  CHECK(obj.members[1].second.literal.to_json() == "1");
}

TEST_CASE("alts arms, loops, sleeps are compiled with their options", "[steps]") {
  const auto& alts = step_at<alts_step>(10);
  REQUIRE(alts.arms.size() == 3);
  CHECK(alts.priority);
  CHECK(alts.arms[0].type == alts_arm::kind::take);
  CHECK(alts.arms[0].chan.index == 0);
  CHECK(alts.arms[1].type == alts_arm::kind::put);
  CHECK(alts.arms[1].chan.index == 1);
  CHECK(alts.arms[1].value.type == vkind::variable);
  CHECK(alts.arms[1].value.var.slot == 2);
  CHECK(alts.arms[2].type == alts_arm::kind::timeout);
  CHECK(alts.arms[2].timeout.type == duration_spec::kind::fixed);
  CHECK(alts.arms[2].timeout.ms == 100);

  CHECK(step_at<loop_step>(9).times == std::optional<std::uint64_t>(2));
  CHECK_FALSE(step_at<loop_step>(15).times);
  const auto& sleep = step_at<sleep_step>(14);
  CHECK(sleep.duration.type == duration_spec::kind::fixed);
  CHECK(sleep.duration.ms == 2000);
  CHECK_FALSE(sleep.blocking);
  CHECK(script_steps().size() == 16);
}

TEST_CASE("a run puts \"{x}\" as x's own value, and \"{x} \" as text", "[steps]") {
  auto r = load_scenario(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 9}, {"name": "d"}],
    "processes": [{"name": "p", "kind": "script", "steps": [
      {"put": "c", "value": 7}, {"take": "c", "as": "x"},
      {"put": "c", "value": "{x}"}, {"put": "c", "value": "{x} "},
      {"put": "c", "value": ["{x}"]},
      {"take": "d", "as": "o"}, {"put": "c", "value": "{o}"}, {"put": "c", "value": "<{o}>"}
    ]}, {"name": "q", "kind": "script", "steps": [{"put": "d", "value": {"a": [true]}}]}]})",
                         "s.json");
  for (const auto& e : r.errors()) FAIL(e.to_string());
  std::ostringstream out;
  jsonl_writer w(out);
  simulate(*r, {}, w);
  const std::string trace = out.str();
  CHECK(count(trace, R"("proc":"p","ev":"put","chan":"c","value":7,"ok":true})") == 2);
  CHECK(count(trace, R"("proc":"p","ev":"put","chan":"c","value":"7 ","ok":true})") == 1);
  CHECK(count(trace, R"("proc":"p","ev":"put","chan":"c","value":[7],"ok":true})") == 1);
  CHECK(count(trace, R"("proc":"p","ev":"take","chan":"d","value":{"a":[true]}})") == 1);
  CHECK(count(trace, R"("proc":"p","ev":"put","chan":"c","value":{"a":[true]},"ok":true})") == 1);
  CHECK(count(trace, R"("value":"<{\"a\":[true]}>")") == 1);
}
