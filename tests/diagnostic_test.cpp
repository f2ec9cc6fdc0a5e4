#include <hotdog/sim/text/diagnostic.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace hotdog::sim;

TEST_CASE("a diagnostic reads FILE:LINE:COLUMN: error: MESSAGE", "[diagnostic]") {
  CHECK(diagnostic{"s.json", {3, 14}, "unknown key \"x\""}.to_string() ==
        "s.json:3:14: error: unknown key \"x\"");
  CHECK(diagnostic{"/tmp/a b.json", {120, 1}, "m"}.to_string() == "/tmp/a b.json:120:1: error: m");
}

TEST_CASE("a diagnostic's position defaults to the file's start", "[diagnostic]") {
  diagnostic d;
  d.file = "f.json";
  d.message = "cannot open the file";
  CHECK(d.where.line == 1);
  CHECK(d.where.column == 1);
  CHECK(d.to_string() == "f.json:1:1: error: cannot open the file");
  CHECK(diagnostic{}.to_string() == ":1:1: error: ");
}
