#pragma once
// Wake-ups a go process makes on a pool thread of the real-time runtime, held until it waits.
//
// Posted at once, each wake-up signals a sleeping pool thread (a futex call on each side),
// and a handoff between two processes then crosses threads twice per round trip. Held until
// the waker parks and then deferred (Asio's continuation: it joins the pool's queue when the
// handler ends, without signalling anyone), the woken process runs next on the same thread
// unless others were queued first, and a sleeping thread is woken only when more than one is
// ready: work that fans out still spreads over the pool. Go keeps a readied goroutine on its
// own processor the same way.
//
// The price is the deterministic runtime's rule: a process woken by a go process starts once
// that process waits. A go process about to block its thread (a blocking operation, a
// blocking sleep) first posts what it holds, so nobody it woke waits behind a blocked thread.

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

  /// Holds the wake-ups made on this thread for `pool` until destroyed.
  explicit pool_wakes(const executor& pool) noexcept
      : pool_(pool), outer_(std::exchange(open(), this)), first_(held().size()) {}
  pool_wakes(const pool_wakes&) = delete;
  pool_wakes& operator=(const pool_wakes&) = delete;
  ~pool_wakes() {
    open() = outer_;
    auto& h = held();
    for (std::size_t i = first_; i < h.size(); ++i) asio::defer(pool_, resumer{pool_, h[i]});
    h.resize(first_);
  }

  /// Holds h's wake-up when this thread runs a process of `pool`; false when it does not.
  static bool hold(const executor& pool, std::coroutine_handle<> h) {
    pool_wakes* s = open();
    if (s == nullptr || &s->pool_.context() != &pool.context()) return false;
    held().push_back(h);
    return true;
  }

  /// Posts the wake-ups held on this thread now (each may wake a sleeping thread): called
  /// before the thread blocks.
  static void post_held() {
    pool_wakes* s = open();
    if (s == nullptr) return;
    auto& h = held();
    for (std::size_t i = s->first_; i < h.size(); ++i)
      asio::post(s->pool_, resumer{s->pool_, h[i]});
    h.resize(s->first_);
  }

 private:
  static pool_wakes*& open() noexcept {
    static thread_local pool_wakes* scope = nullptr;
    return scope;
  }
  // One vector per thread, its capacity kept: holding a wake-up allocates nothing.
  static std::vector<std::coroutine_handle<>>& held() noexcept {
    static thread_local std::vector<std::coroutine_handle<>> handles;
    return handles;
  }

  executor pool_;
  pool_wakes* outer_;
  std::size_t first_;
};

}  // namespace hotdog::detail
