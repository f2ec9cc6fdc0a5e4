// result<T>: a value, or a located or unlocated failure; warnings either way.
#include <hotdog/sim/text/result.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <variant>
#include <vector>

using namespace hotdog::sim;

TEST_CASE("a result with a value", "[result]") {
  result<int> r(42, {{"f.json", {2, 3}, "careful"}});
  REQUIRE(r.has_value());
  CHECK(static_cast<bool>(r));
  CHECK(*r == 42);
  CHECK(r.value() == 42);
  CHECK(r.errors().empty());
  REQUIRE(r.warnings().size() == 1);
  CHECK(r.warnings()[0].to_string() == "f.json:2:3: error: careful");
  CHECK_THROWS_AS(r.error(), std::bad_variant_access);

  result<std::string> s(std::string("text"));
  CHECK(s->size() == 4);
  CHECK(std::move(s).value() == "text");
}

TEST_CASE("an unlocated failure is one message", "[result]") {
  const result<int> r = failure("expected NAME.KEY=VALUE");
  CHECK_FALSE(r.has_value());
  CHECK_FALSE(r);
  CHECK(r.errors().empty());
  CHECK(r.error().message() == "expected NAME.KEY=VALUE");
  CHECK(r.warnings().empty());
  CHECK_THROWS_AS(r.value(), std::bad_variant_access);
}

TEST_CASE("a located failure keeps its problems in order", "[result]") {
  const result<int> r(failure({{"a.json", {1, 2}, "first"}, {"a.json", {3, 4}, "second"}}),
                      {{"a.json", {5, 6}, "a warning"}});
  REQUIRE_FALSE(r.has_value());
  REQUIRE(r.errors().size() == 2);
  CHECK(r.errors()[1].message == "second");
  CHECK(r.error().message() == "a.json:1:2: error: first\na.json:3:4: error: second");
  CHECK(r.warnings().size() == 1);
}

TEST_CASE("a temporary result's problems outlive it in a range-for", "[result]") {
  const auto make = [] {
    return result<int>(failure({{"a.json", {1, 2}, "first"}}), {{"a.json", {3, 4}, "w"}});
  };
  std::vector<std::string> seen;
  for (const auto& e : make().errors()) seen.push_back(e.message);
  for (const auto& w : make().warnings()) seen.push_back(w.message);
  for (const auto& e : make().error().errors()) seen.push_back(e.message);
  CHECK(seen == std::vector<std::string>{"first", "w", "first"});
  CHECK(result<int>(7).errors().empty());
}
