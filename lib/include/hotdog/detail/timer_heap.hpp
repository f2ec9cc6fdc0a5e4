#pragma once
// The timers of a runtime, earliest first, ties in the order they were set (SimPy's
// (time, sequence) queue): virtual milliseconds in the deterministic runtime, wall-clock
// time points in the real-time one. Not thread-safe; the runtime guards it as it needs.

#include "hotdog/detail/unique_function.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace hotdog::detail {

template <class Time>
class timer_heap {
 public:
  /// Adds fn to be called at `at`.
  void push(Time at, unique_function<void()> fn) {
    timers_.push_back(timer{at, seq_++, std::move(fn)});
    std::push_heap(timers_.begin(), timers_.end(), later{});
  }
  bool empty() const noexcept { return timers_.empty(); }
  /// The earliest time set; the heap must not be empty.
  const Time& next() const noexcept { return timers_.front().at; }
  /// Removes the earliest timer and returns its function; the heap must not be empty.
  unique_function<void()> pop() {
    std::pop_heap(timers_.begin(), timers_.end(), later{});
    unique_function<void()> fn = std::move(timers_.back().fn);
    timers_.pop_back();
    return fn;
  }
  void clear() noexcept { timers_.clear(); }

 private:
  struct timer {
    Time at;
    std::uint64_t seq;
    unique_function<void()> fn;
  };
  struct later {
    bool operator()(const timer& a, const timer& b) const noexcept {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };

  std::vector<timer> timers_;  // a heap: the earliest at the front
  std::uint64_t seq_ = 0;
};

}  // namespace hotdog::detail
