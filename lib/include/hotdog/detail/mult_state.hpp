#pragma once
// The taps of a mult (core.async's atom of {channel close?}), shared between the mult's
// loop and whoever taps or untaps, on any thread.

#include "hotdog/channel.hpp"

#include <algorithm>
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
    for (auto& t : taps_)
      if (t.ch == ch) {
        t.close = close;
        return;
      }
    taps_.push_back({std::move(ch), close});
  }
  void untap(const channel<T>& ch) {
    std::lock_guard lock(mutex_);
    std::erase_if(taps_, [&](const tap_entry& t) { return t.ch == ch; });
  }
  void untap_all() {
    std::lock_guard lock(mutex_);
    taps_.clear();
  }
  // The taps now, in the order they were tapped (a value goes to each in that order).
  std::vector<tap_entry> taps() const {
    std::lock_guard lock(mutex_);
    return taps_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<tap_entry> taps_;
};

}  // namespace hotdog::detail
