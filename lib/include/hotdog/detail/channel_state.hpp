#pragma once
// The state of one channel and core.async's algorithms over it (ManyToManyChannel's put!,
// take! and close!). put, take and close run under the channel's lock (see locked()), as
// core.async's do under the channel's mutex; that lock is what makes the state safe to share
// between threads. Alt flags are the only thing shared with other channels, and they have
// locks of their own, always taken after a channel's.

#include "hotdog/buffer.hpp"
#include "hotdog/detail/alt_flag.hpp"
#include "hotdog/detail/channel_registry.hpp"
#include "hotdog/detail/ring.hpp"
#include "hotdog/detail/spin_lock.hpp"
#include "hotdog/detail/unique_function.hpp"
#include "hotdog/detail/xform_chain.hpp"
#include "hotdog/error.hpp"

#include <asio/any_io_executor.hpp>

#include <concepts>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace hotdog {

/// Why a value left a channel without being taken.
enum class discard_reason {
  dropped,  ///< a dropping buffer was full: the new value was discarded
  slid,     ///< a sliding buffer was full: its oldest value was discarded
};

namespace detail {

enum class put_outcome { ok, closed, would_wait };

template <class T>
class channel_state final : public abandonable,
                            public std::enable_shared_from_this<channel_state<T>> {
 public:
  using put_done = unique_function<void(std::error_code, put_outcome)>;
  using take_done = unique_function<void(std::error_code, std::optional<T>)>;
  using discard_fn = std::function<void(discard_reason, const T&)>;
  using ex_handler_fn = std::function<std::optional<T>(std::exception_ptr)>;

  channel_state(const asio::any_io_executor& ex, std::string name, std::size_t capacity,
                buffer_policy policy, discard_fn on_discard, bool single_threaded = false)
      : executor_(ex),
        single_threaded_(single_threaded),
        name_(std::move(name)),
        buf_(capacity, policy),
        on_discard_(std::move(on_discard)) {}

  const std::string& name() const noexcept { return name_; }
  bool closed_by_timer() const noexcept { return closed_by_timer_; }
  void mark_closed_by_timer() noexcept { closed_by_timer_ = true; }
  /// Makes it a promise channel (core.async's promise-chan); before it is shared.
  void make_promise() {
    if constexpr (std::copy_constructible<T>) {
      promise_ = true;
      special_ = true;
    } else {
      throw std::invalid_argument("a promise channel needs values that can be copied");
    }
  }
  /// Gives it a transducer over its puts (core.async's `(chan n xform ex-handler)`); before
  /// it is shared.
  void set_xform(const std::vector<xform_stage_factory<T>>& stages, ex_handler_fn on_error) {
    xf_ = std::make_unique<xform_chain<T>>(stages);
    ex_handler_ = std::move(on_error);
    special_ = true;
  }
  bool promise() const noexcept { return promise_; }
  std::uint32_t tag() const noexcept { return tag_; }
  void set_tag(std::uint32_t tag) noexcept { tag_ = tag; }
  const asio::any_io_executor& executor() const noexcept { return executor_; }
  std::size_t capacity() const noexcept { return buf_.capacity(); }
  buffer_policy policy() const noexcept { return buf_.policy(); }
  /// True when every party runs on one thread (the deterministic runtime's): then a waiting
  /// operation is completed, if ever, by the thread that made it wait.
  bool single_threaded() const noexcept { return single_threaded_; }

  /// Runs f(*this) under the channel's lock, at once on the calling thread. A value a
  /// dropping or sliding buffer discarded meanwhile is reported to on_discard after the lock
  /// is released, so the callback may look at channels (a step-through view does).
  template <class F>
  void locked(F&& f) {
    std::optional<T> discarded;
    std::vector<T> more;
    std::exception_ptr failure;
    {
      guard g(*this);
      std::forward<F>(f)(*this);
      // The usual case: nothing discarded, no transducer; nothing to report after the lock.
      if (!discarded_ && !special_) [[likely]]
        return;
      if (discarded_) discarded.swap(discarded_);
      if (special_) [[unlikely]] {
        more.swap(xf_discarded_);
        std::swap(failure, xf_failure_);
      }
    }
    report_discard(discarded);
    for (const T& v : more) report_discard(std::optional<T>(v));
    // A stage's error with no ex_handler goes to whoever made the stage run, once the
    // channel is consistent again (its value dropped, the operation completed).
    if (failure) std::rethrow_exception(failure);
  }

  /// A plain put that completes at once, in the common cases only: into a buffer with room
  /// when nobody waits, or straight to a plain take waiting on an unbuffered channel. Does
  /// what put() would do then, calls `completed()` and returns true; else changes nothing
  /// and returns false. `completed()` runs inside the lock, before any other party can see
  /// the value, except after a discard: then after the discard's report, which comes first.
  template <class Completed>
  bool try_put_now(T& v, Completed&& completed) {
    std::optional<T> discarded;
    {
      guard g(*this);
      if (closed_ || special_ || !puts_.empty()) return false;
      if (buf_.capacity() == 0) {
        if (takes_.empty() || takes_.front().flag) return false;
        take_done taker = std::move(takes_.front().done);
        takes_.pop_front();
        completed();  // the putter first (see put)
        taker({}, std::optional<T>(std::move(v)));
        return true;
      }
      if (buf_.full() || !takes_.empty()) return false;
      discarded = buf_.push(std::move(v));
      if (!discarded) {
        completed();
        return true;
      }
    }
    report_discard(discarded);
    completed();
    return true;
  }

  /// A plain take that completes at once, in the common cases only: from a buffer no put
  /// waits on, or from a plain put waiting on an unbuffered channel. Returns the value, or
  /// an empty optional having changed nothing.
  std::optional<T> try_take_now() {
    guard g(*this);
    return take_plainly_now();
  }

  /// What an alts's first pass learns of a take arm in the plain cases, under the lock
  /// taken here: that it would wait, or its value (try_take_now's cases), changing nothing
  /// else; `other` when only take() can tell.
  enum class plain_take { waits, took, other };
  plain_take try_take_plainly(std::optional<T>& v) {
    guard g(*this);
    if (take_plainly_waits()) return plain_take::waits;
    v = take_plainly_now();
    return v ? plain_take::took : plain_take::other;
  }

  // The operations below are called only under the lock, through locked().

  /// try_take_now's work, under the lock.
  std::optional<T> take_plainly_now() {
    if (promise_) return std::nullopt;
    if (!buf_.empty()) {
      if (!puts_.empty()) return std::nullopt;
      return std::optional<T>(buf_.pop());
    }
    if (buf_.capacity() != 0 || puts_.empty() || puts_.front().flag) return std::nullopt;
    put_waiter putter = std::move(puts_.front());
    puts_.pop_front();
    putter.done({}, put_outcome::ok);
    return std::optional<T>(std::move(putter.value));
  }

  // `done` is any callable with put_done's (or take_done's) signature, called at most once:
  // it becomes a put_done (take_done) only when the operation has to wait, so one that
  // completes at once builds no wrapper.

  // ---- core.async's put! ------------------------------------------------------------
  template <class Done>
  void put(alt_flag* flag, bool blockable, T value, Done&& done) {
    purge_front();
    if (closed_) {
      if (commit(flag)) done({}, put_outcome::closed);
      return;
    }
    if (promise_) [[unlikely]] {
      if (!commit(flag)) return;
      promise_put(std::move(value));
      done({}, put_outcome::ok);
      return;
    }
    if (buf_.capacity() > 0 && !buf_.full()) {
      if (!commit(flag)) return;
      // The putter is told before the takers it serves: one that completes at once reports
      // its put there (see wait_observer::completed_at_once), before a taker it woke on
      // another thread can report the value.
      bool finished = false;
      if (xf_) [[unlikely]]
        finished = xform_add(std::move(value));
      else
        discarded_ = buf_.push(std::move(value));
      done({}, put_outcome::ok);
      serve_takers_from_buffer();
      if (finished) abort_puts_and_close();
      return;
    }
    if (buf_.capacity() == 0) {
      // A rendezvous: hand the value straight to the first taker still active.
      for (std::size_t i = 0; i < takes_.size();) {
        if (!is_active(flag)) return;  // our alts committed elsewhere meanwhile
        auto& w = takes_[i];
        if (same_alts(flag, w.flag.get())) {  // rule 15: an alts completes one arm, never two
          ++i;
          continue;
        }
        if (commit_both(flag, w.flag.get())) {
          take_done taker = std::move(w.done);
          takes_.erase_at(i);
          done({}, put_outcome::ok);  // the putter first, as above
          taker({}, std::optional<T>(std::move(value)));
          return;
        }
        if (is_active(w.flag.get()))
          ++i;
        else
          takes_.erase_at(i);
      }
    }
    if (!blockable) {
      done({}, put_outcome::would_wait);
      return;
    }
    if (!is_active(flag)) return;
    if (puts_.size() >= max_pending) purge_all();
    if (puts_.size() >= max_pending) {
      if (commit(flag)) done(errc::too_many_pending_puts, put_outcome::ok);
      return;
    }
    puts_.emplace_back(share(flag), std::move(value), std::forward<Done>(done));
  }

  /// True when a take would have to wait, as take() would find, seen in the plain case
  /// only: nothing buffered, no put waiting, open, neither promise nor transducer. False
  /// means "look with take()". Called under the lock; changes nothing.
  bool take_plainly_waits() const noexcept {
    return buf_.empty() && puts_.empty() && !closed_ && !special_;
  }

  // ---- core.async's take! -----------------------------------------------------------
  template <class Done>
  void take(alt_flag* flag, bool blockable, Done&& done) {
    purge_front();
    if constexpr (std::copy_constructible<T>) {
      // promise-chan: its value goes to every take, even after close.
      if (promise_ && promised_) [[unlikely]] {
        if (commit(flag)) done({}, std::optional<T>(*promised_));
        return;
      }
    }
    if (!buf_.empty()) {
      if (!commit(flag)) return;
      T v = buf_.pop();
      // A slot is free: the oldest waiting puts move into the buffer, and their putters
      // are told true.
      bool finished = false;
      while (!finished && !buf_.full() && !puts_.empty()) {
        auto putter = std::move(puts_.front());
        puts_.pop_front();
        if (commit(putter.flag.get())) {
          if (xf_) [[unlikely]]
            finished = xform_add(std::move(putter.value));
          else
            buf_.push(std::move(putter.value));
          putter.done({}, put_outcome::ok);
        }
      }
      if (finished) abort_puts_and_close();
      done({}, std::optional<T>(std::move(v)));
      return;
    }
    // Waiting puts are served even after close (core.async rule 12).
    for (std::size_t i = 0; i < puts_.size();) {
      if (!is_active(flag)) return;
      auto& w = puts_[i];
      if (same_alts(flag, w.flag.get())) {  // rule 15: an alts completes one arm, never two
        ++i;
        continue;
      }
      if (commit_both(flag, w.flag.get())) {
        auto putter = std::move(w);
        puts_.erase_at(i);
        putter.done({}, put_outcome::ok);
        done({}, std::optional<T>(std::move(putter.value)));
        return;
      }
      if (is_active(w.flag.get()))
        ++i;
      else
        puts_.erase_at(i);
    }
    if (closed_) {
      if (commit(flag)) done({}, std::nullopt);
      return;
    }
    if (!blockable) {
      done({}, std::nullopt);
      return;
    }
    if (!is_active(flag)) return;
    if (takes_.size() >= max_pending) purge_all();
    if (takes_.size() >= max_pending) {
      if (commit(flag)) done(errc::too_many_pending_takes, std::nullopt);
      return;
    }
    takes_.emplace_back(share(flag), std::forward<Done>(done));
  }

  // ---- core.async's close! ----------------------------------------------------------
  void close() {
    if (closed_) return;
    closed_ = true;
    // core.async's close! runs a transducer's completion (a partition_all flushes what it
    // holds) only when no put waits, and takers waiting get what that flushed first.
    if (xf_ && puts_.empty()) [[unlikely]] {
      buffer_sink sink(*this);
      try {
        xf_->complete(sink);
      } catch (...) {
        xform_failed(std::current_exception());
      }
      serve_takers_from_buffer();
    }
    // Takers only wait on an empty buffer, so every one of them gets nil. Waiting puts
    // stay: later takes still receive their values.
    auto takes = std::move(takes_);
    for (std::size_t i = 0; i < takes.size(); ++i)
      if (commit(takes[i].flag.get())) takes[i].done({}, std::nullopt);
  }

  bool closed() const noexcept { return closed_; }

  /// What a channel holds now, for inspection.
  struct snapshot {
    std::deque<T> buffered;
    std::size_t waiting_puts = 0;
    std::size_t waiting_takes = 0;
    bool closed = false;
  };

  /// How many values the buffer holds now. Takes the lock itself, as peek() does.
  std::size_t buffered_count() const {
    guard g(*this);
    return buf_.size();
  }

  /// How many takes wait on the channel now (withdrawn alts arms not counted). Takes the lock
  /// itself, as peek() does.
  std::size_t waiting_takes_count() const {
    guard g(*this);
    std::size_t n = 0;
    for (std::size_t i = 0; i < takes_.size(); ++i) n += is_active(takes_[i].flag.get());
    return n;
  }

  /// A snapshot that changes nothing (withdrawn arms are skipped, not removed). Takes the
  /// lock itself; call it from anywhere but inside locked().
  snapshot peek() const {
    guard g(*this);
    snapshot s{buf_.values(), 0, 0, closed_};
    if constexpr (std::copy_constructible<T>)
      if (promised_) s.buffered.push_back(*promised_);
    for (std::size_t i = 0; i < puts_.size(); ++i) s.waiting_puts += is_active(puts_[i].flag.get());
    for (std::size_t i = 0; i < takes_.size(); ++i)
      s.waiting_takes += is_active(takes_[i].flag.get());
    return s;
  }

  /// Calls f(const T& value, bool in_put) for each value the channel holds now: the buffered
  /// ones (and a promise's value), oldest first, then those of the puts waiting (in_put
  /// true), in order, withdrawn arms skipped. Takes the lock itself, as peek() does; f must
  /// not touch the channel.
  template <class F>
  void for_each_held(F&& f) const {
    guard g(*this);
    buf_.for_each([&f](const T& v) { f(v, false); });
    if constexpr (std::copy_constructible<T>)
      if (promised_) f(*promised_, false);
    for (std::size_t i = 0; i < puts_.size(); ++i)
      if (is_active(puts_[i].flag.get())) f(puts_[i].value, true);
  }

  void abandon() override {
    // Move out first and destroy outside the lock: destroying a handler may destroy a
    // coroutine that owns this channel.
    ring<put_waiter> puts;
    ring<take_waiter> takes;
    guard g(*this);
    puts.swap(puts_);
    takes.swap(takes_);
  }

 private:
  struct put_waiter {
    std::shared_ptr<alt_flag> flag;
    T value;
    put_done done;
  };
  struct take_waiter {
    std::shared_ptr<alt_flag> flag;
    take_done done;
  };

  // ---- promise-chan's buffer -------------------------------------------------------
  // The first value is kept and given to every take waiting now (and, by take, later);
  // later ones are dropped, their puts completing with true.
  void promise_put(T value) {
    if constexpr (std::copy_constructible<T>) {
      if (promised_) return;
      promised_.emplace(std::move(value));
      auto takes = std::move(takes_);
      for (std::size_t i = 0; i < takes.size(); ++i)
        if (commit(takes[i].flag.get())) takes[i].done({}, std::optional<T>(*promised_));
    }
  }

  // ---- a transducer's add! ----------------------------------------------------------
  class buffer_sink final : public xform_sink<T> {
   public:
    explicit buffer_sink(channel_state& s) : s_(s) {}
    bool accept(T v) override {
      s_.buffer_push(std::move(v));
      return false;
    }

   private:
    channel_state& s_;
  };

  // Pushes a value a transducer gave: it may go past a fixed buffer's size (an expanding
  // mapcat), as in core.async; a dropping or sliding buffer discards as usual.
  void buffer_push(T v) {
    if (std::optional<T> d = buf_.push(std::move(v))) {
      if (discarded_)
        xf_discarded_.push_back(std::move(*d));
      else
        discarded_ = std::move(d);
    }
  }

  // Runs v through the transducer into the buffer; true when it is done (reduced).
  bool xform_add(T v) {
    buffer_sink sink(*this);
    try {
      return xf_->step(std::move(v), sink);
    } catch (...) {
      xform_failed(std::current_exception());
      return false;
    }
  }

  // core.async's ex-handler: what it returns (if anything) goes into the buffer; with no
  // handler the error is rethrown by locked(), once the lock is released.
  void xform_failed(std::exception_ptr e) {
    if (ex_handler_) {
      if (std::optional<T> v = ex_handler_(e)) buffer_push(std::move(*v));
    } else if (!xf_failure_) {
      xf_failure_ = e;
    }
  }

  // core.async's abort, when a transducer is done (a take stage): the puts waiting now
  // complete with true and their values are lost (unlike a plain close, rule 12); then the
  // channel closes.
  void abort_puts_and_close() {
    auto puts = std::move(puts_);
    for (std::size_t i = 0; i < puts.size(); ++i)
      if (commit(puts[i].flag.get())) puts[i].done({}, put_outcome::ok);
    close();
  }

  // Called after the lock is released.
  void report_discard(const std::optional<T>& discarded) {
    if (discarded && on_discard_)
      on_discard_(
          buf_.policy() == buffer_policy::dropping ? discard_reason::dropped : discard_reason::slid,
          *discarded);
  }

  // core.async: a put meeting a take of its own alts (the same flag) skips it, as the take
  // would skip the put; without this the arms would pair and the alts complete twice.
  static bool same_alts(const alt_flag* a, const alt_flag* b) noexcept {
    return a != nullptr && a == b;
  }

  static std::shared_ptr<alt_flag> share(alt_flag* flag) {
    return flag ? flag->shared_from_this() : nullptr;
  }

  void serve_takers_from_buffer() {
    while (!buf_.empty() && !takes_.empty()) {
      auto taker = std::move(takes_.front());
      takes_.pop_front();
      if (commit(taker.flag.get())) taker.done({}, std::optional<T>(buf_.pop()));
    }
  }

  // Withdrawn alts arms are removed lazily, as in core.async's cleanup.
  void purge_front() {
    while (!puts_.empty() && !is_active(puts_.front().flag.get())) puts_.pop_front();
    while (!takes_.empty() && !is_active(takes_.front().flag.get())) takes_.pop_front();
  }
  void purge_all() {
    puts_.erase_if([](const put_waiter& w) { return !is_active(w.flag.get()); });
    takes_.erase_if([](const take_waiter& w) { return !is_active(w.flag.get()); });
  }

  // The channel's lock, unless every party runs on one thread (the deterministic runtime):
  // then there is nobody to exclude, and an atomic exchange per operation is pure cost.
  class guard {
   public:
    explicit guard(const channel_state& s) noexcept
        : lock_(s.single_threaded_ ? nullptr : &s.lock_) {
      if (lock_) lock_->lock();
    }
    ~guard() {
      if (lock_) lock_->unlock();
    }
    guard(const guard&) = delete;
    guard& operator=(const guard&) = delete;

   private:
    spin_lock* lock_;
  };

  asio::any_io_executor executor_;
  const bool single_threaded_;
  mutable spin_lock lock_;
  std::string name_;
  std::uint32_t tag_ = 0;
  buffer<T> buf_;
  discard_fn on_discard_;
  std::optional<T> discarded_;  // set by put under the lock, reported by locked() after it
  ring<put_waiter> puts_;
  ring<take_waiter> takes_;
  bool closed_ = false;
  bool closed_by_timer_ = false;  // set once, before the channel is shared
  // A promise channel or a transducer: the fast paths step aside; set before sharing.
  bool special_ = false;
  bool promise_ = false;
  std::optional<T> promised_;  // a promise channel's value, once put
  std::unique_ptr<xform_chain<T>> xf_;
  ex_handler_fn ex_handler_;
  std::vector<T> xf_discarded_;    // discards beyond the first, when a transducer expands
  std::exception_ptr xf_failure_;  // a stage's error, rethrown by locked()
};

}  // namespace detail
}  // namespace hotdog
