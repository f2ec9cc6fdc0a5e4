#pragma once
// The lock that guards one channel's state.
//
// core.async (a ReentrantLock per channel), Go (a runtime lock per channel) and Asio's own
// experimental::channel all guard a channel with a lock. Critical sections here are a few
// dozen instructions and never wait or call user code, so a spinning lock beats both
// std::mutex (a syscall path under contention) and a strand (an allocated operation and a
// queue per call). One takes another lock in one place only: a mult's handler, called under
// a tap's lock, may untap (its taps' mutex) and tell its loop (a private channel whose lock
// is never held while another is taken): see mult.hpp. After a short spin it yields, so a holder
// that was preempted gets the CPU back.

#include <atomic>
#include <thread>

namespace hotdog::detail {

class spin_lock {
 public:
  void lock() noexcept {
    while (locked_.exchange(true, std::memory_order_acquire)) {
      for (int spins = 0; locked_.load(std::memory_order_relaxed); ++spins) {
        if (spins < 64)
          relax();
        else
          std::this_thread::yield();
      }
    }
  }
  bool try_lock() noexcept {
    return !locked_.load(std::memory_order_relaxed) &&
           !locked_.exchange(true, std::memory_order_acquire);
  }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  static void relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  std::atomic<bool> locked_{false};
};

}  // namespace hotdog::detail
