#pragma once
/// @file mult.hpp
/// hotdog::mult — core.async's mult: every value of one channel to every tap.

#include "hotdog/channel.hpp"
#include "hotdog/detail/mult_state.hpp"
#include "hotdog/detail/start_loop.hpp"
#include "hotdog/task.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

namespace hotdog {
namespace detail {

// What the puts of one value share with the mult's loop. It lives in the loop's frame: the
// loop waits on `all_accepted` until every put's handler has run, and a runtime's teardown
// drops the handlers still waiting without running them, so no handler outlives it.
template <class T>
struct mult_round {
  std::shared_ptr<mult_state<T>> state;
  channel<bool> all_accepted;
  std::vector<typename mult_state<T>::tap_entry> taps;  // copied again only when they change
  std::uint64_t seen = 0;
  std::atomic<std::size_t> left{0};
};

// Called once the put to `all_accepted` is accepted (its buffer of 1 has room); nothing to do.
struct mult_told {
  using hotdog_inline_completion = void;  // does nothing: safe anywhere
  void operator()(std::error_code, bool) const noexcept {}
};

// Called once tap i has accepted the value (or was found closed). A pointer and an index:
// it fits a handler's inline storage (no allocation, no reference count per tap and value).
// It is called at once, under the tap's lock, not posted (no trip through the scheduler per
// tap and value): it takes no lock but the taps' own (mult_state's, never held while a
// channel's is taken) and all_accepted's, always after a tap's, never before one.
template <class T>
struct mult_accepted {
  using hotdog_inline_completion = void;
  mult_round<T>* round;
  std::size_t i;
  void operator()(std::error_code, bool ok) const {
    if (!ok) round->state->untap(round->taps[i].ch);  // a closed tap is untapped
    if (round->left.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      // The loop may go on (and end) as soon as this put is accepted: put through a handle
      // of this handler's own, not the frame's.
      channel<bool> done = round->all_accepted;
      done.async_put(true, mult_told{});
    }
  }
};

template <class T>
task<void> mult_loop(std::shared_ptr<mult_state<T>> st, channel<T> source) {
  // Told once every tap has accepted the value in hand (core.async's dchan).
  channel_options<bool> opts;
  opts.capacity = 1;
  mult_round<T> round{std::move(st), channel<bool>(source.get_executor(), std::move(opts)), {}};
  for (;;) {
    std::optional<T> v = co_await source.async_take(use_task);
    round.state->refresh(round.taps, round.seen);
    auto& taps = round.taps;
    if (!v) {
      for (auto& t : taps)
        if (t.close) t.ch.close();
      co_return;
    }
    if (taps.empty()) continue;  // nobody taps: the value is dropped
    round.left.store(taps.size(), std::memory_order_relaxed);
    for (std::size_t i = 0; i < taps.size(); ++i) {
      // Every tap is offered the value at once; a slow tap holds back the next value, not
      // the other taps.
      T copy = i + 1 < taps.size() ? *v : std::move(*v);
      taps[i].ch.async_put(std::move(copy), mult_accepted<T>{&round, i});
    }
    co_await round.all_accepted.async_take(use_task);
  }
}

}  // namespace detail

/// core.async's mult: takes each value from a source channel and puts it to every tap at
/// once, taking the next only when every tap has accepted it (a value with no tap is
/// dropped); a tap found closed is untapped. Once the source is closed and drained, closes
/// the taps tapped with close = true. Copies are handles to the same mult; thread-safe.
template <class T>
class mult {
 public:
  /// mult: starts taking from `source` (its executor runs the loop).
  explicit mult(channel<T> source)
      : state_(std::make_shared<detail::mult_state<T>>()), source_(std::move(source)) {
    detail::start_loop(source_.get_executor(), detail::mult_loop(state_, source_));
  }

  /// tap: ch gets every value taken from now on; closed when the source closes unless
  /// close is false. Tapping a channel again only changes its close flag. Returns ch.
  channel<T> tap(channel<T> ch, bool close = true) {
    state_->tap(ch, close);
    return ch;
  }
  /// untap: ch gets no value taken from now on (one being put to it still is); not closed.
  void untap(const channel<T>& ch) { state_->untap(ch); }
  /// untap-all: every tap is untapped; values are then dropped until one is tapped.
  void untap_all() { state_->untap_all(); }
  /// The channel it takes from.
  const channel<T>& source() const noexcept { return source_; }

 private:
  std::shared_ptr<detail::mult_state<T>> state_;
  channel<T> source_;
};

}  // namespace hotdog
