#pragma once
// The simulation process kinds: machine, customer (one, or a crowd), chef.

#include "world.hpp"

#include "hotdog/sim/scenario.hpp"
#include "hotdog/sim/sim_events.hpp"

namespace hotdog::sim {

/// Reports the simulation's event k of process p, with its fields in trace order.
inline void report(process& p, sim_event k, std::initializer_list<event_field> fields) {
  p.report(static_cast<std::uint16_t>(k), to_string(k), fields);
}

/// The channels a machine owns: NAME.in (payments) and NAME.hopper (hot dogs).
std::string machine_in(const std::string& machine);
std::string machine_hopper(const std::string& machine);

task<void> run_machine(process& p, channel_directory& dir, tallies& t, const nlohmann::json& spec);
task<void> run_customer(process& p, channel_directory& dir, tallies& t, const nlohmann::json& spec,
                        std::int64_t amount, std::int64_t patience);
task<void> run_crowd(process& p, channel_directory& dir, tallies& t, const nlohmann::json& spec);
task<void> run_chef(process& p, channel_directory& dir, tallies& t, const nlohmann::json& spec);

/// Draws a customer's amount: a number, {"uniform": [MIN, MAX]} or {"choose": [A, B, ...]}.
std::int64_t draw_amount(const nlohmann::json& v, random_source& random);

}  // namespace hotdog::sim
