#pragma once
// The simulation process kinds: machine, customer (one, or a crowd), chef.

#include "kinds/ledger.hpp"
#include "kinds/messages.hpp"

#include "hotdog/process.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/events/sim_events.hpp"

#include <vector>

namespace hotdog::sim {

/// Reports the simulation's event k of process p, with its fields in trace order.
inline void report(process& p, sim_event k, std::initializer_list<event_field> fields) {
  p.report(static_cast<std::uint16_t>(k), to_string(k), fields);
}

/// What the kinds of one run share: its channels (in the scenario's order) and its ledger.
struct world {
  std::vector<message_channel> channels;
  ledger books;
};

task<void> run_machine(process& p, world& w, const machine_spec& spec);
/// One customer, whose amount and patience (-1: none) are already drawn.
task<void> run_customer(process& p, world& w, const customer_spec& spec, std::int64_t amount,
                        std::int64_t patience);
/// A customer as declared: draws its amount and patience, then runs it.
task<void> run_one_customer(process& p, world& w, const customer_spec& spec);
task<void> run_crowd(process& p, world& w, const customer_spec& spec);
task<void> run_chef(process& p, world& w, const chef_spec& spec);

}  // namespace hotdog::sim
