#include <hotdog/sim/events/sim_events.hpp>

#include "event_script.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace hotdog;
using namespace hotdog::sim;
using hotdog::test::event_script;

TEST_CASE("the simulation's event kinds are named as traces spell them", "[sim_events]") {
  CHECK(to_string(sim_event::stock) == "stock");
  CHECK(to_string(sim_event::sold_out) == "sold_out");
  CHECK(to_string(sim_event::pay) == "pay");
  CHECK(to_string(sim_event::lettuce) == "lettuce");
  CHECK(to_string(sim_event::refund) == "refund");
  CHECK(to_string(sim_event::dispense) == "dispense");
  CHECK(to_string(sim_event::change) == "change");
  CHECK(to_string(sim_event::arrive) == "arrive");
  CHECK(to_string(sim_event::leave) == "leave");
  CHECK(to_string(sim_event::cook) == "cook");
  CHECK(to_string(sim_event::restock) == "restock");
  CHECK(to_string(sim_event::summary) == "summary");
  CHECK(to_string(sim_event::realtime) == "realtime");
  static_assert(to_string(sim_event::pay) == "pay", "usable at compile time");
}

TEST_CASE("is() matches a custom event by its number, not by its name", "[sim_events]") {
  event_script s;
  const auto pay = static_cast<std::uint16_t>(sim_event::pay);
  const auto& e = s.custom("m", "pay", pay);
  CHECK(is(e, sim_event::pay));
  CHECK_FALSE(is(e, sim_event::stock));
  // The number decides: a custom event named "pay" with another number is not a pay.
  const auto& other = s.custom("m", "pay", static_cast<std::uint16_t>(sim_event::cook));
  CHECK_FALSE(is(other, sim_event::pay));
  CHECK(is(other, sim_event::cook));
  // A core event is never one of the simulation's, whatever its custom_kind says.
  auto& core = s.log("m", "pay");
  core.custom_kind = pay;
  CHECK_FALSE(is(core, sim_event::pay));
}

TEST_CASE("field_text gives a string field's own text and any other as JSON", "[sim_events]") {
  event_script s;
  const std::string& item = s.keep("hot dog");
  const auto& e = s.custom("m", "summary", static_cast<std::uint16_t>(sim_event::summary),
                           {{"why", std::string_view("wrong \"money\"")},
                            {"count", std::int64_t{-3}},
                            {"balanced", true},
                            {"mean", 2.5},
                            {"whole", 2.0},
                            {"item", value_ref(item)},
                            {"nil", value_ref()}});
  CHECK(field_text(e, "why") == "wrong \"money\"");  // not quoted, not escaped
  CHECK(field_text(e, "count") == "-3");
  CHECK(field_text(e, "balanced") == "true");
  CHECK(field_text(e, "mean") == "2.5");
  CHECK(field_text(e, "whole") == "2.0");
  CHECK(field_text(e, "item") == "\"hot dog\"");  // a value is its JSON, quoted
  CHECK(field_text(e, "nil") == "null");
  CHECK(field_text(e, "missing").empty());
  CHECK(field_text(s.log("m", "x"), "msg").empty());  // core fields are not custom fields
}
