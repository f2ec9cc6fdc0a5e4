#include "hotdog/realtime_runtime.hpp"

#include "hotdog/detail/channel_registry.hpp"
#include "hotdog/detail/pool_wakes.hpp"
#include "hotdog/process.hpp"

#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>

#include <algorithm>

namespace hotdog {

realtime_runtime::realtime_runtime(std::uint64_t seed, std::size_t threads, double speed)
    : runtime(std::make_unique<locked_prng>(seed), false),
      threads_(threads == 0 ? 1 : threads),
      speed_(speed > 0 ? speed : 1.0),
      pool_(0),  // no threads of its own: workers_ starts them, so a failure cannot hang
      workers_(pool_, threads_),
      start_(clock::now()),
      timer_thread_([this] { serve_timers(); }) {}

realtime_runtime::~realtime_runtime() { halt(); }

void realtime_runtime::halt() {
  if (halted_) return;
  halted_ = true;
  stop(end_reason::done);
  {
    std::lock_guard lock(timers_mutex_);
    timers_stop_ = true;
  }
  timers_cv_.notify_one();
  timer_thread_.join();
  // Abandoning waiters releases threads blocked in a future (a blocking op in a go
  // process): their promise is broken, and the process unwinds. Every process and thread is
  // stopped and joined before any frame dies, and before the caller may destroy what the
  // processes use (channels, name tables).
  asio::use_service<detail::channel_registry>(pool_).abandon_all();
  std::vector<std::unique_ptr<os_thread>> threads;
  {
    std::lock_guard lock(threads_mutex_);
    threads.swap(os_threads_);
  }
  for (auto& t : threads) t->ctx.stop();
  workers_.stop_and_join();  // stops the pool first
  for (auto& t : threads)
    if (t->thread.joinable()) t->thread.join();
  timers_.clear();
  teardown(pool_);
  for (auto& t : threads) asio::use_service<detail::channel_registry>(t->ctx).abandon_all();
  joined_threads_.clear();  // nothing runs now that could post to them
}

std::int64_t realtime_runtime::now() const {
  if (!started_.load(std::memory_order_acquire)) return 0;
  const double t =
      std::chrono::duration<double, std::milli>(clock::now() - start_).count() * speed_;
  // Saturates: a huge speed must not wrap round to a negative time.
  return t >= static_cast<double>(max_time) ? max_time : static_cast<std::int64_t>(t);
}

realtime_runtime::clock::time_point realtime_runtime::wall_time(std::int64_t t) const {
  // Saturates at a century from the start: later is never, and a huge time must not wrap
  // round into the past (a huge sleep waking at once, a busy loop at a huge --until).
  constexpr double century_ns = 100.0 * 365.25 * 24 * 3600 * 1e9;
  const double ns = static_cast<double>(std::max<std::int64_t>(t, 0)) / speed_ * 1e6;
  return start_ + std::chrono::nanoseconds(ns >= century_ns ? static_cast<std::int64_t>(century_ns)
                                                            : static_cast<std::int64_t>(ns));
}

void realtime_runtime::call_at(std::int64_t t, detail::unique_function<void()> fn) {
  timer_added();
  const clock::time_point at = wall_time(t);
  if (at <= clock::now()) {
    asio::post(pool_, [this, fn = std::move(fn)]() mutable {
      timer_firing();
      fn();
      timer_done();
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
        timer_firing();
        fn();
        timer_done();
      }
    });
  }
}

void realtime_runtime::block_for(std::int64_t ms) {
  // Whom this go process woke runs elsewhere meanwhile, not behind its blocked thread (as
  // in block_on: a batch open on this thread closes first).
  if (auto* batch = detail::resume_batch::current()) batch->release();
  detail::pool_wakes::post_held();
  // Measured from now, in wall time, saturating; the run's end wakes it.
  const auto wall = std::chrono::duration<double, std::milli>(
      static_cast<double>(std::max<std::int64_t>(ms, 0)) / speed_);
  constexpr std::chrono::hours century(24 * 36525);
  const auto until =
      clock::now() + (wall >= century ? std::chrono::duration_cast<clock::duration>(century)
                                      : std::chrono::duration_cast<clock::duration>(wall));
  {
    std::unique_lock lock(sleep_mutex_);
    sleep_cv_.wait_until(lock, until, [this] { return stopping(); });
  }
  time_moved();
}

asio::any_io_executor realtime_runtime::start_thread(process& p) {
  auto slot = std::make_unique<os_thread>();
  os_thread* t = slot.get();
  // Runs until the process has ended (its frame is then done: nothing on this thread
  // touches it again), then leaves, to be joined by the loop.
  t->thread = std::thread([t, &p] {
    {
      auto guard = asio::make_work_guard(t->ctx);
      while (!p.ended() && t->ctx.run_one() != 0) {
      }
    }
    t->done.store(true, std::memory_order_release);
  });
  asio::any_io_executor ex = t->ctx.get_executor();
  std::lock_guard lock(threads_mutex_);
  os_threads_.push_back(std::move(slot));
  return ex;
}

void realtime_runtime::join_finished_threads() {
  std::vector<std::unique_ptr<os_thread>> finished;
  {
    std::lock_guard lock(threads_mutex_);
    for (auto& t : os_threads_)
      if (t->done.load(std::memory_order_acquire)) finished.push_back(std::move(t));
    std::erase(os_threads_, nullptr);
  }
  for (auto& t : finished) {
    t->thread.join();
    asio::use_service<detail::channel_registry>(t->ctx).abandon_all();
    joined_threads_.push_back(std::move(t));
  }
}

void realtime_runtime::launch(process& p) {
  if (!started_.exchange(true, std::memory_order_acq_rel)) start_ = clock::now();
  p.executor_ = pool_.get_executor();
  counted_launch(p);
  if (p.mode() == process_mode::thread) {
    try {
      p.executor_ = start_thread(p);
    } catch (const std::exception& e) {
      // No thread to run it on: the run ends with an error, and its trace is complete.
      failed_to_start(p, std::string("cannot start an OS thread for it: ") + e.what());
      return;
    }
  }
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
  { std::lock_guard lock(sleep_mutex_); }
  sleep_cv_.notify_all();
}

run_result realtime_runtime::loop(std::optional<std::int64_t> until) {
  // A deadlock when no process can run, none is ready and no timer is pending (counted
  // under the runtime's one lock: see nothing_can_run), while some non-daemon still waits,
  // at every look for 150 ms (four looks, 50 ms apart) with no event and no timer between
  // them; threads of ended thread processes are joined at each look. Several looks, because
  // a combinator's loop (pipe, mult, merge...) is not a process and is not counted: between
  // two waiting processes it may be carrying a value from one to the other, which a later
  // look sees as the event of the process it woke. One look ended about one run in two of a
  // 500-value pipe 'deadlock' under ThreadSanitizer and load; two, 50 ms apart, 3 in 120.
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
    lock.unlock();
    join_finished_threads();
    free_retired();
    lock.lock();
    std::uint64_t activity = 0;
    const bool stuck = live() > 0 && nothing_can_run(&activity);
    stuck_looks_ = !stuck ? 0 : stuck_looks_ > 0 && stuck_at_ == activity ? stuck_looks_ + 1 : 1;
    stuck_at_ = activity;
    if (stuck_looks_ >= 4) {
      look_for_deadlock(true);
      stop(end_reason::deadlock);  // even when every waiting process was reported before
    } else if (stuck) {
      continue;  // looked at again in 50 ms
    } else if (const auto epoch = liveness_epoch_.load(std::memory_order_relaxed);
               epoch != checked_epoch_) {
      // A deadlock among some processes, while others run on (see runtime::deadlock_found).
      checked_epoch_ = epoch;
      look_for_deadlock(false);
    }
  }
  run_result r;
  r.reason = stop_reason();
  r.message = stop_message();
  r.t = until && r.reason == end_reason::until ? *until : now();
  return r;
}

}  // namespace hotdog
