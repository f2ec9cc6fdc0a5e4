#pragma once
/// @file buffer.hpp
/// The three buffer policies of a channel, and the buffer itself.

#include <algorithm>
#include <cstddef>
#include <deque>
#include <memory>
#include <new>
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
  buffer(const buffer&) = delete;
  buffer& operator=(const buffer&) = delete;
  ~buffer() { clear(); }

  std::size_t capacity() const noexcept { return capacity_; }
  buffer_policy policy() const noexcept { return policy_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  /// True when a put would have to wait: only a fixed buffer is ever full (core.async's
  /// `full?` is always false for dropping and sliding buffers).
  bool full() const noexcept { return policy_ == buffer_policy::fixed && size_ >= capacity_; }

  /// Adds v; returns the value the policy discarded to make room, if any (v itself for a
  /// dropping buffer, the oldest value for a sliding one).
  std::optional<T> push(T v) {
    if (size_ < capacity_) {
      if (size_ == slots_) grow();
      new (slot(size_)) T(std::move(v));
      ++size_;
      return std::nullopt;
    }
    if (policy_ == buffer_policy::dropping) return std::optional<T>(std::move(v));
    std::optional<T> evicted(pop());
    push(std::move(v));
    return evicted;
  }

  /// Removes and returns the oldest value; the buffer must not be empty.
  T pop() {
    T* p = slot(0);
    T v = std::move(*p);
    p->~T();
    head_ = head_ + 1 == slots_ ? 0 : head_ + 1;
    --size_;
    return v;
  }

  /// A copy of the buffered values, oldest first (for inspection, e.g. a step-through view).
  std::deque<T> values() const {
    std::deque<T> out;
    for (std::size_t i = 0; i < size_; ++i) out.push_back(*slot(i));
    return out;
  }

 private:
  struct alignas(T) storage {
    unsigned char bytes[sizeof(T)];
  };

  T* slot(std::size_t i) const noexcept {
    std::size_t at = head_ + i;
    if (at >= slots_) at -= slots_;
    return std::launder(reinterpret_cast<T*>(data_[at].bytes));
  }

  void grow() {
    const std::size_t n =
        slots_ == 0 ? std::min<std::size_t>(capacity_, 16) : std::min(capacity_, slots_ * 2);
    auto bigger = std::make_unique<storage[]>(n);
    for (std::size_t i = 0; i < size_; ++i) {
      T* from = slot(i);
      new (bigger[i].bytes) T(std::move(*from));
      from->~T();
    }
    data_ = std::move(bigger);
    slots_ = n;
    head_ = 0;
  }

  void clear() noexcept {
    while (size_ > 0) {
      slot(0)->~T();
      head_ = head_ + 1 == slots_ ? 0 : head_ + 1;
      --size_;
    }
  }

  std::size_t capacity_;
  buffer_policy policy_;
  std::unique_ptr<storage[]> data_;
  std::size_t slots_ = 0;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace hotdog
