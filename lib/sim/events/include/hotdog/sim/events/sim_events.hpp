#pragma once
/// @file sim_events.hpp
/// The simulation's own event kinds (machine, customer, chef, the run's summary): reported
/// as custom events of the core, each carrying a typed payload (payloads.hpp) that observers
/// read by its members; event_fields.hpp turns a payload into the trace's fields.

#include "hotdog/event.hpp"

#include <cstdint>
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
/// How many kinds there are.
inline constexpr std::size_t sim_event_count =
    static_cast<std::size_t>(sim_event::expect_failed) + 1;

/// Every kind as traces spell it, in the enum's order.
inline constexpr std::string_view sim_event_names[] = {
    "stock",  "sold_out", "pay",  "lettuce", "refund",  "dispense", "change",
    "arrive", "leave",    "cook", "restock", "summary", "realtime", "expect_failed"};

/// The kind as traces spell it.
constexpr std::string_view to_string(sim_event k) noexcept {
  return sim_event_names[static_cast<std::size_t>(k)];
}

/// True when e is the simulation's event k.
inline bool is(const event& e, sim_event k) noexcept {
  return e.kind == event_kind::custom && e.custom_kind == static_cast<std::uint16_t>(k);
}

/// The simulation's event of payload p (a payload struct of payloads.hpp, which must outlive
/// the event), with no process: the process or the run that reports it fills that in.
template <class Payload>
event event_of(const Payload& p) noexcept {
  event e;
  e.kind = event_kind::custom;
  e.custom_kind = static_cast<std::uint16_t>(Payload::kind);
  e.custom_name = to_string(Payload::kind);
  e.custom_payload = &p;
  return e;
}

/// e's payload when e is the simulation's event of that payload's kind and carries one;
/// otherwise nullptr.
template <class Payload>
const Payload* payload_of(const event& e) noexcept {
  if (!is(e, Payload::kind) || !e.custom_payload) return nullptr;
  return static_cast<const Payload*>(e.custom_payload);
}

}  // namespace hotdog::sim
