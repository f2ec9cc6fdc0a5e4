#pragma once
/// @file sim_events.hpp
/// The simulation's own event kinds (machine, customer, chef, the run's summary): reported
/// as custom events of the core, each with a fixed list of fields.

#include "hotdog/event.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace hotdog::sim {

/// The simulation's event kinds; their fields, in trace order, are in the comments.
enum class sim_event : std::uint16_t {
  stock,          ///< a machine is filled: count, price
  sold_out,       ///< a machine has no hot dog: action ("close" or "wait for the chef")
  pay,            ///< a machine takes a payment: from, amount
  lettuce,        ///< a machine gives wilted lettuce for the wrong money: to, amount
  refund,         ///< a machine gives money back: to, amount, why
  dispense,       ///< a machine hands out a hot dog: to, item
  change,         ///< a machine gives change: to, amount
  arrive,         ///< a customer arrives: machine, amount
  leave,          ///< a customer leaves: reason, waited (ms)
  cook,           ///< a chef has cooked: count
  restock,        ///< a chef has filled the hopper: machine, count
  summary,        ///< the run's tallies (no process)
  realtime,       ///< the first event of a real-time run: threads, speed, note (no process)
  expect_failed,  ///< the run broke its scenario's `expect`: what, wanted, got (no process)
};

/// Every kind as traces spell it, in the enum's order.
inline constexpr std::string_view sim_event_names[] = {
    "stock",  "sold_out", "pay",  "lettuce", "refund",  "dispense", "change",
    "arrive", "leave",    "cook", "restock", "summary", "realtime", "expect_failed"};

/// The kind as traces spell it.
constexpr std::string_view to_string(sim_event k) noexcept {
  return sim_event_names[static_cast<std::size_t>(k)];
}

/// True when a field of the simulation's events holds a duration in whole milliseconds (a
/// leave's `waited`): JSONL writes the number, the text format a time like "1m02.500s".
constexpr bool is_duration_field(std::string_view key) noexcept { return key == "waited"; }

/// The simulation's event k with no process and these fields (which must outlive it), as the
/// run's own reports (summary, realtime, expect_failed) are made.
inline event sim_event_of(sim_event k, std::span<const event_field> fields) noexcept {
  event e;
  e.kind = event_kind::custom;
  e.custom_kind = static_cast<std::uint16_t>(k);
  e.custom_name = to_string(k);
  e.fields = fields;
  return e;
}

/// True when e is the simulation's event k.
inline bool is(const event& e, sim_event k) noexcept {
  return e.kind == event_kind::custom && e.custom_kind == static_cast<std::uint16_t>(k);
}

/// A custom field of e as text: a string's own text, anything else as its JSON; empty when
/// e has no such field.
std::string field_text(const event& e, std::string_view key);

}  // namespace hotdog::sim
