#pragma once
// The simulation process kinds: machine, customer (one, or a crowd), chef.

#include "hotdog/sim/kinds/combinators.hpp"
#include "hotdog/sim/kinds/ledger.hpp"
#include "hotdog/sim/kinds/messages.hpp"

#include "hotdog/process.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/events/payloads.hpp"

#include <vector>

namespace hotdog::sim {

/// Reports the simulation's event of payload `what` (a payloads.hpp struct) as process p's.
template <class Payload>
void report(process& p, const Payload& what) {
  p.report(static_cast<std::uint16_t>(Payload::kind), to_string(Payload::kind), &what);
}

/// What the kinds of one run share: its channels (in the scenario's order), its ledger, and
/// for each channel the index of the machine that owns it (no_process for a declared one),
/// so that events name machines by index.
struct world {
  std::vector<message_channel> channels;  ///< the scenario's, tagged index + 1
  /// The tag of the channels the simulation makes for itself (replies, timeouts): past the
  /// scenario's, so that observers know them for none of its channels without a name.
  std::uint32_t own_tag() const noexcept { return static_cast<std::uint32_t>(channels.size() + 1); }
  ledger books;
  std::vector<std::size_t> machine_of_channel;
  combinator_states combinators;  ///< the mults', pubs' and mixes' taps, subs and inputs
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
