#pragma once
// The topics of a pub (core.async's atom of {topic mult}), shared between the pub's loop and
// whoever subscribes, on any thread.

#include "hotdog/channel.hpp"
#include "hotdog/mult.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace hotdog::detail {

template <class T, class Topic>
class pub_state {
 public:
  using buffer_size_fn = std::function<std::size_t(const Topic&)>;

  pub_state(asio::any_io_executor ex, buffer_size_fn buf) : ex_(std::move(ex)), buf_(buf) {}

  // core.async's ensure-mult: a topic's mult, made on its first subscriber, takes from a
  // channel of its own that the pub puts to.
  mult<T> ensure(const Topic& topic) {
    std::lock_guard lock(mutex_);
    auto it = mults_.find(topic);
    if (it != mults_.end()) return it->second;
    channel_options<T> opts;
    opts.capacity = buf_ ? buf_(topic) : 0;
    return mults_.emplace(topic, mult<T>(channel<T>(ex_, std::move(opts)))).first->second;
  }
  std::optional<mult<T>> find(const Topic& topic) const {
    std::lock_guard lock(mutex_);
    auto it = mults_.find(topic);
    if (it == mults_.end()) return std::nullopt;
    return it->second;
  }
  // Forgets a topic, unless it was meanwhile given a new mult.
  void forget(const Topic& topic, const channel<T>& source) {
    std::lock_guard lock(mutex_);
    auto it = mults_.find(topic);
    if (it != mults_.end() && it->second.source() == source) mults_.erase(it);
  }
  void forget(const Topic& topic) {
    std::lock_guard lock(mutex_);
    mults_.erase(topic);
  }
  void forget_all() {
    std::lock_guard lock(mutex_);
    mults_.clear();
  }
  std::vector<mult<T>> all() const {
    std::lock_guard lock(mutex_);
    std::vector<mult<T>> out;
    for (const auto& [topic, m] : mults_) out.push_back(m);
    return out;
  }

 private:
  asio::any_io_executor ex_;
  buffer_size_fn buf_;
  mutable std::mutex mutex_;
  std::map<Topic, mult<T>> mults_;
};

}  // namespace hotdog::detail
