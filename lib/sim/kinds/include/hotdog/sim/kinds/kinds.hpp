#pragma once
// The simulation process kinds: machine, customer (one, or a crowd), chef.

#include "hotdog/sim/kinds/combinators.hpp"
#include "hotdog/sim/kinds/ledger.hpp"
#include "hotdog/sim/kinds/messages.hpp"

#include "hotdog/process.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/events/payloads.hpp"

#include <functional>
#include <memory>
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
  /// Per process (by index), its own stream under "random": "per_process"; empty: every
  /// process draws from the runtime's one stream.
  std::vector<std::unique_ptr<random_source>> streams;
  /// Per channel, the customers' payments waiting to be taken from it now (for "shortest");
  /// changed under books.hold().
  std::vector<std::int64_t> waiting_payments;
  /// "warmup": customers who arrive before it are left out of the summary's waits.
  std::int64_t warmup = 0;
  /// Per pipeline, the money in the payments it holds now (taken, its results not yet put
  /// out), for the books of a run that ends while it holds some. Read on the deterministic
  /// runtime only, at the run's end.
  std::vector<std::function<std::int64_t()>> held_by_pipelines;
  /// The stream process p draws from: its own (a crowd's member: its crowd's), or the run's.
  random_source& random(process& p) {
    const std::size_t i = p.tag() - std::size_t{1};
    return i < streams.size() ? *streams[i] : p.rt().random();
  }
};

/// The money in m: a payment's amount, 0 for any other message.
std::int64_t money_of(const message& m);

/// Books the money of a payment that went nowhere as lost (a full dropping or sliding channel
/// discarded it, or a combinator dropped it: no tap, no subscriber, muted, a closed `to`, a
/// pipeline stage that removed it): money no machine will take.
void book_lost(world& w, std::int64_t money);

task<void> run_machine(process& p, world& w, const machine_spec& spec);
/// One customer, whose amount and patience (-1: none) are already drawn; `number` counts a
/// crowd's customers from 1 (round_robin's turn).
task<void> run_customer(process& p, world& w, const customer_spec& spec, std::int64_t amount,
                        std::int64_t patience, std::uint64_t number);
/// A customer as declared: draws its amount and patience, then runs it.
task<void> run_one_customer(process& p, world& w, const customer_spec& spec);
task<void> run_crowd(process& p, world& w, const customer_spec& spec);
task<void> run_chef(process& p, world& w, const chef_spec& spec);

}  // namespace hotdog::sim
