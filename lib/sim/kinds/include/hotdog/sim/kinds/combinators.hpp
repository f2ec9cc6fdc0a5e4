#pragma once
/// @file combinators.hpp
/// The core.async combinators as scenario processes (pipe, mult, pub, merge, mix, split,
/// pipeline): each is a process of its own, so its takes, puts and closes are traced under
/// its name, and it takes part in schedules and deadlock checks like any other.

#include "hotdog/sim/kinds/messages.hpp"

#include "hotdog/detail/mix_state.hpp"
#include "hotdog/detail/mult_state.hpp"
#include "hotdog/process.hpp"
#include "hotdog/sim/model/scenario.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace hotdog::sim {

struct world;

/// The subscribers of a running pub: (topic, channel, close when the source closes).
class pub_subscribers {
 public:
  struct entry {
    value topic;
    message_channel ch;
    bool close = true;
  };
  /// sub: ch gets the values of topic from now on (subscribing again changes nothing).
  void sub(const value& topic, message_channel ch, bool close = true);
  /// unsub: ch gets no more values of topic.
  void unsub(const value& topic, const message_channel& ch);
  /// The subscribers of topic now, in the order they subscribed.
  std::vector<entry> of(const value& topic) const;
  /// Every subscriber now.
  std::vector<entry> all() const;

 private:
  mutable std::mutex mutex_;
  std::vector<entry> subs_;
};

/// A topic's key: a string is itself, anything else its JSON (as a "subs" key is written).
std::string topic_key(const value& topic);

/// The running state of a run's mults, pubs and mixes, by process index (null for others):
/// what the tap, sub and admix steps change while the run goes.
struct combinator_states {
  std::vector<std::shared_ptr<detail::mult_state<message>>> mults;
  std::vector<std::shared_ptr<pub_subscribers>> pubs;
  std::vector<std::shared_ptr<detail::mix_state<message>>> mixes;
};

/// Makes the state of every mult, pub and mix of `sc` (taps, subs and inputs at start).
combinator_states make_combinator_states(runtime& rt, const scenario& sc,
                                         const std::vector<message_channel>& channels);

/// Runs the combinator process `spec` (one of the combinator kinds) as p, its index `self`.
task<void> run_combinator(process& p, world& w, const process_spec& spec, std::size_t self);

/// A pipeline: its reader (p itself), its n workers (NAME.w1 ...) and its writer (NAME.out),
/// which puts the results to `to` in input order.
task<void> run_pipeline(process& p, world& w, const pipeline_spec& spec);

/// What a combinator reaches before it starts; false for a process of any other kind.
bool combinator_reach(const world& w, const process_spec& spec, std::size_t self,
                      std::vector<channel_use>& out);

}  // namespace hotdog::sim
