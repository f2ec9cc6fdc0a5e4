#pragma once
// The real-time runtime's pool threads, started here rather than by asio::thread_pool.

#include "hotdog/detail/pool_wakes.hpp"

#include <asio/thread_pool.hpp>

#include <cstddef>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace hotdog::detail {

// n threads that serve `pool` (asio::thread_pool::attach). asio::thread_pool(n) starts its
// threads in its constructor, and when one cannot be started (a process short of memory or
// of threads) it throws from that constructor while the threads it started already wait for
// work that never ends, so unwinding (which joins them) hangs. Here a thread that cannot be
// started stops the pool and joins the others, and the caller gets the error.
class pool_threads {
 public:
  pool_threads(asio::thread_pool& pool, std::size_t n) : pool_(pool) {
    threads_.reserve(n);
    try {
      for (std::size_t i = 0; i < n; ++i)
        threads_.emplace_back([&pool] {
          pool_wakes::enable_here();  // its go processes hold their wake-ups (pool_wakes.hpp)
          pool.attach();
        });
    } catch (const std::system_error& e) {
      stop_and_join();
      throw std::system_error(e.code(), "cannot start thread " +
                                            std::to_string(threads_.size() + 1) + " of " +
                                            std::to_string(n) + " of the real-time pool");
    } catch (...) {
      stop_and_join();
      throw;
    }
  }
  pool_threads(const pool_threads&) = delete;
  pool_threads& operator=(const pool_threads&) = delete;
  ~pool_threads() { stop_and_join(); }

  /// Stops the pool (its threads return once their handler does) and joins them. Idempotent.
  void stop_and_join() {
    pool_.stop();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  asio::thread_pool& pool_;
  std::vector<std::thread> threads_;
};

}  // namespace hotdog::detail
