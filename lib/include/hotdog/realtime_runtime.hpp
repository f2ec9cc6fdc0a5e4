#pragma once
/// @file realtime_runtime.hpp
/// hotdog::realtime_runtime — processes on a thread pool, time from the wall clock.
///
/// Go processes share a pool (8 threads by default, like core.async's go pool); each
/// thread process gets an OS thread of its own. Time is wall time multiplied by `speed`,
/// so a scenario's minutes can pass in seconds. Its traces record the order things really
/// happened in, which differs from run to run.
///
/// Timers are one queue of its own, ordered by (time, arrival), served by one thread that
/// sleeps until the earliest is due and then posts the due ones to the pool: a timeout
/// costs a heap push, not a kernel timer of its own; one already due is posted at once; and
/// the pool never polls a reactor between handlers, as it would with Asio timers on it.

#include "hotdog/detail/pool_threads.hpp"
#include "hotdog/detail/timer_heap.hpp"
#include "hotdog/runtime.hpp"

#include <asio/io_context.hpp>
#include <asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace hotdog {

/// Runs processes for real: a thread pool, wall-clock timers, a speed factor.
class realtime_runtime final : public runtime {
 public:
  /// A runtime with `threads` pool threads whose clock runs `speed` times the wall clock.
  explicit realtime_runtime(std::uint64_t seed = 1, std::size_t threads = 8, double speed = 1.0);
  ~realtime_runtime() override;

  asio::any_io_executor get_executor() override { return pool_.get_executor(); }
  std::int64_t now() const override;
  void call_at(std::int64_t t, detail::unique_function<void()> fn) override;
  bool deterministic() const noexcept override { return false; }
  /// Sleeps, waking early when the run stops.
  void block_for(std::int64_t ms) override;
  void halt() override;

  /// How many pool threads run go processes.
  std::size_t threads() const noexcept { return threads_; }

 private:
  using clock = std::chrono::steady_clock;
  void launch(process& p) override;
  run_result loop(std::optional<std::int64_t> until) override;
  void wake() override;
  clock::time_point wall_time(std::int64_t t) const;
  void serve_timers();
  asio::any_io_executor start_thread(process& p);
  void join_finished_threads();

  // A thread process's own OS thread and the io_context it runs; the thread leaves (and is
  // joined by the loop) once the process has ended.
  struct os_thread {
    asio::io_context ctx{1};
    std::thread thread;
    std::atomic<bool> done{false};
  };

  std::size_t threads_;
  double speed_;
  asio::thread_pool pool_;
  detail::pool_threads workers_;
  std::mutex threads_mutex_;                            // launch() runs on whichever thread spawns
  std::vector<std::unique_ptr<os_thread>> os_threads_;  // guarded by threads_mutex_
  // Joined threads whose io_context another thread may still be posting to (asio signals
  // its condition variable after unlocking, so a post can outlive the wake-up it caused):
  // destroyed only by halt(), once the pool and every thread are joined. Loop thread only.
  std::vector<std::unique_ptr<os_thread>> joined_threads_;
  std::atomic<bool> started_{false};
  clock::time_point start_;
  bool halted_ = false;
  std::uint64_t checked_epoch_ = 0;  // liveness_epoch_ at the last look for a deadlock (loop)
  // The activity count at the last look that found nothing able to run, and how many looks
  // in a row have found it so (loop thread only).
  std::uint64_t stuck_at_ = 0;
  int stuck_looks_ = 0;
  std::mutex sleep_mutex_;  // block_for's, notified under it: no wake-up is lost
  std::condition_variable sleep_cv_;
  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  std::mutex timers_mutex_;
  std::condition_variable timers_cv_;
  detail::timer_heap<clock::time_point> timers_;  // guarded by timers_mutex_
  bool timers_stop_ = false;
  std::thread timer_thread_;  // last: starts once everything it uses exists
};

}  // namespace hotdog
