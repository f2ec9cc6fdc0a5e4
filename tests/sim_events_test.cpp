#include <hotdog/sim/events/sim_events.hpp>

#include <hotdog/sim/events/event_fields.hpp>
#include <hotdog/sim/events/payloads.hpp>
#include <hotdog/sim/model/scenario.hpp>

#include "event_script.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;
using hotdog::test::event_script;

namespace {

// Each field as `key=JSON`, a duration marked with a trailing " (ms)".
template <class Payload>
std::vector<std::string> fields_of(const Payload& p) {
  std::vector<std::string> out;
  const bool simulation = for_each_field(event_of(p), [&out](const trace_field& f) {
    std::string s(f.key);
    s += '=';
    append_field_json(s, f.value);
    if (f.duration) s += " (ms)";
    out.push_back(std::move(s));
  });
  CHECK(simulation);
  return out;
}

using strings = std::vector<std::string>;

}  // namespace

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
  CHECK(to_string(sim_event::expect_failed) == "expect_failed");
  static_assert(to_string(sim_event::pay) == "pay", "usable at compile time");
  static_assert(std::size(sim_event_names) == sim_event_count);
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

TEST_CASE("an event carries its payload, which only its own kind reads", "[sim_events]") {
  const pay_event pay{2, "ann", 3, 2};
  const event e = event_of(pay);
  CHECK(e.kind == event_kind::custom);
  CHECK(is(e, sim_event::pay));
  CHECK(e.name() == "pay");
  CHECK(e.proc.empty());  // the reporter names itself
  CHECK(e.fields.empty());
  REQUIRE(payload_of<pay_event>(e) == &pay);
  CHECK(payload_of<pay_event>(e)->from == "ann");
  CHECK(payload_of<stock_event>(e) == nullptr);
  // A simulation kind with no payload (fields only), and a core event, have none.
  event_script s;
  CHECK(payload_of<pay_event>(s.custom("m", "pay", static_cast<std::uint16_t>(sim_event::pay),
                                       {{"from", std::string_view("ann")}})) == nullptr);
  CHECK(payload_of<pay_event>(s.log("m", "pay")) == nullptr);
  CHECK(payload_of<cook_event>(s.payload("chef", cook_event{4}))->count == 4);
}

TEST_CASE("reasons and actions are spelled as traces spell them", "[sim_events]") {
  CHECK(to_string(sold_out_action::close) == "close");
  CHECK(to_string(sold_out_action::wait_for_chef) == "wait for the chef");
  CHECK(to_string(refund_reason::too_little) == "too little");
  CHECK(to_string(leave_reason::served) == "served");
  CHECK(to_string(leave_reason::refunded) == "refunded");
  CHECK(to_string(leave_reason::lettuce) == "lettuce");
  CHECK(to_string(leave_reason::impatient) == "impatient");
  CHECK(to_string(leave_reason::closed) == "closed");
  CHECK(hungry(leave_reason::impatient));
  CHECK(hungry(leave_reason::closed));
  CHECK_FALSE(hungry(leave_reason::served));
  CHECK_FALSE(hungry(leave_reason::refunded));
  CHECK_FALSE(hungry(leave_reason::lettuce));
}

TEST_CASE("the serializer writes every kind's fields in trace order", "[sim_events]") {
  // Indices are for observers: no trace shows them.
  CHECK(fields_of(stock_event{1, 5, 3}) == strings{"count=5", "price=3"});
  CHECK(fields_of(sold_out_event{1, sold_out_action::close}) == strings{"action=\"close\""});
  CHECK(fields_of(sold_out_event{1, sold_out_action::wait_for_chef}) ==
        strings{"action=\"wait for the chef\""});
  CHECK(fields_of(pay_event{1, "ann", 4, 1}) == strings{"from=\"ann\"", "amount=4"});
  CHECK(fields_of(lettuce_event{1, "ann", 2}) == strings{"to=\"ann\"", "amount=2"});
  CHECK(fields_of(refund_event{1, "ann", 2, refund_reason::too_little}) ==
        strings{"to=\"ann\"", "amount=2", "why=\"too little\""});
  CHECK(fields_of(dispense_event{1, "ann"}) == strings{"to=\"ann\"", "item=\"hot dog\""});
  CHECK(fields_of(change_event{1, "ann", 1}) == strings{"to=\"ann\"", "amount=1"});
  CHECK(fields_of(arrive_event{"m \"1\"", 1, 3}) == strings{"machine=\"m \\\"1\\\"\"", "amount=3"});
  CHECK(fields_of(leave_event{leave_reason::impatient, 62'500, 1}) ==
        strings{"reason=\"impatient\"", "waited=62500 (ms)"});
  CHECK(fields_of(cook_event{2}) == strings{"count=2"});
  CHECK(fields_of(restock_event{"m", 1, 2}) == strings{"machine=\"m\"", "count=2"});
  CHECK(fields_of(realtime_event{8, 2.5, "not reproducible"}) ==
        strings{"threads=8", "speed=2.5", "note=\"not reproducible\""});
  CHECK(fields_of(realtime_event{8, 1.0, ""}) == strings{"threads=8", "speed=1.0", "note=\"\""});
  CHECK(fields_of(expect_failed_event{"summary.sold", {"{\"min\":3}"}, {"2"}}) ==
        strings{"what=\"summary.sold\"", "wanted={\"min\":3}", "got=2"});
  summary_event t;
  t.sold = 1, t.revenue = 2, t.change = 3, t.refunds = 4, t.lettuce = 5, t.customers = 6;
  t.served = 7, t.hungry = 8, t.refunded = 9, t.lettuce_eaters = 10, t.present = 11;
  t.wait_mean = 12, t.wait_p50 = 13, t.wait_p95 = 14, t.wait_max = 15, t.cooked = 16;
  t.stock_left = 17, t.balanced = false;
  CHECK(fields_of(t) == strings{"sold=1", "revenue=2", "change=3", "refunds=4", "lettuce=5",
                                "customers=6", "served=7", "hungry=8", "refunded=9",
                                "lettuce_eaters=10", "present=11", "wait_mean=12.0", "wait_p50=13",
                                "wait_p95=14", "wait_max=15", "cooked=16", "stock_left=17",
                                "balanced=false"});
  // The mean keeps its fraction; a machine of unlimited stock makes stock_left say so.
  t.wait_mean = 12.25, t.unlimited = true;
  const strings with_unlimited = fields_of(t);
  CHECK(with_unlimited[11] == "wait_mean=12.25");
  CHECK(with_unlimited[16] == "stock_left=\"unlimited\"");
}

TEST_CASE("the summary's fields are the keys expect.summary may name, in order", "[sim_events]") {
  std::vector<std::string_view> keys;
  for_each_field(event_of(summary_event{}),
                 [&keys](const trace_field& f) { keys.push_back(f.key); });
  CHECK(keys == std::vector<std::string_view>(summary_fields().begin(), summary_fields().end()));
}

TEST_CASE("the serializer writes nothing of an event that has no simulation payload",
          "[sim_events]") {
  event_script s;
  int calls = 0;
  const auto count = [&calls](const trace_field&) { ++calls; };
  CHECK_FALSE(for_each_field(s.log("m", "x"), count));
  CHECK_FALSE(for_each_field(
      s.custom("m", "pay", static_cast<std::uint16_t>(sim_event::pay), {{"amount", 3.0}}), count));
  // Another layer's number with a payload is not the simulation's to read.
  const cook_event cook{1};
  event other = event_of(cook);
  other.custom_kind = 999;
  CHECK_FALSE(for_each_field(other, count));
  CHECK(calls == 0);
}
