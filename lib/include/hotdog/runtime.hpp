#pragma once
/// @file runtime.hpp
/// hotdog::runtime — runs processes over channels, keeps time, reports events.
///
/// Two runtimes share this interface: deterministic_runtime (one thread, virtual clock,
/// seeded randomness, deadlock detection) and realtime_runtime (a thread pool, the wall
/// clock with a speed factor).

#include "hotdog/detail/unique_function.hpp"
#include "hotdog/event.hpp"
#include "hotdog/random.hpp"
#include "hotdog/reach.hpp"
#include "hotdog/task.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotdog {

class process;
namespace detail {
class deadlock_finder_impl;
}

/// How a process waits: a go process parks (`>!`), a thread process blocks (`>!!`).
enum class process_mode { go, thread };

/// Why a run ended. `quit`: someone stopped it by hand (`hotdog step`'s q).
enum class end_reason { done, until, deadlock, limit, error, stalled, quit };

/// The reason as traces spell it ("done", "until", ...).
std::string_view to_string(end_reason r) noexcept;

/// The latest virtual time there is: time arithmetic saturates here instead of overflowing.
inline constexpr std::int64_t max_time = std::numeric_limits<std::int64_t>::max();

/// t + ms, saturating at max_time (a negative ms counts as 0).
constexpr std::int64_t add_time(std::int64_t t, std::int64_t ms) noexcept {
  if (ms <= 0) return t;
  return t > max_time - ms ? max_time : t + ms;
}

/// What a process is, before it runs.
struct process_options {
  std::string name;
  process_mode mode = process_mode::go;
  bool daemon = false;     ///< a daemon left waiting does not keep the run going
  std::int64_t start = 0;  ///< virtual time at which it starts
  /// The spawner's number for it, carried by its events as `proc_tag` (0: none).
  std::uint32_t tag = 0;
  /// Which of the processes sharing its tag it is, carried as `proc_member` (0: the only one).
  std::uint32_t member = 0;
};

/// A process's body: a coroutine given its own process handle. Move-only (any callable,
/// copyable or not), and a body too large to be held inline comes from the per-thread pool
/// rather than the heap: a crowd makes one per customer.
using process_body = detail::unique_function<task<void>(process&)>;

/// How a run ended.
struct run_result {
  end_reason reason = end_reason::done;
  std::int64_t t = 0;        ///< virtual time at the end
  std::string message;       ///< for error and limit
  deadlock_report deadlock;  ///< for deadlock: who waits on what
  std::uint64_t events = 0;  ///< events reported, `end` included
  /// Checks the layer above made at the end that failed (a scenario's expectations).
  std::size_t failed_checks = 0;
};

/// The interface both runtimes implement. Not copyable; lives as long as its processes.
class runtime {
 public:
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;
  virtual ~runtime();

  /// The executor that channels of this runtime should run on.
  virtual asio::any_io_executor get_executor() = 0;
  /// The current time in (virtual) milliseconds since the run began.
  virtual std::int64_t now() const = 0;
  /// Calls fn on the runtime's executor once the time is t (at once if t <= now).
  virtual void call_at(std::int64_t t, detail::unique_function<void()> fn) = 0;
  /// True for the deterministic runtime.
  virtual bool deterministic() const noexcept = 0;
  /// Blocks the calling OS thread for ms of this runtime's time (a `Thread/sleep`).
  virtual void block_for(std::int64_t ms) = 0;

  /// True when a schedule orders the run: processes then offer the schedule a choice before
  /// each channel operation (process::yield_point), as threads racing would.
  bool preemptive() const noexcept { return preemptive_; }

  /// The run's only source of randomness.
  random_source& random() noexcept { return *random_; }
  /// Sets who receives the events (nullptr: nobody); call before run(). Only the kinds it
  /// wants are reported to it.
  void set_observer(observer* o) {
    observer_ = o;
    wanted_ = o ? o->wants() : event_mask();
    wanted_.set(static_cast<std::size_t>(event_kind::end));
  }
  /// True when an observer wants events of kind k: a reporter may skip the work of making
  /// one (copying its value, say) when nobody does.
  bool observes(event_kind k) const noexcept { return wanted_.test(static_cast<std::size_t>(k)); }
  /// Stops the run with reason limit once this many events have been reported.
  void set_event_limit(std::uint64_t n) noexcept { event_limit_ = n; }
  /// Stops the run with reason stalled once virtual time has stood still for this many
  /// steps (events, and loop iterations reported with step()); 0: never. In real time, where
  /// the clock always moves, time stands still while no timer fires (no sleep or timeout
  /// ends, no process reaches its start time).
  void set_stall_limit(std::uint64_t n) noexcept { stall_limit_ = n; }
  /// A step of p (a loop iteration): counts towards the stall limit when `made_no_event`
  /// (events count themselves). Throws run_stopped once the run is ending, so that a loop
  /// that never waits still ends.
  void step(const process& p, bool made_no_event = true);
  /// The number of events made so far (the last event's seq).
  std::uint64_t events_made() const;

  /// Adds a process; it starts at its start time (at once if that has passed), whether
  /// the run is going yet or not. Thread-safe in the real-time runtime; the deterministic one
  /// is used from its one thread only. In the deterministic runtime, processes that have
  /// finished are forgotten as new ones come, so a run's memory grows with the processes
  /// alive at once, not with all it ever had. Throws std::invalid_argument for an empty body.
  process& spawn(process_options opts, process_body body);
  /// Runs until every non-daemon process has exited, or the run is stopped (deadlock,
  /// error, limit) or reaches `until`; reports the `end` event last.
  run_result run(std::optional<std::int64_t> until = std::nullopt);
  /// Ends the run early; the first reason given wins. Thread-safe in the real-time runtime
  /// (the deterministic one is used from its one thread only: its processes, observers).
  void stop(end_reason reason, std::string message = {});
  /// Stops every process and joins every thread the run uses, then destroys the processes'
  /// frames, leaving the runtime (its executors) alive: what the processes used (channels,
  /// name tables) may be destroyed after this, never before. Called by the destructors too;
  /// calling it again does nothing.
  virtual void halt() = 0;
  /// True once the run is ending: no further events are reported.
  bool stopping() const noexcept { return stopping_.load(std::memory_order_acquire); }

  /// Reports an event: fills in its seq and t and hands it to the observer if it wants its
  /// kind (every event is counted, so seq numbers are the same whoever watches).
  /// Thread-safe in the real-time runtime (the deterministic one runs on one thread).
  void emit(event& e);
  void emit(event&& e) { emit(e); }

  /// Waits ms of the runtime's time. Signature: `void(std::error_code)`.
  template <class Token>
  auto async_sleep(std::int64_t ms, Token&& token) {
    return asio::async_initiate<Token, void(std::error_code)>(
        [this](auto handler, std::int64_t t) {
          auto ex = get_executor();
          call_at(t, [h = std::move(handler), ex]() mutable {
            detail::complete(std::move(h), ex, std::error_code{});
          });
        },
        token, add_time(now(), ms));
  }

  /// A process began a wait that no timer can end, ended, or reaches fewer channels: the
  /// deterministic runtime looks for a deadlock among some processes before time moves on,
  /// the real-time one at its next look (every 50 ms).
  void liveness_changed() noexcept { liveness_epoch_.fetch_add(1, std::memory_order_relaxed); }

  /// Sets what a process that may take from a channel also reaches through the values the
  /// channel holds (see carried_reach_fn); the deadlock check adds it to every take a
  /// process's reach names; nullptr: nothing. Only a single-threaded runtime asks it: with several
  /// threads, a thread may hold a channel's lock while it waits for the runtime's, under which the
  /// check runs, so reading the channel there could deadlock.
  void set_carried_reach(carried_reach_fn f) { carried_reach_ = std::move(f); }

  /// Calls f(const process&) for every process still known, in the order they were spawned.
  template <class F>
  void for_each_process(F&& f) const {
    std::lock_guard lock(processes_mutex_);
    for (const auto& p : processes_) f(static_cast<const process&>(*p));
  }

  /// Called once the run has ended, before its closing events: may report events through
  /// `report` (they come before `deadlock` and `end`) and change the result (e.g. to an
  /// error).
  using finisher = std::function<void(run_result&, const std::function<void(event&)>& report)>;
  void set_finisher(finisher f) { finisher_ = std::move(f); }

 protected:
  /// `single_threaded`: every process, channel and observer call runs on the thread that
  /// calls run(), so the runtime takes no locks of its own.
  runtime(std::unique_ptr<random_source> random, bool single_threaded);

  /// Arranges for p's driver to start at p's start time.
  virtual void launch(process& p) = 0;
  /// The runtime's own loop; returns when the run has ended (the end is not yet reported).
  virtual run_result loop(std::optional<std::int64_t> until) = 0;
  /// Wakes the loop after stop() (e.g. stops an io_context).
  virtual void wake() = 0;

  /// The coroutine that runs a process's body and reports its start, exit or failure.
  task<void> drive(process& p);
  /// Every waiting process, in spawn order (for deadlock reports).
  std::vector<waiting_entry> waiting_processes() const;
  bool single_threaded() const noexcept { return single_threaded_; }
  /// Set by a scheduled runtime before the run (see preemptive()).
  void set_preemptive(bool on) noexcept { preemptive_ = on; }
  /// Non-daemon processes not yet exited.
  std::size_t live() const noexcept { return live_.load(std::memory_order_acquire); }
  end_reason stop_reason() const;
  std::string stop_message() const;
  /// Destroys every process frame and abandons every channel waiter of `ctx`; derived
  /// destructors call it while their execution contexts are still alive.
  void teardown(asio::execution_context& ctx);

  // Real time: who can run, counted under the runtime's one lock. A process counts from
  // launch until it ends, except while it waits on a channel (from the moment its operation
  // could not complete at once until the moment it completes, before it is even resumed);
  // a timer counts from call_at until its callback has run.
  void counted_launch(process& p);
  void timer_added();
  /// Real time: a timer's callback is about to run. It counts as fired from here, for the
  /// stall count, so that what its callback wakes is counted after it however late the
  /// callback returns (a thread preempted between waking a process and returning must not
  /// let that process's events pile up as if time stood still).
  void timer_firing() noexcept { timers_fired_.fetch_add(1, std::memory_order_relaxed); }
  /// Real time: a timer's callback has run; it no longer keeps the run alive.
  void timer_done();
  /// Real time: time moved without a timer (a blocking sleep ended), for the stall count.
  void time_moved();
  /// True when no process can run, none is ready and no timer is pending; `activity`, when
  /// given, gets a count that moves with every event and timer (read under the same lock).
  bool nothing_can_run(std::uint64_t* activity = nullptr) const;
  /// p could not be started: reports an `error` for it and ends the run with an error.
  void failed_to_start(process& p, const std::string& why);
  /// Frees the go processes that have ended since the last call (real time: see drive).
  void free_retired();
  /// The processes `stuck` can never go on (`r` says how): they are marked (see
  /// process::deadlocked). With `nothing_runs`, or once every non-daemon has exited or is
  /// deadlocked, the run stops with reason deadlock and the set is reported just before
  /// `end` (when it names anyone); otherwise its `deadlock` event is reported now and the
  /// others run on, as core.async's would. Call with the run's processes suspended.
  void deadlock_found(deadlock_report r, const std::vector<const process*>& stuck,
                      bool nothing_runs);
  /// Looks for processes that can never go on, holding the process list and the runtime's
  /// lock (so nothing a wait shows changes meanwhile), and reports what it finds through
  /// deadlock_found. `nothing_runs`: nothing can run and no timer is pending, so every
  /// waiting process is stuck; otherwise only a set that nothing still running can release.
  void look_for_deadlock(bool nothing_runs);

 private:
  /// p failed with why: reports an `error` for it and ends the run with an error.
  void fail(process& p, const std::string& why);
  friend class process;
  friend class detail::deadlock_finder_impl;
  void exited(process& p);
  void count_wait(process& p, int delta);
  void counted_end(process& p);
  // Real time: a go process that has ended parks its driver here for good, at a point no
  // thread touches again, so that free_retired() may free it from another thread.
  struct retire {
    runtime& rt;
    process& p;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const {
      std::lock_guard lock(rt.processes_mutex_);
      rt.retired_.push_back(&p);
    }
    void await_resume() const noexcept {}
  };
  std::vector<process*> retired_;   // guarded by processes_mutex_
  std::size_t runnable_ = 0;        // guarded by mutex_ (real time only)
  std::size_t timers_pending_ = 0;  // guarded by mutex_ (real time only)
  // Real time: the stall count's clock. Atomic so that a timer counts as fired before its
  // callback runs without taking the lock twice; read under mutex_ by count_step.
  std::atomic<std::uint64_t> timers_fired_{0};

  std::unique_ptr<random_source> random_;
  const bool single_threaded_;
  bool preemptive_ = false;
  observer* observer_ = nullptr;
  event_mask wanted_ = events_of({event_kind::end});
  mutable std::mutex processes_mutex_;  // taken before mutex_ when both are
  std::vector<std::unique_ptr<process>> processes_;
  bool running_ = false;  // guarded by processes_mutex_
  finisher finisher_;
  // Guards event order and stop state, unless single-threaded. Recursive: an observer may
  // ask the runtime about its processes from inside on_event (the step-through view does).
  mutable std::recursive_mutex mutex_;
  // Locks mutex_ unless the runtime is single-threaded.
  struct maybe_lock {
    std::recursive_mutex* m;
    explicit maybe_lock(const runtime& rt) : m(rt.single_threaded_ ? nullptr : &rt.mutex_) {
      if (m) m->lock();
    }
    ~maybe_lock() {
      if (m) m->unlock();
    }
    maybe_lock(const maybe_lock&) = delete;
    maybe_lock& operator=(const maybe_lock&) = delete;
  };
  std::uint64_t seq_ = 0;
  std::uint64_t event_limit_ = 0;
  // Counts a step under the lock (e: its event; none for a loop iteration, which is named
  // loop_step); returns the stall message once the limit is reached.
  std::optional<std::string> count_step(std::string_view proc, std::string_view loop_step,
                                        const event* e);
  // count_step's two halves: the count (true while the limit is far, nothing to remember),
  // then, near it, what the step did and whether it is the last.
  bool step_far_from_stall();
  std::optional<std::string> step_near_stall(std::string_view proc, std::string_view loop_step,
                                             const event* e);
  static constexpr std::string_view loop_step_text = "loop iterations that make no event";
  std::uint64_t stall_limit_ = 0;
  // The time that stands still (real time: the count of timers fired), and in ms when it
  // began to.
  std::int64_t still_since_ = -1;
  std::int64_t still_at_ = 0;
  std::uint64_t still_steps_ = 0;  // steps since it last moved
  // While time stands still near the limit: what each process repeats, for the report.
  std::map<std::string, std::vector<std::string>, std::less<>> repeats_;
  std::atomic<bool> stopping_{false};
  std::optional<end_reason> stop_reason_;
  std::string stop_message_;
  std::atomic<std::size_t> live_{0};
  // Deadlocks: non-daemons found deadlocked (they never exit), every set found so far merged
  // (run_result::deadlock), and the set to report before `end` (guarded by mutex_).
  std::atomic<std::size_t> deadlocked_{0};
  carried_reach_fn carried_reach_;  // see set_carried_reach
  deadlock_report found_;
  std::optional<deadlock_report> end_report_;

 protected:
  std::atomic<std::uint64_t> liveness_epoch_{0};  // see liveness_changed
};

}  // namespace hotdog
