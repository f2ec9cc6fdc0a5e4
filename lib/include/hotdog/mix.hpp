#pragma once
/// @file mix.hpp
/// hotdog::mix — core.async's mix: inputs, added and removed while it runs, onto one
/// channel, each input muted, paused or soloed.

#include "hotdog/alts.hpp"
#include "hotdog/channel.hpp"
#include "hotdog/detail/mix_state.hpp"
#include "hotdog/detail/start_loop.hpp"
#include "hotdog/random.hpp"
#include "hotdog/task.hpp"

#include <memory>
#include <utility>
#include <vector>

namespace hotdog {
namespace detail {

template <class T>
task<void> mix_loop(std::shared_ptr<mix_state<T>> st, channel<T> to, random_source* random) {
  auto state = st->calc();
  for (;;) {
    std::vector<alt_op<T>> ops;
    ops.reserve(state.reads.size() + 1);
    for (const auto& c : state.reads) ops.push_back(alt_op<T>::take(c));
    ops.push_back(alt_op<T>::take(state.change));
    alts_result<T> r = co_await async_alts(ops, alts_options{}, *random, use_task);
    if (r.index == state.reads.size()) {  // a change
      state = st->calc();
      continue;
    }
    if (!r.value) {  // an input closed: it leaves the mix
      st->closed(state.reads[r.index]);
      state = st->calc();
      continue;
    }
    // Until the change arm wins, values are judged by the state the loop read with.
    if (state.heard(state.reads[r.index]) && !co_await to.async_put(std::move(*r.value), use_task))
      co_return;
  }
}

}  // namespace detail

/// core.async's mix: takes from whichever input is ready (a random one of several, drawn
/// from `random`) and puts each value to `to`, one at a time, unless its input is muted or,
/// while some input is soloed, not soloed; a paused input (or, in solo_mode::pause, one not
/// soloed while some input is) is not taken from. An input that closes leaves the mix; `to`
/// is never closed, and once it is closed the mix stops. Copies are handles to the same mix;
/// thread-safe. `random` must outlive the mix.
template <class T>
class mix {
 public:
  /// mix: starts a mix of no inputs into `to`.
  mix(channel<T> to, random_source& random)
      : state_(std::make_shared<detail::mix_state<T>>(to.get_executor())) {
    const auto ex = to.get_executor();
    detail::start_loop(ex, detail::mix_loop(state_, std::move(to), &random));
  }

  /// admix: adds ch as an input with no flags (clearing them if it was one already).
  void admix(channel<T> ch) { state_->admix(std::move(ch)); }
  /// unmix: ch is no longer an input (a value being taken from it may still arrive).
  void unmix(const channel<T>& ch) { state_->unmix(ch); }
  /// unmix-all: no input is left.
  void unmix_all() { state_->unmix_all(); }
  /// toggle: sets the flags given for ch, adding ch as an input if it is not one.
  void toggle(const channel<T>& ch, mix_flags flags) { state_->toggle(ch, flags); }
  /// solo-mode: what happens to inputs that are not soloed while some are (default mute).
  void set_solo_mode(solo_mode m) { state_->set_mode(m); }

 private:
  std::shared_ptr<detail::mix_state<T>> state_;
};

}  // namespace hotdog
