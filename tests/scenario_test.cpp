#include <hotdog/sim/model/scenario.hpp>

#include <hotdog/sim/load/load.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace hotdog::sim;

namespace {

std::vector<std::string> errors_of(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& d : load_scenario(text, "s.json").errors()) out.push_back(d.to_string());
  return out;
}

const char* valid = R"({"hotdog": 1, "channels": [{"name": "echo"}],
  "processes": [{"name": "p", "kind": "script", "steps": [{"take": "echo", "as": "x"}, {"log": "{x}"}]}]})";

}  // namespace

TEST_CASE("a valid scenario loads", "[scenario]") {
  auto r = load_scenario(valid, "s.json");
  REQUIRE(r.errors().empty());
  REQUIRE(r.has_value());
  CHECK(r->channels.size() == 1);
  CHECK(r->processes[0].name == "p");
  CHECK(r->seed == 1);
}

TEST_CASE("malformed JSON is reported with line and column", "[scenario][json]") {
  CHECK(errors_of("") ==
        std::vector<std::string>{"s.json:1:1: error: the file is empty: expected a JSON object"});
  CHECK(errors_of("{\n  \"hotdog\": 1,\n  \"name\": \"x\",,\n}") ==
        std::vector<std::string>{"s.json:3:15: error: expected a key in double quotes, found ','"});
  CHECK(errors_of("{\"a\": tru}")[0] == "s.json:1:7: error: expected a value, found 't'");
  CHECK(errors_of("{\"a\": 1} x")[0] ==
        "s.json:1:10: error: unexpected text after the end of the JSON value");
  CHECK(errors_of("{\"a\": \"\xff\"}")[0] ==
        "s.json:1:8: error: not valid UTF-8 (byte 0xff can never appear in UTF-8)");
  CHECK(errors_of("{\"a\": 1, \"a\": 2}")[0] == "s.json:1:10: error: duplicate key \"a\"");
  CHECK(errors_of(std::string(300, '[') + std::string(300, ']'))[0] ==
        "s.json:1:202: error: the JSON is nested more than 200 levels deep");
  CHECK(errors_of("[1, 2]")[0] ==
        "s.json:1:1: error: a scenario must be a JSON object, not an array");
}

TEST_CASE("every problem is reported at once, in file order", "[scenario]") {
  auto errs = errors_of(R"({
  "hotdog": 1,
  "chanels": [],
  "processes": [
    {"name": "p", "kind": "script", "mdoe": "go", "steps": [
      {"take": "echo"},
      {"put": "nowhere", "value": null},
      {"sleep": -5},
      {"log": "{y}"},
      {"tkae": "x"}
    ]},
    {"name": "p", "kind": "machin", "steps": []}
  ]
})");
  CHECK(errs ==
        std::vector<std::string>{
            "s.json:3:3: error: unknown key \"chanels\"; did you mean \"channels\"?",
            "s.json:5:37: error: unknown key \"mdoe\"; did you mean \"mode\"?",
            "s.json:6:16: error: unknown channel \"echo\": declare it under \"channels\"",
            "s.json:7:15: error: unknown channel \"nowhere\": declare it under \"channels\"",
            "s.json:7:35: error: null cannot be put on a channel (core.async: \"Can't put nil on "
            "channel\")",
            "s.json:8:17: error: a duration may not be negative, got -5",
            "s.json:9:15: error: unknown variable \"y\" in \"{y}\": bind it first with \"as\"",
            "s.json:10:8: error: unknown step \"tkae\"; did you mean \"take\"?",
            "s.json:12:14: error: duplicate process name \"p\"",
            "s.json:12:27: error: unknown process kind \"machin\"; did you mean \"machine\"?",
        });
}

TEST_CASE("wrong types and values anywhere are errors", "[scenario]") {
  auto first = [](const std::string& text) {
    auto e = errors_of(text);
    return e.empty() ? std::string("(none)") : e[0];
  };
  const std::string head = R"({"hotdog": 1, )";
  CHECK(first(R"({"processes": []})") ==
        "s.json:1:1: error: missing key \"hotdog\": the format version, 1");
  CHECK(first(R"({"hotdog": 2, "processes": []})") ==
        "s.json:1:12: error: unsupported format version 2: this hotdog reads version 1");
  CHECK(
      first(head + R"("seed": -1, "processes": [{"name": "p", "kind": "script", "steps": []}]})") ==
      "s.json:1:23: error: \"seed\" must be an unsigned 64-bit integer, not a number -1");
  CHECK(
      first(
          head +
          R"("channels": [{"name": "c", "buffer": -2}], "processes": [{"name": "p", "kind": "script", "steps": []}]})") ==
      "s.json:1:52: error: \"buffer\" may not be negative, got -2");
  CHECK(
      first(
          head +
          R"("channels": [{"name": "c", "policy": "sliding"}], "processes": [{"name": "p", "kind": "script", "steps": []}]})") ==
      "s.json:1:52: error: a sliding buffer needs \"buffer\" of at least 1");
  CHECK(
      first(
          head +
          R"("channels": [{"name": "c", "buffer": 1, "policy": "slidng"}], "processes": [{"name": "p", "kind": "script", "steps": []}]})") ==
      "s.json:1:65: error: \"policy\" must be \"fixed\", \"dropping\" or \"sliding\", not a string "
      "\"slidng\"; did you mean \"sliding\"?");
  CHECK(
      first(
          head +
          R"("channels": [{"name": "c"}, {"name": "c"}], "processes": [{"name": "p", "kind": "script", "steps": []}]})") ==
      "s.json:1:52: error: duplicate channel name \"c\"");
  CHECK(
      first(
          head +
          R"("until": "10 minutes", "processes": [{"name": "p", "kind": "script", "steps": []}]})") ==
      "s.json:1:24: error: expected a duration (whole milliseconds, or \"250ms\", \"2s\", "
      "\"1.5s\", \"3m\", \"1h\"), not a string \"10 minutes\"");
  CHECK(
      first(head + R"("processes": [{"name": "p", "kind": "script", "steps": [{"alts": []}]}]})") ==
      "s.json:1:80: error: \"alts\" takes a non-empty array of operations: {\"take\": C}, "
      "{\"put\": C, \"value\": V} or {\"timeout\": DURATION}");
  CHECK(
      first(head + R"("processes": [{"name": "p", "kind": "script", "steps": [{"take": 3}]}]})") ==
      "s.json:1:80: error: expected a channel name, not a number 3");
  // null is its own type and text: said once.
  CHECK(first(head + R"("processes": [{"name": "m", "kind": "machine", "stock": null}]})") ==
        "s.json:1:71: error: \"stock\" must be a whole number from 0 to 1000000, not null");
  CHECK(
      first(
          head +
          R"("processes": [{"name": "p", "kind": "script", "steps": [{"log": "x", "close": "c"}]}]})") ==
      "s.json:1:71: error: a step has one operation, this one has 2: close and log");
  CHECK(
      first(
          head +
          R"("processes": [{"name": "p", "kind": "script", "steps": [{"loop": [{"log": "x"}], "times": -1}]}]})") ==
      "s.json:1:105: error: \"times\" must be a whole number >= 0, not a number -1");
}

TEST_CASE("durations in a scenario: whole milliseconds or a number with a unit", "[scenario]") {
  // The scenario's "until" as loaded, or nothing when the loader refuses it.
  auto until = [](const std::string& d) -> std::optional<std::int64_t> {
    auto r = load_scenario(R"({"hotdog": 1, "until": )" + d +
                               R"(, "processes": [{"name": "p", "kind": "script", "steps": []}]})",
                           "s.json");
    if (!r) return std::nullopt;
    return r->until;
  };
  CHECK(until("250") == 250);
  CHECK(until(R"("250ms")") == 250);
  CHECK(until(R"("2s")") == 2000);
  CHECK(until(R"("1.5s")") == 1500);
  CHECK(until(R"("3m")") == 180000);
  CHECK(until(R"("1h")") == 3600000);
  CHECK(until("-1") == std::nullopt);
  CHECK(until(R"("1.0005s")") == std::nullopt);  // finer than 1 ms
  CHECK(until(R"("s")") == std::nullopt);
  CHECK(until(R"("1.2.3s")") == std::nullopt);
  CHECK(until("1.5") == std::nullopt);
  CHECK(until(R"("5 s")") == std::nullopt);
  CHECK(until(R"("5000")") == std::nullopt);  // a string needs its unit
}

TEST_CASE("a blocking step in a go process is warned about", "[scenario]") {
  auto r = load_scenario(R"({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
    {"name": "g", "kind": "script", "steps": [{"put": "c", "value": 1, "blocking": true}]}]})",
                         "s.json");
  REQUIRE(r.errors().empty());
  REQUIRE(r.warnings().size() == 1);
  CHECK_THAT(r.warnings()[0].message, Catch::Contains("go blocks must not block"));
}

TEST_CASE("missing and unreadable files", "[scenario]") {
  auto r = load_scenario_file("/nonexistent/x.json");
  REQUIRE(r.errors().size() == 1);
  CHECK_THAT(r.errors()[0].to_string(),
             Catch::StartsWith("/nonexistent/x.json:1:1: error: cannot open the file"));
  r = load_scenario_file("/");
  REQUIRE(r.errors().size() == 1);
}
