#pragma once
// The inputs of a mix and their mute/pause/solo flags (core.async's atom of {channel attrs}
// and its solo-mode atom), shared between the mix's loop and whoever changes them.

#include "hotdog/channel.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hotdog {

/// What a mix does with the inputs that are not soloed while some input is.
enum class solo_mode {
  mute,   ///< they are still taken from, and their values dropped
  pause,  ///< they are not taken from
};

/// The flags toggle sets on one input of a mix; an empty one leaves that flag as it is.
struct mix_flags {
  std::optional<bool> mute = {};   ///< taken from, values dropped
  std::optional<bool> pause = {};  ///< not taken from
  std::optional<bool> solo = {};   ///< only soloed inputs are heard
};

namespace detail {

template <class T>
class mix_state {
 public:
  // What the loop reads with until the next change (core.async's calc-state).
  struct view {
    std::vector<channel<T>> reads;
    std::vector<channel<T>> solos;
    std::vector<channel<T>> mutes;
    channel<T> change;
    bool heard(const channel<T>& c) const {
      auto has = [&](const std::vector<channel<T>>& v) {
        return std::find(v.begin(), v.end(), c) != v.end();
      };
      return has(solos) || (solos.empty() && !has(mutes));
    }
  };

  // `change_name` names the channel the loop is told of changes on (a scenario's traces
  // show it); unnamed by default.
  explicit mix_state(const asio::any_io_executor& ex, std::string change_name = {})
      : ex_(ex), change_name_(std::move(change_name)), change_(make_change()) {}

  void admix(channel<T> ch) {
    std::lock_guard lock(mutex_);
    if (auto* i = find(ch))
      *i = input{std::move(ch), {}};  // assoc ch {}: its flags are cleared
    else
      inputs_.push_back({std::move(ch), {}});
    changed();
  }
  void unmix(const channel<T>& ch) {
    std::lock_guard lock(mutex_);
    std::erase_if(inputs_, [&](const input& i) { return i.ch == ch; });
    changed();
  }
  void unmix_all() {
    std::lock_guard lock(mutex_);
    inputs_.clear();
    changed();
  }
  // core.async's toggle merges the flags into the map: a channel not in the mix joins it.
  void toggle(const channel<T>& ch, const mix_flags& f) {
    std::lock_guard lock(mutex_);
    input* i = find(ch);
    if (!i) i = &inputs_.emplace_back(input{ch, {}});
    if (f.mute) i->flags.mute = f.mute;
    if (f.pause) i->flags.pause = f.pause;
    if (f.solo) i->flags.solo = f.solo;
    changed();
  }
  void set_mode(solo_mode m) {
    std::lock_guard lock(mutex_);
    mode_ = m;
    changed();
  }
  // Called by the loop when an input gave nil (it closed).
  void closed(const channel<T>& ch) {
    std::lock_guard lock(mutex_);
    std::erase_if(inputs_, [&](const input& i) { return i.ch == ch; });
  }

  // Every input now, paused, muted or not heard for a solo too: any of them may be read
  // again after a change.
  std::vector<channel<T>> inputs() const {
    std::lock_guard lock(mutex_);
    std::vector<channel<T>> out;
    for (const auto& i : inputs_) out.push_back(i.ch);
    return out;
  }

  view calc() const {
    std::lock_guard lock(mutex_);
    view v{{}, {}, {}, change_};
    for (const auto& i : inputs_) {
      if (i.flags.solo.value_or(false)) v.solos.push_back(i.ch);
      if (i.flags.mute.value_or(false)) v.mutes.push_back(i.ch);
    }
    if (mode_ == solo_mode::pause && !v.solos.empty())
      v.reads = v.solos;
    else
      for (const auto& i : inputs_)
        if (!i.flags.pause.value_or(false)) v.reads.push_back(i.ch);
    return v;
  }

 private:
  struct input {
    channel<T> ch;
    mix_flags flags;
  };
  input* find(const channel<T>& ch) {
    auto it =
        std::find_if(inputs_.begin(), inputs_.end(), [&](const input& i) { return i.ch == ch; });
    return it == inputs_.end() ? nullptr : &*it;
  }
  // core.async puts true on a sliding channel of 1; a channel of T has no value to spare,
  // so a change closes the channel the loop reads with (ready from then on, as that put
  // would be) and starts a new one.
  void changed() {
    change_.close();
    change_ = make_change();
  }
  channel<T> make_change() const {
    channel_options<T> opts;
    opts.name = change_name_;
    return channel<T>(ex_, std::move(opts));
  }

  asio::any_io_executor ex_;
  std::string change_name_;
  mutable std::mutex mutex_;
  std::vector<input> inputs_;
  solo_mode mode_ = solo_mode::mute;
  channel<T> change_;
};

}  // namespace detail
}  // namespace hotdog
