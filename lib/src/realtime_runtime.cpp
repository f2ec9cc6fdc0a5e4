#include "hotdog/realtime_runtime.hpp"

#include "hotdog/detail/channel_registry.hpp"
#include "hotdog/process.hpp"

#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>

#include <algorithm>

namespace hotdog {

realtime_runtime::realtime_runtime(std::uint64_t seed, std::size_t threads, double speed)
    : runtime(std::make_unique<locked_prng>(seed), false),
      threads_(threads == 0 ? 1 : threads),
      speed_(speed > 0 ? speed : 1.0),
      pool_(threads_),
      start_(clock::now()),
      timer_thread_([this] { serve_timers(); }) {}

realtime_runtime::~realtime_runtime() {
  stop(end_reason::done);
  {
    std::lock_guard lock(timers_mutex_);
    timers_stop_ = true;
  }
  timers_cv_.notify_one();
  timer_thread_.join();
  // Abandoning waiters releases threads blocked in a future (a blocking op in a go
  // process): their promise is broken, and the process unwinds.
  asio::use_service<detail::channel_registry>(pool_).abandon_all();
  for (auto& ctx : thread_contexts_) ctx->stop();
  pool_.stop();
  pool_.join();
  for (auto& t : os_threads_) t.join();
  timers_.clear();
  teardown(pool_);
  for (auto& ctx : thread_contexts_)
    asio::use_service<detail::channel_registry>(*ctx).abandon_all();
}

std::int64_t realtime_runtime::now() const {
  if (!started_.load(std::memory_order_acquire)) return 0;
  const auto wall = std::chrono::duration<double, std::milli>(clock::now() - start_).count();
  return static_cast<std::int64_t>(wall * speed_);
}

realtime_runtime::clock::time_point realtime_runtime::wall_time(std::int64_t t) const {
  return start_ + std::chrono::duration_cast<clock::duration>(
                      std::chrono::duration<double, std::milli>(static_cast<double>(t) / speed_));
}

void realtime_runtime::call_at(std::int64_t t, detail::unique_function<void()> fn) {
  pending_timers_.fetch_add(1, std::memory_order_acq_rel);
  const clock::time_point at = wall_time(t);
  if (at <= clock::now()) {
    asio::post(pool_, [this, fn = std::move(fn)]() mutable {
      fn();
      pending_timers_.fetch_sub(1, std::memory_order_acq_rel);
    });
    return;
  }
  bool earliest = false;
  {
    std::lock_guard lock(timers_mutex_);
    timers_.push(at, std::move(fn));
    earliest = timers_.next() == at;
  }
  if (earliest) timers_cv_.notify_one();  // the timer thread sleeps until a later one
}

void realtime_runtime::serve_timers() {
  std::unique_lock lock(timers_mutex_);
  while (!timers_stop_) {
    if (timers_.empty()) {
      timers_cv_.wait(lock);
      continue;
    }
    const clock::time_point first = timers_.next();
    if (clock::now() < first) {
      timers_cv_.wait_until(lock, first);
      continue;
    }
    std::vector<detail::unique_function<void()>> due;
    const clock::time_point now = clock::now();
    while (!timers_.empty() && timers_.next() <= now) due.push_back(timers_.pop());
    // One post for all that fell due together, run in their order.
    asio::post(pool_, [this, due = std::move(due)]() mutable {
      for (auto& fn : due) {
        fn();
        pending_timers_.fetch_sub(1, std::memory_order_acq_rel);
      }
    });
  }
}

void realtime_runtime::block_for(std::int64_t ms) {
  std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms / speed_));
}

void realtime_runtime::launch(process& p) {
  if (!started_.exchange(true, std::memory_order_acq_rel)) start_ = clock::now();
  asio::any_io_executor ex = pool_.get_executor();
  if (p.mode() == process_mode::thread) {
    thread_contexts_.push_back(std::make_unique<asio::io_context>(1));
    asio::io_context* ctx = thread_contexts_.back().get();
    ex = ctx->get_executor();
    os_threads_.emplace_back([ctx] {
      auto guard = asio::make_work_guard(*ctx);
      ctx->run();
    });
  }
  p.executor_ = ex;
  p.driver_ = drive(p);
  call_at(p.start_time(), [&p] {
    asio::post(p.executor_, [&p] {
      auto h = p.driver_.handle();
      h.promise().executor = &p.executor_;
      h.resume();
    });
  });
}

void realtime_runtime::wake() {
  // No lock: stop() may be called from loop() itself; loop() also wakes every 50 ms.
  wake_cv_.notify_all();
}

run_result realtime_runtime::loop(std::optional<std::int64_t> until) {
  // A deadlock cannot be proven while threads run; call it one when for half a second of
  // wall time nothing has happened, no timer is pending and every live process waits.
  int quiet_checks = 0;
  std::size_t last_waiting = 0;
  std::unique_lock lock(wake_mutex_);
  while (!stopping()) {
    auto deadline = clock::now() + std::chrono::milliseconds(50);
    if (until) deadline = std::min(deadline, wall_time(*until));
    wake_cv_.wait_until(lock, deadline, [this] { return stopping(); });
    if (stopping()) break;
    if (until && now() >= *until) {
      stop(end_reason::until);
      break;
    }
    std::size_t waiting = 0, live_non_daemon = 0;
    for_each_process([&](const process& p) {
      if (p.daemon() || p.finished()) return;
      ++live_non_daemon;
      if (p.waiting_on()) ++waiting;
    });
    const bool stuck =
        pending_timers_.load() == 0 && live_non_daemon > 0 && waiting == live_non_daemon;
    quiet_checks = stuck && waiting == last_waiting ? quiet_checks + 1 : 0;
    last_waiting = waiting;
    if (quiet_checks >= 10) stop(end_reason::deadlock);
  }
  run_result r;
  r.reason = stop_reason();
  r.message = stop_message();
  r.t = until && r.reason == end_reason::until ? *until : now();
  if (r.reason == end_reason::deadlock) r.deadlock.waiting = waiting_processes();
  return r;
}

}  // namespace hotdog
