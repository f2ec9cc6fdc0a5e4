#pragma once
/// @file event_fields.hpp
/// The one serializer of the simulation's events: a payload's fields, named and in the
/// trace's order, as every writer (text, JSONL, Mermaid, HTML, the stepper) writes them.
/// Writers choose only the syntax (` key=value` or `,"key":value`); names and order are here.

#include "hotdog/event.hpp"
#include "hotdog/sim/events/payloads.hpp"

#include <string_view>
#include <utility>

namespace hotdog::sim {

/// One field of a simulation event as the trace writes it.
struct trace_field {
  std::string_view key;
  event_field::value_type value;
  bool duration = false;  ///< whole ms, which the text format writes as a time
};

/// Calls g with e's payload (`const stock_event&`, ...) and returns true; returns false,
/// calling nothing, when e is not a simulation event with a payload.
template <class G>
bool visit_payload(const event& e, G&& g);

/// Calls f(trace_field) for each field of e's payload, in trace order, and returns true;
/// returns false, calling nothing, when e is not a simulation event with a payload.
template <class F>
bool for_each_field(const event& e, F&& f) {
  return visit_payload(e, [&f](const auto& p) { fields(p, f); });
}

/// The fields of each payload, in trace order (for_each_field calls the one e carries).
template <class F>
void fields(const stock_event& p, F& f) {
  f(trace_field{"count", p.count});
  f(trace_field{"price", p.price});
}
template <class F>
void fields(const sold_out_event& p, F& f) {
  f(trace_field{"action", to_string(p.action)});
}
template <class F>
void fields(const pay_event& p, F& f) {
  f(trace_field{"from", p.from});
  f(trace_field{"amount", p.amount});
}
template <class F>
void fields(const lettuce_event& p, F& f) {
  f(trace_field{"to", p.to});
  f(trace_field{"amount", p.amount});
}
template <class F>
void fields(const refund_event& p, F& f) {
  f(trace_field{"to", p.to});
  f(trace_field{"amount", p.amount});
  f(trace_field{"why", to_string(p.why)});
}
template <class F>
void fields(const dispense_event& p, F& f) {
  f(trace_field{"to", p.to});
  f(trace_field{"item", std::string_view("hot dog")});
}
template <class F>
void fields(const change_event& p, F& f) {
  f(trace_field{"to", p.to});
  f(trace_field{"amount", p.amount});
}
template <class F>
void fields(const arrive_event& p, F& f) {
  f(trace_field{p.line ? "line" : "machine", p.machine_name});
  f(trace_field{"amount", p.amount});
}
template <class F>
void fields(const leave_event& p, F& f) {
  f(trace_field{"reason", to_string(p.reason)});
  f(trace_field{"waited", p.waited_ms, true});
}
template <class F>
void fields(const cook_event& p, F& f) {
  f(trace_field{"count", p.count});
}
template <class F>
void fields(const restock_event& p, F& f) {
  f(trace_field{"machine", p.machine_name});
  f(trace_field{"count", p.count});
}
template <class F>
void fields(const summary_event& p, F& f) {
  // The keys `expect.summary` may name (summary_fields() in scenario.hpp), in this order.
  f(trace_field{"sold", p.sold});
  f(trace_field{"revenue", p.revenue});
  f(trace_field{"change", p.change});
  f(trace_field{"refunds", p.refunds});
  f(trace_field{"lettuce", p.lettuce});
  f(trace_field{"customers", p.customers});
  f(trace_field{"served", p.served});
  f(trace_field{"hungry", p.hungry});
  f(trace_field{"refunded", p.refunded});
  f(trace_field{"lettuce_eaters", p.lettuce_eaters});
  f(trace_field{"present", p.present});
  f(trace_field{"wait_mean", p.wait_mean});
  f(trace_field{"wait_p50", p.wait_p50});
  f(trace_field{"wait_p95", p.wait_p95});
  f(trace_field{"wait_max", p.wait_max});
  f(trace_field{"cooked", p.cooked});
  if (p.unlimited)
    f(trace_field{"stock_left", std::string_view("unlimited")});
  else
    f(trace_field{"stock_left", p.stock_left});
  f(trace_field{"balanced", p.balanced});
}
template <class F>
void fields(const realtime_event& p, F& f) {
  f(trace_field{"threads", p.threads});
  f(trace_field{"speed", p.speed});
  f(trace_field{"note", p.note});
}
template <class F>
void fields(const expect_failed_event& p, F& f) {
  f(trace_field{"what", p.what});
  f(trace_field{"wanted", value_ref(p.wanted)});
  f(trace_field{"got", value_ref(p.got)});
}

template <class G>
bool visit_payload(const event& e, G&& g) {
  if (e.kind != event_kind::custom || !e.custom_payload) return false;
  const void* p = e.custom_payload;
  switch (static_cast<sim_event>(e.custom_kind)) {
    case sim_event::stock: g(*static_cast<const stock_event*>(p)); return true;
    case sim_event::sold_out: g(*static_cast<const sold_out_event*>(p)); return true;
    case sim_event::pay: g(*static_cast<const pay_event*>(p)); return true;
    case sim_event::lettuce: g(*static_cast<const lettuce_event*>(p)); return true;
    case sim_event::refund: g(*static_cast<const refund_event*>(p)); return true;
    case sim_event::dispense: g(*static_cast<const dispense_event*>(p)); return true;
    case sim_event::change: g(*static_cast<const change_event*>(p)); return true;
    case sim_event::arrive: g(*static_cast<const arrive_event*>(p)); return true;
    case sim_event::leave: g(*static_cast<const leave_event*>(p)); return true;
    case sim_event::cook: g(*static_cast<const cook_event*>(p)); return true;
    case sim_event::restock: g(*static_cast<const restock_event*>(p)); return true;
    case sim_event::summary: g(*static_cast<const summary_event*>(p)); return true;
    case sim_event::realtime: g(*static_cast<const realtime_event*>(p)); return true;
    case sim_event::expect_failed: g(*static_cast<const expect_failed_event*>(p)); return true;
  }
  return false;  // another layer's number
}

}  // namespace hotdog::sim
