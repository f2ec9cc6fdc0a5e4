#pragma once
/// @file payloads.hpp
/// One payload struct per simulation event kind: what a machine, customer, chef or the run
/// reports, as typed members. Views in a payload point into the reporter's data and are valid
/// while the event is reported. A machine is named by its index among the scenario's
/// processes (`process_spec`s, in the file's order), so that an observer finds it without a
/// name.

#include "hotdog/sim/events/sim_events.hpp"
#include "hotdog/value_traits.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hotdog::sim {

/// The index of no process (a payment that no customer of a machine made).
inline constexpr std::size_t no_process = static_cast<std::size_t>(-1);

/// What a sold-out machine does.
enum class sold_out_action : std::uint8_t {
  close,          ///< "close": it closes its in channel and stops (the book's v2)
  wait_for_chef,  ///< "wait for the chef": it takes no payment until its hopper is filled
};
/// The action as traces spell it.
std::string_view to_string(sold_out_action a) noexcept;

/// Why a machine gives the money back.
enum class refund_reason : std::uint8_t {
  too_little,  ///< "too little": less than the price
};
/// The reason as traces spell it.
std::string_view to_string(refund_reason r) noexcept;

/// Why a customer leaves.
enum class leave_reason : std::uint8_t {
  served,     ///< "served": with a hot dog
  refunded,   ///< "refunded": with the money back
  lettuce,    ///< "lettuce": with wilted lettuce
  impatient,  ///< "impatient": its patience ran out before a machine took the payment
  closed,     ///< "closed": the machine was closed
};
/// The reason as traces spell it.
std::string_view to_string(leave_reason r) noexcept;
/// True when the customer leaves without paying (impatient or closed): hungry, money kept.
constexpr bool hungry(leave_reason r) noexcept {
  return r == leave_reason::impatient || r == leave_reason::closed;
}

/// A machine is filled at its start.
struct stock_event {
  static constexpr sim_event kind = sim_event::stock;
  std::size_t machine = no_process;  ///< the reporting machine
  std::int64_t count = 0;
  std::int64_t price = 0;
};

/// A machine has no hot dog.
struct sold_out_event {
  static constexpr sim_event kind = sim_event::sold_out;
  std::size_t machine = no_process;
  sold_out_action action = sold_out_action::wait_for_chef;
};

/// A machine takes a payment.
struct pay_event {
  static constexpr sim_event kind = sim_event::pay;
  std::size_t machine = no_process;
  std::string_view from;  ///< the customer
  std::int64_t amount = 0;
  std::size_t queued_at = no_process;  ///< the machine the customer arrived at
};

/// A machine gives wilted lettuce for the wrong money.
struct lettuce_event {
  static constexpr sim_event kind = sim_event::lettuce;
  std::size_t machine = no_process;
  std::string_view to;
  std::int64_t amount = 0;
};

/// A machine gives the money back.
struct refund_event {
  static constexpr sim_event kind = sim_event::refund;
  std::size_t machine = no_process;
  std::string_view to;
  std::int64_t amount = 0;
  refund_reason why = refund_reason::too_little;
};

/// A machine hands out a hot dog (the trace's `item` is always "hot dog").
struct dispense_event {
  static constexpr sim_event kind = sim_event::dispense;
  std::size_t machine = no_process;
  std::string_view to;
};

/// A machine gives change.
struct change_event {
  static constexpr sim_event kind = sim_event::change;
  std::size_t machine = no_process;
  std::string_view to;
  std::int64_t amount = 0;
};

/// A customer arrives at a machine, or joins a shared line.
struct arrive_event {
  static constexpr sim_event kind = sim_event::arrive;
  std::string_view machine_name;     ///< the machine, or the line's channel
  std::size_t machine = no_process;  ///< no_process for a shared line
  std::int64_t amount = 0;
  bool line = false;  ///< machine_name is a shared line (the trace says `line=`)
};

/// A customer leaves.
struct leave_event {
  static constexpr sim_event kind = sim_event::leave;
  leave_reason reason = leave_reason::served;
  std::int64_t waited_ms = 0;        ///< from its arrival
  std::size_t machine = no_process;  ///< the machine that took its payment, else its arrival's
};

/// A chef has cooked a batch.
struct cook_event {
  static constexpr sim_event kind = sim_event::cook;
  std::int64_t count = 0;
};

/// A chef has filled a machine's hopper.
struct restock_event {
  static constexpr sim_event kind = sim_event::restock;
  std::string_view machine_name;
  std::size_t machine = no_process;
  std::int64_t count = 0;
};

/// The run's tallies, with the conservation check's verdict.
struct summary_event {
  static constexpr sim_event kind = sim_event::summary;
  std::int64_t sold = 0, revenue = 0, change = 0, refunds = 0, lettuce = 0;
  std::int64_t customers = 0, served = 0, hungry = 0, refunded = 0, lettuce_eaters = 0;
  std::int64_t present = 0;
  /// ms from arrival to leaving, over every customer who left (served or not); the mean
  /// with its fraction, the nearest-rank percentiles and the maximum whole.
  double wait_mean = 0;
  std::int64_t wait_p50 = 0, wait_p95 = 0, wait_max = 0;
  std::int64_t cooked = 0, stock_left = 0;
  bool unlimited = false;  ///< a machine's stock is unlimited: stock_left reads "unlimited"
  bool balanced = true;    ///< every coin and hot dog is accounted for
};

/// The first event of a real-time run.
struct realtime_event {
  static constexpr sim_event kind = sim_event::realtime;
  std::int64_t threads = 0;
  double speed = 1;
  std::string_view note;
};

/// Ready-made JSON text shown as itself in a trace (an `expect_failed` event's wanted and got).
struct raw_json {
  std::string text;
};

/// The run broke one of its scenario's expectations.
struct expect_failed_event {
  static constexpr sim_event kind = sim_event::expect_failed;
  std::string_view what;  ///< "end", "logs.PROC", "summary.KEY"
  raw_json wanted, got;
};

}  // namespace hotdog::sim

namespace hotdog {
template <>
struct value_traits<sim::raw_json> {
  static bool is_nil(const sim::raw_json&) noexcept { return false; }
  static void append(std::string& out, const sim::raw_json& v) { out += v.text; }
};
}  // namespace hotdog
