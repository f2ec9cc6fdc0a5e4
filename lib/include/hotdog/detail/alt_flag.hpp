#pragma once
// core.async's alt-flag: one shared, one-shot commit for all the arms of an alts, so that
// exactly one arm fires. Plain operations carry no flag (nullptr), which is always active.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

namespace hotdog::detail {

class alt_flag : public std::enable_shared_from_this<alt_flag> {
 public:
  alt_flag() : id_(next_id()) {}

  bool active() const noexcept { return active_.load(std::memory_order_acquire); }

  /// Commits the flag if it is still active; returns whether this call committed it.
  friend bool commit(alt_flag* f) {
    if (f == nullptr) return true;
    std::lock_guard lock(f->mutex_);
    if (!f->active_.load(std::memory_order_relaxed)) return false;
    f->active_.store(false, std::memory_order_release);
    return true;
  }

  /// Commits both flags or neither (a putter meeting a taker, either of which may be an
  /// alts). Locks are taken in id order so two alts meeting from two threads cannot deadlock.
  friend bool commit_both(alt_flag* a, alt_flag* b) {
    if (a == nullptr) return commit(b);
    if (b == nullptr || a == b) return commit(a);
    alt_flag* first = a->id_ < b->id_ ? a : b;
    alt_flag* second = first == a ? b : a;
    std::scoped_lock lock(first->mutex_, second->mutex_);
    if (!a->active_.load(std::memory_order_relaxed) || !b->active_.load(std::memory_order_relaxed))
      return false;
    a->active_.store(false, std::memory_order_release);
    b->active_.store(false, std::memory_order_release);
    return true;
  }

 private:
  static std::uint64_t next_id() {
    // Only orders locks; never reaches a trace.
    static std::atomic<std::uint64_t> counter{0};
    return counter.fetch_add(1, std::memory_order_relaxed);
  }

  std::mutex mutex_;
  std::atomic<bool> active_{true};
  std::uint64_t id_;
};

inline bool is_active(const alt_flag* f) noexcept { return f == nullptr || f->active(); }

}  // namespace hotdog::detail
