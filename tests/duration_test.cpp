// Durations from the command line (`--until`) and in a scenario's strings.
#include <hotdog/sim/model/duration.hpp>

#include <hotdog/sim/load/load.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

using namespace hotdog::sim;

namespace {

// Every form parse_duration_with_unit rejects.
const char* const not_durations[] = {
    "",      "s",       "ms",      "5",    "5000", ".5s",  "5.s",   "1.2.3s", "5 s",  " 5s",
    "5s ",   "-5s",     "+5s",     "5S",   "5MS",  "5sec", "5min",  "5d",     "1e3s", "5msx",
    "0.5ms", "1.0005s", "0.0001s", "1,5s", "soon", "s5",   "5..0s", "5 ms",   "\t5s", "5s\n"};

}  // namespace

TEST_CASE("a duration with a unit: digits, at most one inner point, then ms, s, m or h",
          "[duration]") {
  CHECK(parse_duration_with_unit("250ms") == 250);
  CHECK(parse_duration_with_unit("2s") == 2000);
  CHECK(parse_duration_with_unit("1.5s") == 1500);
  CHECK(parse_duration_with_unit("0.001s") == 1);
  CHECK(parse_duration_with_unit("3m") == 180'000);
  CHECK(parse_duration_with_unit("1.25m") == 75'000);
  CHECK(parse_duration_with_unit("1h") == 3'600'000);
  CHECK(parse_duration_with_unit("0.5h") == 1'800'000);
  CHECK(parse_duration_with_unit("0ms") == 0);
  CHECK(parse_duration_with_unit("0s") == 0);
  CHECK(parse_duration_with_unit("007s") == 7000);
  for (const char* text : not_durations) {
    INFO('"' << text << '"');
    CHECK(parse_duration_with_unit(text) == std::nullopt);
  }
  // What follows the number must be the unit and nothing else, not even a NUL.
  CHECK(parse_duration_with_unit(std::string_view("5\0s", 3)) == std::nullopt);
  CHECK(parse_duration_with_unit(std::string_view("5s\0", 3)) == std::nullopt);
}

TEST_CASE("a duration with a unit is read exactly, not through a double", "[duration]") {
  // A double rounded each of these to whole milliseconds: 3600000, 1000 and 1.
  CHECK(parse_duration_with_unit("0.9999999999999999999h") == std::nullopt);
  CHECK(parse_duration_with_unit("1.0000000000000000001s") == std::nullopt);
  CHECK(parse_duration_with_unit("0.0009999999999999999999s") == std::nullopt);
  CHECK(parse_duration("0.0009999999999999999999s") == std::nullopt);
  // Trailing zeros and leading zeros are still only zeros.
  CHECK(parse_duration_with_unit("1.5000000000000000000000000s") == 1500);
  CHECK(parse_duration_with_unit("0000000000000000000000001.000s") == 1000);
  // The longest fractions that can be whole: an hour has 2^7 3^2 5^5 ms, a minute 2^5 3 5^4.
  CHECK(parse_duration_with_unit("0.0000005h") == std::nullopt);
  CHECK(parse_duration_with_unit("0.0000025h") == 9);
  CHECK(parse_duration_with_unit("0.00005m") == 3);
  CHECK(parse_duration_with_unit("0.000005m") == std::nullopt);
  CHECK(parse_duration_with_unit("4.35s") == 4350);
}

TEST_CASE("a duration with a unit is at most 2^52 ms", "[duration]") {
  CHECK(max_duration_ms == 4'503'599'627'370'496);
  CHECK(parse_duration_with_unit("4503599627370496ms") == max_duration_ms);
  CHECK(parse_duration_with_unit("4503599627370497ms") == std::nullopt);
  CHECK(parse_duration_with_unit("1250999896h") == std::int64_t{1'250'999'896} * 3'600'000);
  CHECK(parse_duration_with_unit("1250999897h") == std::nullopt);
  CHECK(parse_duration_with_unit("99999999999999999999999999h") == std::nullopt);
}

TEST_CASE("command-line text: plain milliseconds, or a duration with a unit", "[duration]") {
  CHECK(parse_duration("5000") == 5000);
  CHECK(parse_duration("0") == 0);
  CHECK(parse_duration("0005") == 5);
  CHECK(parse_duration("90s") == 90'000);
  CHECK(parse_duration("10m") == 600'000);
  CHECK(parse_duration("1.5s") == 1500);
  CHECK(parse_duration(std::string("250ms")) == 250);
  CHECK(parse_duration(std::string_view("1h")) == 3'600'000);
  // Plain milliseconds go up to the largest int64; beyond it they are refused, not wrapped.
  // Capped like a scenario's durations, so that a double holds them exactly: at most 2^52 ms.
  CHECK(parse_duration("4503599627370496") == std::int64_t{1} << 52);
  CHECK(parse_duration("4503599627370497") == std::nullopt);
  CHECK(parse_duration("9223372036854775807") == std::nullopt);
  CHECK(parse_duration("9223372036854775808") == std::nullopt);
  CHECK(parse_duration("99999999999999999999") == std::nullopt);
  for (const char* text : {"", "soon", "-5", "+5", " 5", "5 ", "5.0", "0x10", "1e3", "5 s"}) {
    INFO('"' << text << '"');
    CHECK(parse_duration(text) == std::nullopt);
  }
  for (const char* text : not_durations) {
    INFO('"' << text << '"');
    const bool plain_ms = std::string_view(text) == "5" || std::string_view(text) == "5000";
    CHECK(parse_duration(text).has_value() == plain_ms);
  }
}

TEST_CASE("a scenario's duration strings parse as durations with a unit", "[duration]") {
  // The loader's own reading of a scenario's "until".
  auto until = [](const std::string& d) -> std::optional<std::int64_t> {
    auto r = load_scenario(R"({"hotdog": 1, "until": )" + d +
                               R"(, "processes": [{"name": "p", "kind": "script", "steps": []}]})",
                           "s.json");
    return r ? r->until : std::nullopt;
  };
  for (const char* text : {"250ms", "2s", "1.5s", "3m", "1h", "4503599627370496ms"}) {
    INFO('"' << text << '"');
    CHECK(until(std::string("\"") + text + "\"") == parse_duration_with_unit(text));
    CHECK(parse_duration_with_unit(text).has_value());
  }
  for (const char* text : not_durations) {
    INFO('"' << text << '"');
    CHECK(until(nlohmann::json(text).dump()) == std::nullopt);
  }
  // In a scenario, plain milliseconds are a JSON number, never a string.
  CHECK(until("5000") == 5000);
  CHECK(until(R"("5000")") == std::nullopt);
}
