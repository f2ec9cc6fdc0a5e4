#pragma once
// A first-in-first-out queue in one growable circular array: a channel's buffer and its
// queues of waiting puts and takes. Unlike std::deque, a queue that stays short allocates
// nothing once it has grown, however many values pass through it.

#include "hotdog/detail/pool_allocator.hpp"

#include <cstddef>
#include <new>
#include <utility>

namespace hotdog::detail {

template <class T>
class ring {
 public:
  ring() = default;
  ring(ring&& o) noexcept { swap(o); }
  ring& operator=(ring&& o) noexcept {
    ring(std::move(o)).swap(*this);
    return *this;
  }
  ~ring() {
    clear();
    release();
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  /// How many values it can hold before it next grows.
  std::size_t slots() const noexcept { return slots_; }

  T& front() noexcept { return *slot(0); }
  const T& front() const noexcept { return *slot(0); }
  T& operator[](std::size_t i) noexcept { return *slot(i); }
  const T& operator[](std::size_t i) const noexcept { return *slot(i); }

  /// Appends v, growing to `limit` slots at most when full (the caller keeps size within it).
  void push_back(T v, std::size_t limit = static_cast<std::size_t>(-1)) {
    if (size_ == slots_) grow(limit);
    new (slot(size_)) T(std::move(v));
    ++size_;
  }
  /// Appends a T made in place from args (braced, so an aggregate's members are made from
  /// them directly): no temporary T is made and then moved.
  template <class... Args>
  void emplace_back(Args&&... args) {
    if (size_ == slots_) grow(static_cast<std::size_t>(-1));
    new (slot(size_)) T{std::forward<Args>(args)...};
    ++size_;
  }
  void pop_front() noexcept {
    slot(0)->~T();
    head_ = head_ + 1 == slots_ ? 0 : head_ + 1;
    --size_;
  }
  /// Removes the value at i, keeping the order of the rest.
  void erase_at(std::size_t i) {
    if (i == 0) return pop_front();
    for (; i + 1 < size_; ++i) *slot(i) = std::move(*slot(i + 1));
    slot(size_ - 1)->~T();
    --size_;
  }
  /// Removes every value for which pred is true, keeping the order of the rest.
  template <class Pred>
  void erase_if(Pred pred) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      if (pred(std::as_const(*slot(i)))) continue;
      if (kept != i) *slot(kept) = std::move(*slot(i));
      ++kept;
    }
    while (size_ > kept) {
      slot(size_ - 1)->~T();
      --size_;
    }
  }
  void clear() noexcept {
    while (size_ > 0) pop_front();
  }
  void swap(ring& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(slots_, o.slots_);
    std::swap(head_, o.head_);
    std::swap(size_, o.size_);
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

  void grow(std::size_t limit) {
    std::size_t n = slots_ == 0 ? 4 : slots_ * 2;
    if (n > limit) n = limit > slots_ ? limit : slots_ + 1;
    // Raw slots that the moves below construct into (zeroing them first cost a memset of the
    // whole block, 15% of a spawn-heavy run's time), from the per-thread pool: a reply
    // channel's first queue is made and dropped once per customer.
    storage* bigger = pool_allocator<storage>().allocate(n);
    // The old slots are destroyed only once every value is in the new ones. A type whose move
    // may throw is copied instead, so a throw leaves the ring as it was; one that can only be
    // moved, and whose move throws, leaves the values moved so far moved-from.
    std::size_t made = 0;
    try {
      for (; made < size_; ++made) new (bigger[made].bytes) T(std::move_if_noexcept(*slot(made)));
    } catch (...) {
      for (std::size_t i = 0; i < made; ++i)
        std::launder(reinterpret_cast<T*>(bigger[i].bytes))->~T();
      pool_allocator<storage>().deallocate(bigger, n);
      throw;
    }
    for (std::size_t i = 0; i < size_; ++i) slot(i)->~T();
    release();
    data_ = bigger;
    slots_ = n;
    head_ = 0;
  }
  void release() noexcept {
    if (data_) pool_allocator<storage>().deallocate(data_, slots_);
    data_ = nullptr;
  }

  storage* data_ = nullptr;
  std::size_t slots_ = 0;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace hotdog::detail
