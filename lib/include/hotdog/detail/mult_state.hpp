#pragma once
// The taps of a mult (core.async's atom of {channel close?}), shared between the mult's
// loop and whoever taps or untaps, on any thread.

#include "hotdog/channel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

namespace hotdog::detail {

template <class T>
class mult_state {
 public:
  struct tap_entry {
    channel<T> ch;
    bool close;
  };

  // Tapping a channel again only changes its close flag, as assoc on a map would.
  void tap(channel<T> ch, bool close) {
    std::lock_guard lock(mutex_);
    changed();
    for (auto& t : taps_)
      if (t.ch == ch) {
        t.close = close;
        return;
      }
    taps_.push_back({std::move(ch), close});
  }
  void untap(const channel<T>& ch) {
    std::lock_guard lock(mutex_);
    changed();
    std::erase_if(taps_, [&](const tap_entry& t) { return t.ch == ch; });
  }
  void untap_all() {
    std::lock_guard lock(mutex_);
    changed();
    taps_.clear();
  }
  // The taps now, in the order they were tapped (a value goes to each in that order).
  std::vector<tap_entry> taps() const {
    std::lock_guard lock(mutex_);
    return taps_;
  }
  // Copies the taps into `into` when they changed since the version `seen` (updated), so the
  // mult's loop copies them once per change rather than once per value.
  void refresh(std::vector<tap_entry>& into, std::uint64_t& seen) const {
    if (version_.load(std::memory_order_acquire) == seen) return;
    std::lock_guard lock(mutex_);
    into = taps_;
    seen = version_.load(std::memory_order_relaxed);
  }

 private:
  void changed() {
    version_.store(version_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }

  mutable std::mutex mutex_;
  std::vector<tap_entry> taps_;
  // Bumped under the mutex at every change; read without it by refresh.
  std::atomic<std::uint64_t> version_{1};
};

}  // namespace hotdog::detail
