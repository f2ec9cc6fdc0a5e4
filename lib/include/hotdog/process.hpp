#pragma once
/// @file process.hpp
/// hotdog::process — what a process body holds: its channel operations, each reported as
/// a trace event (put, take, park, block, ...), and its waiting state for deadlock reports.

#include "hotdog/alts.hpp"
#include "hotdog/channel.hpp"
#include "hotdog/detail/blocking.hpp"
#include "hotdog/detail/frame_pool.hpp"
#include "hotdog/detail/handoff_scope.hpp"
#include "hotdog/detail/small_list.hpp"
#include "hotdog/reach.hpp"
#include "hotdog/runtime.hpp"
#include "hotdog/task.hpp"
#include "hotdog/value_traits.hpp"

#include <memory>
#include <mutex>
#include <utility>

#include <atomic>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

namespace hotdog {

namespace detail {
class deadlock_finder_impl;
}

/// Thrown into a process that tries to go on after its run has ended.
struct run_stopped : std::runtime_error {
  run_stopped() : std::runtime_error("the run has stopped") {}
};

/// A running process. Its operations are core.async's, and each reports its event when it
/// completes; one that has to wait first reports `park` (go) or `block` (thread, or a
/// `blocking` operation).
class process final : private wait_observer {
 public:
  process(runtime& rt, process_options opts, process_body body);
  // From the per-thread pool (see detail/frame_pool.hpp): a crowd makes one per customer.
  static void* operator new(std::size_t n) { return detail::frame_pool::allocate(n); }
  static void operator delete(void* p, std::size_t n) noexcept {
    detail::frame_pool::deallocate(p, n);
  }

  const std::string& name() const noexcept { return opts_.name; }
  process_mode mode() const noexcept { return opts_.mode; }
  bool daemon() const noexcept { return opts_.daemon; }
  /// The spawner's number for it (process_options::tag).
  std::uint32_t tag() const noexcept { return opts_.tag; }
  /// Fills in e's proc, proc_tag and proc_member: the event is this process's.
  void stamp(event& e) const noexcept {
    e.proc = opts_.name;
    e.proc_tag = opts_.tag;
    e.proc_member = opts_.member;
    e.counts_as_step = !in_finite_burst_.load(std::memory_order_relaxed);
  }
  /// While one lives, the process's events do not count towards the run's stall limit: for
  /// a finite burst of events at one instant that is no loop (a machine putting its stock
  /// into its hopper). Other processes' events still count.
  class finite_burst {
   public:
    explicit finite_burst(process& p) noexcept : p_(p) {
      p_.in_finite_burst_.store(true, std::memory_order_relaxed);
    }
    ~finite_burst() { p_.in_finite_burst_.store(false, std::memory_order_relaxed); }
    finite_burst(const finite_burst&) = delete;
    finite_burst& operator=(const finite_burst&) = delete;

   private:
    process& p_;
  };
  std::int64_t start_time() const noexcept { return opts_.start; }
  runtime& rt() noexcept { return rt_; }
  /// True once the process has returned or failed.
  bool finished() const noexcept { return finished_.load(std::memory_order_acquire); }
  /// True once its driver has run its last line (set on the thread that ran it).
  bool ended() const noexcept { return ended_.load(std::memory_order_acquire); }

  /// `>!` / `>!!`: puts v; returns true, or false if the channel is closed.
  template <class T>
  task<bool> put(channel<T> ch, T v, bool blocking = false) {
    check_running();
    // The event shows the value after the put, which moves it: keep a copy, if anyone looks.
    std::optional<T> shown;
    if (rt_.observes(event_kind::put)) shown.emplace(v);
    const value_ref value = shown ? value_ref(*shown) : value_ref();
    expect_handoff(value, ch.capacity() == 0 ? 1 : 0, &report_put_handoff);
    // In real time a put that completes at once reports inside the channel's lock
    // (completed_at_once): after the operation returns, a taker on another thread could
    // report the value first.
    if (reports_at_once(ch) && !blocks_a_pool_thread(blocking))
      at_once_report_ = &report_put_at_once;
    detail::handoff_scope scope(needs_batch(false));
    bool ok = false;
    try {
      if (blocks_a_pool_thread(blocking)) {
        std::optional<bool> done = co_await ch.async_offer(v, use_task);
        if (done) {
          ok = *done;
        } else {
          expect(wait_op::put, ch.name(), ch.tag(), true, false);
          ok = detail::block_on<bool>(
              observer(), [&](auto handler) { ch.async_put(std::move(v), std::move(handler)); });
        }
      } else {
        expect(wait_op::put, ch.name(), ch.tag(), blocking, false);
        ok = co_await ch.async_put(std::move(v), use_task[*this]);
      }
    } catch (const std::system_error& e) {
      throw_channel_error(ch.name(), e);
    }
    resumed();
    if (!reported_at_handoff()) report_channel(event_kind::put, ch.name(), ch.tag(), value, ok);
    scope.release();
    co_return ok;
  }

  /// `<!` / `<!!`: takes a value; returns it, or an empty optional when the channel is
  /// closed and drained.
  template <class T>
  task<std::optional<T>> take(channel<T> ch, bool blocking = false) {
    check_running();
    expect_handoff(value_ref(), 0, nullptr);
    detail::handoff_scope scope(needs_batch(ch.capacity() > 0));
    std::optional<T> v;
    try {
      if (blocks_a_pool_thread(blocking)) {
        v = co_await ch.async_poll(use_task);
        if (!v) {
          expect(wait_op::take, ch.name(), ch.tag(), true, ch.closed_by_timer());
          v = detail::block_on<std::optional<T>>(
              observer(), [&](auto handler) { ch.async_take(std::move(handler)); });
        }
      } else {
        expect(wait_op::take, ch.name(), ch.tag(), blocking, ch.closed_by_timer());
        v = co_await ch.async_take(use_task[*this]);
      }
    } catch (const std::system_error& e) {
      throw_channel_error(ch.name(), e);
    }
    resumed();
    report_channel(event_kind::take, ch.name(), ch.tag(), v ? value_ref(*v) : value_ref());
    scope.release();
    co_return v;
  }

  /// `offer!`: puts v only if it can at once; true (done), empty (would wait), false (closed).
  template <class T>
  task<std::optional<bool>> offer(channel<T> ch, T v) {
    check_running();
    std::optional<T> shown;
    if (rt_.observes(event_kind::offer)) shown.emplace(v);
    const value_ref value = shown ? value_ref(*shown) : value_ref();
    expect_handoff(value, 0, nullptr);
    // In real time an offer that completes reports inside the channel's lock (see put).
    if (reports_at_once(ch)) {
      expect(wait_op::put, ch.name(), ch.tag(), false, false);
      at_once_report_ = &report_offer_at_once;
    }
    detail::handoff_scope scope(needs_batch(false));
    std::optional<bool> r = co_await ch.async_offer(std::move(v), use_task[*this]);
    if (!reported_at_handoff()) report_channel(event_kind::offer, ch.name(), ch.tag(), value, r);
    scope.release();
    co_return r;
  }

  /// `poll!`: takes a value only if one is there at once; else an empty optional.
  template <class T>
  task<std::optional<T>> poll(channel<T> ch) {
    check_running();
    detail::handoff_scope scope(needs_batch(ch.capacity() > 0));
    std::optional<T> v = co_await ch.async_poll(use_task);
    report_channel(event_kind::poll, ch.name(), ch.tag(), v ? value_ref(*v) : value_ref());
    scope.release();
    co_return v;
  }

  /// `close!`: closes the channel.
  template <class T>
  void close(channel<T> ch) {
    check_running();
    detail::handoff_scope scope(needs_batch(false));
    ch.close();
    report_channel(event_kind::close, ch.name(), ch.tag(), value_ref());
  }

  /// `alts!`: completes exactly one of ops; with `default_value`, returns it at once (index
  /// default_index) when none is ready. The `alts` event names the port: the channel's name
  /// (a timeout channel is named "timeout") or "default".
  template <class T>
  task<alts_result<T>> alts(std::vector<alt_op<T>> ops, bool priority = false,
                            std::optional<std::type_identity_t<T>> default_value = std::nullopt) {
    check_running();
    expect_alts(ops);
    std::uint64_t direct = 0;    // put arms on unbuffered channels: their handoff is the put
    bool buffered_take = false;  // a take arm that may make room in a buffer
    bool buffered_put = false;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (ops[i].is_put() && ops[i].chan.capacity() == 0 && i < 64) direct |= std::uint64_t{1} << i;
      if (ops[i].is_put() && reports_at_once(ops[i].chan)) buffered_put = true;
      if (!ops[i].is_put() && ops[i].chan.capacity() > 0) buffered_take = true;
    }
    expect_handoff(value_ref(), direct, &report_alts_handoff<T>);
    // In real time a put arm that completes at once reports inside the lock (see put).
    if (buffered_put) at_once_report_ = &report_alts_at_once<T>;
    detail::handoff_scope scope(needs_batch(buffered_take));
    alts_options opts{priority, default_value.has_value()};
    alts_result<T> r;
    try {
      r = co_await async_alts(ops, opts, rt_.random(), use_task[*this]);
    } catch (const std::system_error& e) {
      throw_channel_error(alts_names(e.code()), e);
    }
    resumed();
    if (r.index == default_index) {
      r.value = std::move(default_value);
      report_alts("default", 0, value_ref(r.value), wait_op::none);
    } else if (ops[r.index].is_put()) {
      if (!reported_at_handoff())
        report_alts(pending_alts_[r.index], pending_alt_tags_[r.index], value_ref(r.put_ok),
                    wait_op::put, r.put_ok);
    } else {
      report_alts(pending_alts_[r.index], pending_alt_tags_[r.index],
                  r.value ? value_ref(*r.value) : value_ref(), wait_op::take);
    }
    scope.release();
    co_return r;
  }

  /// Awaitable: in a scheduled run (runtime::preemptive), lets the schedule run any other
  /// ready process first: the process goes to the back of the ready handlers, where a real
  /// thread might lose a race. In any other run it does nothing at all.
  struct yield_awaiter {
    bool skip;
    bool await_ready() const noexcept { return skip; }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) const {
      detail::resume_later(*h.promise().executor, h);
    }
    void await_resume() const noexcept {}
  };
  yield_awaiter yield_point() const noexcept { return {!rt_.preemptive()}; }

  /// Waits ms (`(<! (timeout ms))`; with blocking, `Thread/sleep`); reports `sleep`.
  task<void> sleep(std::int64_t ms, bool blocking = false);

  /// Reports a `log` event (`println`).
  void log(std::string_view msg);

  /// A step (a loop iteration): counts towards the run's stall limit when it made no event,
  /// and throws run_stopped once the run is ending (see runtime::step).
  void step(bool made_no_event = true) { rt_.step(*this, made_no_event); }

  /// Reports an event of a kind of the layer above (the simulation's): `kind` is its own
  /// number for it, `name` how traces spell it, `fields` its payload in trace order.
  void report(std::uint16_t kind, std::string_view name, std::span<const event_field> fields);
  void report(std::uint16_t kind, std::string_view name,
              std::initializer_list<event_field> fields) {
    report(kind, name, std::span<const event_field>(fields.begin(), fields.size()));
  }
  /// Reports an event of a kind of the layer above that carries a typed payload (see
  /// event::custom_payload), which must outlive the call.
  void report(std::uint16_t kind, std::string_view name, const void* payload);
  /// True when anyone watches events of kind k (see runtime::observes).
  bool observes(event_kind k) const noexcept { return rt_.observes(k); }

  /// Books what changes hands at the moment it does: if the next channel operation waits,
  /// `book` is called when it completes (on the thread that completed it, before the process
  /// resumes) with a pointer to the operation's `std::tuple<std::error_code, R>`; if it
  /// completes at once, never. Forgotten when the operation returns. A ledger then counts a
  /// value as delivered even when the run is cut (--max-events) before the waiter resumes.
  void at_handoff(std::function<void(const void*)> book) { at_handoff_ = std::move(book); }

  /// True once a deadlock report has named it: it can never go on.
  bool deadlocked() const noexcept { return deadlocked_; }

  /// What the process waits on now, if it waits on a channel.
  std::optional<waiting_entry> waiting_on() const;

  /// Says what its remaining program can still do to which channels (see reach_fn); nullptr
  /// (the default): anything. The deterministic runtime asks it while looking for a deadlock
  /// among some processes, so a body that sets one keeps it true as it goes on and calls
  /// reach_changed() whenever what it reaches shrinks; a body sets nullptr before the
  /// state its function reads goes away.
  void set_reach(reach_fn f) {
    reach_ = std::move(f);
    rt_.liveness_changed();
  }
  /// Says what its whole program may do to which channels, from its first step to its last;
  /// set once, before the run, and never changed. The real-time runtime asks it of a process
  /// that is running (its remaining program, set_reach's, changes as it runs); none: anything.
  void set_program_reach(reach_fn f) { program_reach_ = std::move(f); }
  /// What it reaches has shrunk (a script moved past a step): a deadlock may have formed.
  void reach_changed() noexcept { rt_.liveness_changed(); }

 private:
  friend class runtime;
  friend class deterministic_runtime;
  friend class realtime_runtime;
  friend class detail::deadlock_finder_impl;

  void waiting() override;
  void wait_begins() override { rt_.count_wait(*this, -1); }
  void wait_ends() override { rt_.count_wait(*this, +1); }

  void expect(wait_op op, std::string_view chan, std::uint32_t tag, bool blocking, bool timed);
  template <class T>
  void expect_alts(const std::vector<alt_op<T>>& ops) {
    lock l(*this);
    pending_alts_.clear();
    pending_alt_tags_.clear();
    pending_put_arms_ = 0;
    pending_timed_ = false;
    for (const auto& op : ops) {
      pending_timed_ = pending_timed_ || op.chan.closed_by_timer();
      if (op.is_put() && pending_alts_.size() < 64)
        pending_put_arms_ |= std::uint64_t{1} << pending_alts_.size();
      pending_alts_.push_back(op.chan.name());
      pending_alt_tags_.push_back(op.chan.tag());
    }
    pending_op_ = wait_op::alts;
    pending_blocking_ = false;
  }
  void resumed();

  // The order of a handoff: a put that waited reports its event when its value changes
  // hands (handed_off, on the thread of the take that received it, before that take
  // reports), not when it resumes; then it does not report again. A put that waited for
  // room in a buffer completes after the take that made room, so it reports on resuming.
  void handed_off(const void* result) override {
    if (at_handoff_) std::exchange(at_handoff_, nullptr)(result);
    if (!handoff_report_) return;
    // In real time the handoff may come before the process, on its own thread, has reported
    // its park: then that park is never reported (the put completed without waiting, as far
    // as the trace goes). The runtime's lock orders the two.
    lock l(*this);
    handoff_report_(*this, result);
    if (reported_ && !is_waiting_) completed_before_wait_ = true;
  }
  // Whether a put into ch that completes at once reports inside the channel's lock: in real
  // time, into a fixed buffer or straight to a waiting taker (whose wake-up may race its own
  // suspension, and then it resumes at once on its own thread). A dropping or sliding buffer
  // reports its discard after the lock, and its put after that, as in the deterministic
  // runtime.
  template <class T>
  bool reports_at_once(const channel<T>& ch) const noexcept {
    return !rt_.single_threaded() && (ch.capacity() == 0 || ch.policy() == buffer_policy::fixed);
  }
  // A put that completed at once, in real time: reported now, inside the lock (see put).
  void completed_at_once(const void* result) override {
    if (auto* report = std::exchange(at_once_report_, nullptr)) report(*this, result);
  }
  static void report_put_at_once(process& p, const void* result) {
    const auto& r = *static_cast<const std::tuple<std::error_code, bool>*>(result);
    if (std::get<0>(r)) return;
    p.report_channel(event_kind::put, p.pending_chan_, p.pending_chan_tag_, p.handoff_value_,
                     std::get<1>(r));
    p.reported_ = true;
  }
  static void report_offer_at_once(process& p, const void* result) {
    const auto& r = *static_cast<const std::tuple<std::error_code, std::optional<bool>>*>(result);
    if (std::get<0>(r)) return;
    p.report_channel(event_kind::offer, p.pending_chan_, p.pending_chan_tag_, p.handoff_value_,
                     std::get<1>(r));
    p.reported_ = true;
  }
  template <class T>
  static void report_alts_at_once(process& p, const void* result) {
    const auto& r = *static_cast<const std::tuple<std::error_code, alts_result<T>>*>(result);
    const alts_result<T>& got = std::get<1>(r);
    if (std::get<0>(r) || got.index >= 64 || !((p.handoff_put_arms_ >> got.index) & 1)) return;
    p.report_alts(p.pending_alts_[got.index], p.pending_alt_tags_[got.index], value_ref(got.put_ok),
                  wait_op::put, got.put_ok);
    p.reported_ = true;
  }
  // Before an operation: what a handoff would report. `direct`: bit 0 for a put on an
  // unbuffered channel, bit i for an alts's put arm i on one.
  void expect_handoff(value_ref value, std::uint64_t direct,
                      void (*reporter)(process&, const void*)) noexcept {
    handoff_value_ = value;
    handoff_direct_ = direct;
    handoff_put_arms_ = pending_put_arms_;
    handoff_report_ = reporter;
    at_once_report_ = nullptr;
    reported_ = false;
    completed_before_wait_ = false;
  }
  // True (once) when the event of the operation that just completed was reported at its
  // handoff.
  bool reported_at_handoff() noexcept {
    handoff_report_ = nullptr;
    return std::exchange(reported_, false);
  }
  // What a report made later keeps is copied now: in real time the putter may resume (its
  // completion raced its own suspension) and start its next operation before the batch of
  // the take that made room runs the report, and the value it put may be gone by then.
  static void report_put_handoff(process& p, const void* result) {
    const auto& r = *static_cast<const std::tuple<std::error_code, bool>*>(result);
    if (std::get<0>(r)) return;
    const bool ok = std::get<1>(r);
    if ((p.handoff_direct_ & 1) != 0 || p.rt_.single_threaded()) {
      p.report_put_at_handoff(
          p.handoff_direct_ & 1,
          [&p, chan = p.pending_chan_, tag = p.pending_chan_tag_, value = p.handoff_value_, ok] {
            p.report_channel(event_kind::put, chan, tag, value, ok);
          });
    } else {
      written_value shown{p.handoff_value_.is_null() ? std::string() : p.handoff_value_.json()};
      p.report_put_at_handoff(
          false, [&p, chan = p.pending_chan_, tag = p.pending_chan_tag_,
                  null = p.handoff_value_.is_null(), shown = std::move(shown), ok] {
            p.report_channel(event_kind::put, chan, tag, null ? value_ref() : value_ref(shown), ok);
          });
    }
  }
  template <class T>
  static void report_alts_handoff(process& p, const void* result) {
    const auto& r = *static_cast<const std::tuple<std::error_code, alts_result<T>>*>(result);
    const alts_result<T>& got = std::get<1>(r);
    if (std::get<0>(r) || got.index >= 64 || !((p.handoff_put_arms_ >> got.index) & 1)) return;
    p.report_put_at_handoff(
        (p.handoff_direct_ >> got.index) & 1,
        [&p, port = p.pending_alts_[got.index], tag = p.pending_alt_tags_[got.index],
         ok = got.put_ok] { p.report_alts(port, tag, value_ref(ok), wait_op::put, ok); });
  }
  // A put straight to a taker reports now; one that moved into a buffer when a take made
  // room reports just after that take, from the take's batch (without one, a take not
  // made by a process, it reports when it resumes).
  template <class Report>
  void report_put_at_handoff(bool direct, Report report) {
    if (direct) {
      report();
      reported_ = true;
    } else if (auto* batch = detail::resume_batch::current()) {
      batch->defer(std::move(report));
      reported_ = true;
    }
  }
  // Whether an operation needs a resume_batch (see detail::handoff_scope): a take from a
  // buffer may make room, and in real time the parties it wakes must wait for its event.
  bool needs_batch(bool makes_room) const noexcept { return makes_room || !rt_.single_threaded(); }
  // The process as the observer of its waits (a private base, so named here).
  wait_observer& observer() noexcept { return *this; }

  void report_channel(event_kind kind, std::string_view chan, std::uint32_t tag, value_ref value,
                      std::optional<bool> ok = std::nullopt);
  void report_custom(std::uint16_t kind, std::string_view name, std::span<const event_field> fields,
                     const void* payload);
  // An alts event: the port, its value, and (not shown in traces) whether the arm that
  // completed put or took, and a put's result.
  void report_alts(std::string_view port, std::uint32_t tag, value_ref value, wait_op arm,
                   std::optional<bool> ok = std::nullopt);
  // The arms an alts's error can be about, their channels joined by '|' (see process.cpp).
  std::string alts_names(const std::error_code& why) const;
  void check_running() const {
    if (rt_.stopping()) throw run_stopped();
  }
  bool blocks_a_pool_thread(bool blocking) const noexcept {
    return blocking && opts_.mode == process_mode::go && !rt_.deterministic();
  }
  [[noreturn]] static void throw_channel_error(std::string_view chan, const std::system_error& e);

  // The runtime's lock around the waiting state, which other threads read in real time.
  struct lock {
    std::recursive_mutex* m;
    explicit lock(const process& p) : m(p.rt_.single_threaded() ? nullptr : &p.rt_.mutex_) {
      if (m) m->lock();
    }
    ~lock() {
      if (m) m->unlock();
    }
    lock(const lock&) = delete;
    lock& operator=(const lock&) = delete;
  };

  runtime& rt_;
  // What a deadlock look reads of every process, near the front (it reads them all, and a
  // queue of thousands makes that a matter of cache lines; opts_.daemon comes soon after).
  std::atomic<bool> finished_{false};
  bool is_waiting_ = false;     // guarded by the runtime's mutex for readers on other threads
  bool pending_timed_ = false;  // a timer will end the wait (a timeout arm)
  bool deadlocked_ = false;     // set by the runtime, under its mutex (see deadlocked())
  // What the next wait is on; set before each operation, reported if it waits. The names
  // belong to the channels, which the waiting operation keeps alive.
  wait_op pending_op_ = wait_op::none;
  std::string_view pending_chan_;
  process_options opts_;
  process_body body_;
  asio::any_io_executor executor_;  // where its coroutine resumes
  task<void> driver_;
  std::atomic<bool> ended_{false};
  std::uint32_t pending_chan_tag_ = 0;
  detail::small_list<std::string_view, 4> pending_alts_;   // an alts's channels, in order
  detail::small_list<std::uint32_t, 4> pending_alt_tags_;  // and their tags
  std::uint64_t pending_put_arms_ = 0;                     // which of them put
  bool pending_blocking_ = false;
  // What a waiting put reports at its handoff (see handed_off).
  value_ref handoff_value_;
  std::uint64_t handoff_direct_ = 0;
  std::uint64_t handoff_put_arms_ = 0;
  void (*handoff_report_)(process&, const void*) = nullptr;
  bool reported_ = false;
  void (*at_once_report_)(process&, const void*) = nullptr;  // see completed_at_once
  bool completed_before_wait_ = false;  // under the runtime's lock (see handed_off)
  reach_fn reach_;                      // what its remaining program can do; empty: anything
  std::function<void(const void*)> at_handoff_;  // see at_handoff
  reach_fn program_reach_;                       // see set_program_reach
  std::atomic<bool> in_finite_burst_{false};     // see finite_burst
  // Real time, under the runtime's mutex: wait_ends() minus wait_begins() (negative while the
  // process waits), and whether it still counts among those that can run (see count_wait).
  int wait_balance_ = 0;
  bool counted_ = false;
};

}  // namespace hotdog

namespace hotdog {

/// Makes a channel on rt's executor from opts (a promise, a transducer...), whose discarded
/// values are reported as `drop` and `slide` events (`chan`, `value`); opts.on_discard, if
/// any, is called after each event.
template <class T>
channel<T> make_channel(runtime& rt, channel_options<T> opts) {
  // Only a dropping or sliding buffer ever discards: a fixed one needs no callback.
  if (opts.policy != buffer_policy::fixed)
    opts.on_discard = [&rt, name = opts.name, tag = opts.tag, then = std::move(opts.on_discard)](
                          discard_reason why, const T& v) {
      event e;
      e.kind = why == discard_reason::dropped ? event_kind::drop : event_kind::slide;
      e.chan = name;
      e.chan_tag = tag;
      e.value = value_ref(v);
      rt.emit(e);
      if (then) then(why, v);
    };
  return channel<T>(rt.get_executor(), std::move(opts));
}

/// Makes a channel on rt's executor whose discarded values are reported as `drop` and
/// `slide` events (`chan`, `value`); `tag` is the caller's number for it (channel_options::tag).
template <class T>
channel<T> make_channel(runtime& rt, std::string name, std::size_t capacity = 0,
                        buffer_policy policy = buffer_policy::fixed, std::uint32_t tag = 0) {
  channel_options<T> opts;
  opts.capacity = capacity;
  opts.policy = policy;
  opts.tag = tag;
  opts.name = std::move(name);
  return make_channel(rt, std::move(opts));
}

}  // namespace hotdog
