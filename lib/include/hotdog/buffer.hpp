#pragma once
/// @file buffer.hpp
/// The three buffer policies of a channel, and the buffer itself.

#include "hotdog/detail/ring.hpp"

#include <cstddef>
#include <deque>
#include <optional>
#include <string_view>
#include <utility>

namespace hotdog {

/// What a put does to a full buffer.
enum class buffer_policy {
  fixed,     ///< the put waits until a take frees a slot (core.async `buffer`)
  dropping,  ///< the put succeeds and its value is discarded (`dropping-buffer`)
  sliding,   ///< the put succeeds and the oldest value is discarded (`sliding-buffer`)
};

/// Returns the policy's name as scenarios spell it ("fixed", "dropping", "sliding").
constexpr std::string_view to_string(buffer_policy p) noexcept {
  switch (p) {
    case buffer_policy::dropping: return "dropping";
    case buffer_policy::sliding: return "sliding";
    case buffer_policy::fixed: break;
  }
  return "fixed";
}

/// A bounded FIFO of values with a policy; capacity 0 means no buffer (a rendezvous).
/// Stored as a ring that grows by doubling up to the capacity, so a channel declared with a
/// large buffer costs memory only for what it holds, and a steady flow allocates nothing.
template <class T>
class buffer {
 public:
  buffer(std::size_t capacity, buffer_policy policy) : capacity_(capacity), policy_(policy) {}

  std::size_t capacity() const noexcept { return capacity_; }
  buffer_policy policy() const noexcept { return policy_; }
  std::size_t size() const noexcept { return values_.size(); }
  bool empty() const noexcept { return values_.empty(); }

  /// True when a put would have to wait: only a fixed buffer is ever full (core.async's
  /// `full?` is always false for dropping and sliding buffers).
  bool full() const noexcept {
    return policy_ == buffer_policy::fixed && values_.size() >= capacity_;
  }

  /// Adds v; returns the value the policy discarded to make room, if any (v itself for a
  /// dropping buffer, the oldest value for a sliding one). A fixed buffer discards nothing:
  /// pushed while full, it holds more than its capacity, as core.async's FixedBuffer does
  /// (full() only tells the channel to stop putting; the channel itself never does this).
  std::optional<T> push(T v) {
    if (values_.size() < capacity_ || policy_ == buffer_policy::fixed) {
      values_.push_back(std::move(v), capacity_);
      return std::nullopt;
    }
    if (policy_ == buffer_policy::dropping) return std::optional<T>(std::move(v));
    std::optional<T> evicted(pop());
    values_.push_back(std::move(v), capacity_);
    return evicted;
  }

  /// Removes and returns the oldest value; the buffer must not be empty.
  T pop() {
    T v = std::move(values_.front());
    values_.pop_front();
    return v;
  }

  /// A copy of the buffered values, oldest first (for inspection, e.g. a step-through view).
  std::deque<T> values() const {
    std::deque<T> out;
    for (std::size_t i = 0; i < values_.size(); ++i) out.push_back(values_[i]);
    return out;
  }

  /// Calls f(const T&) for each buffered value, oldest first, copying none.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < values_.size(); ++i) f(values_[i]);
  }

  /// Slots allocated now (it grows with what it holds, up to the capacity).
  std::size_t slots() const noexcept { return values_.slots(); }

 private:
  std::size_t capacity_;
  buffer_policy policy_;
  detail::ring<T> values_;
};

}  // namespace hotdog
