#include <hotdog/sim/simulation.hpp>

#include <hotdog/sim/trace_writer.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <sstream>

using namespace hotdog;
using namespace hotdog::sim;

namespace {

std::string run_text(const std::string& text, end_reason expected, run_options opts = {}) {
  auto r = load_scenario(text, "s.json");
  for (auto& e : r.errors) FAIL(e.to_string());
  std::ostringstream out;
  jsonl_writer w(out);
  auto res = simulate(*r.value, opts, w);
  CHECK(res.reason == expected);
  return out.str();
}

std::string logs_of(const std::string& jsonl) {
  std::string out;
  std::istringstream in(jsonl);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["ev"] == "log") out += j["msg"].get<std::string>() + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("script steps: variables, filters and JSON values", "[sim][script]") {
  auto trace = run_text(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 5}], "processes": [
    {"name": "p", "kind": "script", "steps": [
      {"put": "c", "value": {"n": 3, "tags": ["a"]}},
      {"take": "c", "as": "obj"},
      {"put": "c", "value": "{obj}"},
      {"take": "c", "as": "same"},
      {"log": "obj={same} n"},
      {"put": "c", "value": "Ketchup é", "as": "ok"},
      {"take": "c", "as": "s"},
      {"log": "{s|upper} {s|lower} {s|reverse} {ok} {notavar literal}"},
      {"offer": "c", "value": 1, "as": "o"}, {"poll": "c", "as": "q"}, {"poll": "c", "as": "nothing"},
      {"log": "{o} {q} {nothing}"}
    ]}]})",
                        end_reason::done);
  CHECK(logs_of(trace) ==
        "obj={\"n\":3,\"tags\":[\"a\"]} n\n"
        "KETCHUP é ketchup é é puhcteK true {notavar literal}\n"
        "true 1 null\n");
  CHECK(trace.find(R"("ev":"put","chan":"c","value":{"n":3,"tags":["a"]},"ok":true})") !=
        std::string::npos);
}

TEST_CASE("a loop ends after its times, or when a take inside gives null", "[sim][script]") {
  auto trace = run_text(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 5}], "processes": [
    {"name": "p", "kind": "script", "steps": [
      {"loop": [{"put": "c", "value": "x"}], "times": 3},
      {"close": "c"},
      {"loop": [{"take": "c", "as": "v"}, {"log": "got {v}"}]},
      {"take": "c", "as": "after"},
      {"log": "after the loop: {after}"}
    ]}]})",
                        end_reason::done);
  CHECK(logs_of(trace) == "got x\ngot x\ngot x\nafter the loop: null\n");
}

TEST_CASE("putting a null variable fails the process with exit 4", "[sim][script]") {
  auto trace = run_text(R"({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
    {"name": "p", "kind": "script", "steps": [
      {"close": "c"}, {"take": "c", "as": "v"}, {"put": "c", "value": "{v}"}
    ]}]})",
                        end_reason::error);
  CHECK(trace.find(R"("ev":"error","msg":"Can't put nil on channel")") != std::string::npos);
  CHECK(exit_status(end_reason::error) == 4);
  CHECK(exit_status(end_reason::deadlock) == 3);
  CHECK(exit_status(end_reason::done) == 0);
}

TEST_CASE("seed, until and max-events options", "[sim]") {
  const char* text = R"({"hotdog": 1, "seed": 5, "processes": [
    {"name": "p", "kind": "script", "steps": [{"loop": [{"sleep": {"uniform": [1, 1000]}}, {"log": "tick"}]}]}]})";
  run_options o;
  o.until = 10'000;
  auto a = run_text(text, end_reason::until, o);
  CHECK(run_text(text, end_reason::until, o) == a);
  o.seed = 6;
  CHECK(run_text(text, end_reason::until, o) != a);
  o.max_events = 7;
  o.until.reset();
  auto limited = run_text(text, end_reason::limit, o);
  CHECK(std::count(limited.begin(), limited.end(), '\n') == 8);
}

TEST_CASE("text time format", "[sim][trace]") {
  CHECK(format_time(0) == "0.000s");
  CHECK(format_time(2500) == "2.500s");
  CHECK(format_time(62500) == "1m02.500s");
  CHECK(format_time(3600000) == "1h00m00.000s");
}

// Every shipped scenario validates and runs to the end its description documents.
TEST_CASE("every shipped scenario validates and runs to its documented end", "[sim][scenarios]") {
  const std::map<std::string, end_reason> expected{
      {"blocking-put-no-taker", end_reason::deadlock},
  };
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(HOTDOG_SCENARIO_DIR)) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().string());
    auto r = load_scenario_file(entry.path().string());
    REQUIRE(r.errors.empty());
    std::ostringstream out;
    jsonl_writer w(out);
    auto res = simulate(*r.value, {}, w);
    auto it = expected.find(entry.path().stem().string());
    CHECK(res.reason == (it == expected.end() ? end_reason::done : it->second));
    ++count;
  }
  CHECK(count >= 10);
}
