// Hostile input at the library level: names and messages printed escaped, strict UTF-8,
// positions and suggestions that stay cheap on hostile input.
#include <hotdog/sim/text/printable.hpp>
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using namespace hotdog;
using namespace hotdog::sim;

TEST_CASE("printable escapes control characters and nothing else", "[hardening]") {
  CHECK(printable("hot dog \xf0\x9f\x8c\xad caf\xc3\xa9 a\\b \"q\"") ==
        "hot dog \xf0\x9f\x8c\xad caf\xc3\xa9 a\\b \"q\"");
  CHECK(printable("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(printable("\x1b[2J\x7f") == "\\x1b[2J\\x7f");
  CHECK(printable("\xc2\x85 \xe2\x80\xae \xe2\x80\xa8") == "\\u0085 \\u202e \\u2028");
  CHECK(printable("\xff\xc0\xaf") == "\\xff\\xc0\\xaf");
  // A sequence cut short, by another byte or by the end, is its bytes escaped one by one.
  CHECK(printable("\xe2\x82(") == "\\xe2\\x82(");
  CHECK(printable("a\xf0\x9f\x8c") == "a\\xf0\\x9f\\x8c");
  CHECK(printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a surrogate
}

TEST_CASE("the text trace prints a process or event name escaped", "[hardening]") {
  std::ostringstream out, summary;
  text_writer w(out, 4, false, summary);
  w.set_explain(true);
  event e;
  e.seq = 1;
  e.kind = event_kind::park;
  e.op = wait_op::take;
  e.proc = "p\n     0.000s  q     exit\x1b[2J";
  e.chan = "c\nfake";
  w.on_event(e);
  event c;
  c.seq = 2;
  c.proc = "p";
  c.custom_name = "ev\r\n";
  w.on_event(c);
  const std::string text = out.str();
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find("\n     0.000s  q") == std::string::npos);
  CHECK(text.find("p\\n     0.000s  q     exit\\x1b[2J") != std::string::npos);
  CHECK(text.find("ev\\r\\n") != std::string::npos);
}

TEST_CASE("a diagnostic prints its message escaped", "[hardening]") {
  const auto r = load_scenario(
      R"({"hotdog": 1, "channels": [], "processes": [{"name": "p", "kind": "script",
          "steps": [{"take": "x\n\u001b[2Jfake"}]}]})",
      "s.json");
  REQUIRE(r.errors().size() == 1);
  const std::string line = r.errors()[0].to_string();
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find('\x1b') == std::string::npos);
  CHECK(line.find("x\\n\\x1b[2Jfake") != std::string::npos);
}

TEST_CASE("names: printable text without '|'", "[hardening]") {
  CHECK(check_name("hot dogs #1 \xf0\x9f\x8c\xad").has_value());
  CHECK(check_name("a/b~c.in-1").has_value());
  for (const char* bad :
       {"", "a\nb", "a\x1b", "a\x7f", "a|b", "a\xc2\x85", "a\xe2\x80\xae", "a\xe2\x81\xa6"})
    CHECK_FALSE(check_name(bad).has_value());
}

TEST_CASE("strict UTF-8: the first bad byte, where it is", "[hardening]") {
  for (const char* bad : {"\xf5\x80\x80\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                          "\xf4\x90\x80\x80", "\xe2\x82", "\x80", "\xff"}) {
    const auto r =
        load_scenario(std::string("{\"hotdog\": 1, \"name\": \"") + bad + "\"}", "s.json");
    REQUIRE(r.errors().size() == 1);
    CHECK(r.errors()[0].where.line == 1);
    CHECK(r.errors()[0].where.column == 24);
    CHECK(r.errors()[0].message.rfind("not valid UTF-8", 0) == 0);
  }
  const auto bom = load_scenario("\xef\xbb\xbf{}", "s.json");
  REQUIRE(bom.errors().size() == 1);
  CHECK(bom.errors()[0].message.find("byte order mark") != std::string::npos);
}

TEST_CASE("positions of values and keys by pointer, escaped tokens too", "[hardening]") {
  const auto r = load_scenario(R"({"hotdog": 1, "channels": [{"name": "c"}], "processes": [
  {"name": "p", "kind": "script", "steps": [{"take": "d"}]},
  {"name": "q", "kind": "script", "steps": [], "a/b~c": 1}]})",
                               "s.json");
  REQUIRE(r.errors().size() == 2);
  CHECK(r.errors()[0].where.line == 2);
  CHECK(r.errors()[0].where.column == 54);
  CHECK(r.errors()[1].where.line == 3);
  CHECK(r.errors()[1].where.column == 48);
  CHECK(r.errors()[1].message.find("a/b~c") != std::string::npos);
}

TEST_CASE("did you mean: bounded, still helpful", "[hardening]") {
  CHECK(did_you_mean("mdoe", {"mode", "name"}) == "mode");
  CHECK(did_you_mean("hoper", {"hopper"}) == "hopper");
  const std::string a(20000, 'a'), b = std::string(19999, 'a') + "b";
  CHECK_FALSE(did_you_mean(a, {b}));  // no suggestion, and at once
}

TEST_CASE("numbers out of range say so", "[hardening]") {
  auto r =
      load_scenario(R"({"hotdog": 1, "channels": [{"name": "c", "buffer": 9223372036854775808}],
    "processes": [{"name": "p", "kind": "script", "steps": [{"sleep": 9223372036854775808}]}]})",
                    "s.json");
  REQUIRE(r.errors().size() == 2);
  CHECK(r.errors()[0].message.find("negative") == std::string::npos);
  CHECK(r.errors()[0].message.find("0 to 1073741824") != std::string::npos);
  CHECK(r.errors()[1].message.find("negative") == std::string::npos);
  CHECK(r.errors()[1].message.find("at most") != std::string::npos);
}
