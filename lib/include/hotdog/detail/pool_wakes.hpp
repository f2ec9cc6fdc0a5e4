#pragma once
// Wake-ups a go process makes on a pool thread of the real-time runtime, held while it may
// be about to wait.
//
// Posted at once, each wake-up signals a sleeping pool thread (a futex call on each side),
// and a handoff between two processes then crosses threads twice per round trip. Held, and
// deferred once the waker parks (Asio's continuation: it joins the pool's queue when the
// handler ends, without signalling anyone), the woken process runs next on the same thread
// unless others were queued first, and a sleeping thread is woken only when more than one is
// ready. Go's scheduler likewise runs a goroutine readied by the running one next on the
// same processor.
//
// A hold lasts one operation: when the waker's next operation completes without waiting (a
// put into a buffer with room, a poll, an alts with a default), what it held before that
// operation is posted at once, so a producer that runs on, or a process that polls for an
// answer, never keeps whom it woke from another thread. A go process about to block its
// thread (hotdog's blocking operations and blocking sleep) posts what it holds first. Only
// the real-time runtime's own pool threads hold (pool_threads.hpp enables it): on any other
// thread pool a wake-up is posted at once.

#include <asio/defer.hpp>
#include <asio/post.hpp>
#include <asio/thread_pool.hpp>

#include <coroutine>
#include <cstddef>
#include <utility>
#include <vector>

namespace hotdog::detail {

class pool_wakes {
 public:
  using executor = asio::thread_pool::executor_type;

  /// The handler that resumes a process on the pool, holding the wake-ups it makes.
  struct resumer {
    executor pool;
    std::coroutine_handle<> h;
    void operator()() const {
      pool_wakes scope(pool);
      h.resume();
    }
  };

  /// Posts a wake-up at once (it may wake a sleeping thread).
  struct poster {
    executor pool;
    void operator()(std::coroutine_handle<> h) const { asio::post(pool, resumer{pool, h}); }
  };

  /// Lets this thread hold wake-ups: called by each real-time pool thread before it serves.
  static void enable_here() noexcept { enabled() = true; }

  /// Holds the wake-ups made on this thread for `pool` until destroyed.
  explicit pool_wakes(const executor& pool) noexcept
      : pool_(pool), outer_(std::exchange(open(), this)), first_(held().size()) {}
  pool_wakes(const pool_wakes&) = delete;
  pool_wakes& operator=(const pool_wakes&) = delete;
  ~pool_wakes() {
    open() = outer_;
    // The process has waited: its thread runs whom it woke next (unless others are queued).
    const executor pool = pool_;
    queue(first_, held().size(), [&pool](std::coroutine_handle<> h) {
      asio::defer(pool, resumer{pool, h});
    });
  }

  /// Holds h's wake-up when this thread runs a process of `pool` and may hold; false when
  /// it may not (the caller posts it).
  static bool hold(const executor& pool, std::coroutine_handle<> h) {
    pool_wakes* s = open();
    if (s == nullptr || !enabled() || &s->pool_.context() != &pool.context()) return false;
    held().push_back(h);
    return true;
  }

  /// How many wake-ups this thread holds: taken before an operation, for post_held_before.
  static std::size_t mark() noexcept { return open() ? held().size() : 0; }

  /// Posts the wake-ups this thread held before `mark` (each may wake a sleeping thread),
  /// keeping the ones held since: the operation between completed without waiting.
  static void post_held_before(std::size_t mark) {
    pool_wakes* s = open();
    if (s == nullptr || mark <= s->first_) return;
    queue(s->first_, mark, poster{s->pool_});
  }

  /// Posts every wake-up this thread holds: called before the thread blocks.
  static void post_held() {
    pool_wakes* s = open();
    if (s == nullptr) return;
    queue(s->first_, held().size(), poster{s->pool_});
  }

 private:
  static pool_wakes*& open() noexcept {
    static thread_local pool_wakes* scope = nullptr;
    return scope;
  }
  static bool& enabled() noexcept {
    static thread_local bool on = false;
    return on;
  }
  // One vector per thread, its capacity kept: holding a wake-up allocates nothing.
  static std::vector<std::coroutine_handle<>>& held() noexcept {
    static thread_local std::vector<std::coroutine_handle<>> handles;
    return handles;
  }
  // Queues the wake-ups held at [first, last) and removes them; when one cannot be queued
  // (out of memory), those queued are removed before the error goes on, so none is queued
  // twice and none is lost.
  template <class Queue>
  static void queue(std::size_t first, std::size_t last, Queue q) {
    auto& h = held();
    std::size_t i = first;
    try {
      for (; i < last; ++i) q(h[i]);
    } catch (...) {
      h.erase(h.begin() + static_cast<std::ptrdiff_t>(first),
              h.begin() + static_cast<std::ptrdiff_t>(i));
      throw;
    }
    h.erase(h.begin() + static_cast<std::ptrdiff_t>(first),
            h.begin() + static_cast<std::ptrdiff_t>(last));
  }

  executor pool_;
  pool_wakes* outer_;
  std::size_t first_;
};

}  // namespace hotdog::detail
