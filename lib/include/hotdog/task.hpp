#pragma once
/// @file task.hpp
/// hotdog::task — the coroutine type of processes — and hotdog::use_task, the completion
/// token that makes any Asio-style async operation awaitable from a task.
///
/// Unlike `asio::use_awaitable`, an operation awaited with `use_task` that can complete at
/// once (a put into a buffer with room, a take from a waiting putter) continues the
/// coroutine without going through the scheduler: core.async's rule that a process runs
/// until it first waits. When it does wait, it is resumed on its process's executor.

#include "hotdog/detail/completion.hpp"
#include "hotdog/detail/executor_cast.hpp"
#include "hotdog/detail/frame_pool.hpp"
#include "hotdog/detail/pool_wakes.hpp"
#include "hotdog/detail/run_queue.hpp"
#include "hotdog/wait_observer.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include <atomic>
#include <concepts>
#include <coroutine>
#include <exception>
#include <optional>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace hotdog {

namespace detail {

// A process whose operation hands values to parties waiting on other threads (the real-time
// runtime's) opens a batch on its own thread: the wake-ups of those parties wait in it until
// the process has reported its own event, so a taker that was woken cannot report its take
// before the put that gave it the value. The deterministic runtime needs none: its wake-ups
// go to its queue, and nobody runs before the process that woke them waits.
class resume_batch {
 public:
  resume_batch() = default;
  resume_batch(const resume_batch&) = delete;
  resume_batch& operator=(const resume_batch&) = delete;
  ~resume_batch() { release(); }

  /// The batch open on this thread, or null.
  static resume_batch*& current() noexcept {
    static thread_local resume_batch* open = nullptr;
    return open;
  }
  /// Makes this the batch of this thread.
  void open() noexcept { current() = this; }
  /// Keeps f until release().
  void defer(unique_function<void()> f) { deferred_.push_back(std::move(f)); }
  /// Closes the batch (if open on this thread) and runs what it kept, in order.
  void release() {
    if (current() == this) current() = nullptr;
    for (auto& f : deferred_) f();
    deferred_.clear();
  }

 private:
  std::vector<unique_function<void()>> deferred_;
};

// Queues h.resume() on ex: on the deterministic loop's own queue when this thread runs it;
// on the real-time runtime's pool, held for the waker's next operation when this thread runs
// one of its processes (see pool_wakes); else through Asio. Posting through the executor's own type
// (an io_context's, a thread pool's) skips any_io_executor's require/prefer conversions, a third of
// a wake-up's cost.
inline void resume_later(const asio::any_io_executor& ex, std::coroutine_handle<> h) {
  if (run_queue* q = run_queue::current(); q != nullptr && q->serves(ex))
    q->push([h] { h.resume(); }, &ex);
  else if (resume_batch* b = resume_batch::current())
    b->defer([ex, h] { resume_later(ex, h); });
  else if (auto* io = executor_cast<asio::io_context::executor_type>(ex))
    asio::post(*io, [h] { h.resume(); });
  else if (auto* pool = executor_cast<pool_wakes::executor>(ex)) {
    if (!pool_wakes::hold(*pool, h)) asio::post(*pool, pool_wakes::resumer{*pool, h});
  } else
    asio::post(ex, [h] { h.resume(); });
}

// What every task promise carries: where to resume after a wait, and who to return to.
//
// A task awaited by another is started by a plain call from the awaiter (not a symmetric
// transfer), and when it finishes within that call, its caller goes on by returning from
// await_suspend rather than being resumed from the task's final suspension. So a loop that
// awaits tasks that never wait runs in constant stack in every build: a symmetric transfer
// is a tail call only where the compiler makes it one, and sanitizer builds do not, which
// nested a frame per iteration there.
struct task_promise_base {
  enum : int { running, parked, finished };

  std::coroutine_handle<> continuation;
  std::exception_ptr exception;
  const asio::any_io_executor* executor = nullptr;  // the process's; inherited by subtasks
  // Settles the race between the task finishing on another thread (after a wait in real
  // time) and its caller's await_suspend deciding whether to park.
  std::atomic<int> state{running};

  // The task this thread is starting from an awaiter, so one that finishes inside that call
  // (most do) is settled without an atomic read-modify-write.
  static task_promise_base*& starting_here() noexcept {
    static thread_local task_promise_base* starting = nullptr;
    return starting;
  }

  // Frames come from a per-thread pool (see frame_pool.hpp): a run makes and drops them by
  // the million.
  static void* operator new(std::size_t n) { return frame_pool::allocate(n); }
  static void operator delete(void* p, std::size_t n) noexcept { frame_pool::deallocate(p, n); }

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct final_awaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      task_promise_base& p = h.promise();
      if (starting_here() == &p) {
        // Finished inside its awaiter's call: the awaiter goes on by returning.
        p.state.store(finished, std::memory_order_relaxed);
        return std::noop_coroutine();
      }
      auto next = p.continuation;
      if (!next) return std::noop_coroutine();
      // Once parked, the state never changes again: a plain load settles the usual case.
      if (p.state.load(std::memory_order_acquire) != parked) {
        int expected = running;
        if (p.state.compare_exchange_strong(expected, finished, std::memory_order_acq_rel))
          return std::noop_coroutine();  // the caller, still in await_suspend, goes on
      }
      return next;
    }
    void await_resume() noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { exception = std::current_exception(); }
};

template <class T>
struct task_promise : task_promise_base {
  std::optional<T> value;
  template <class U>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
  }
};

template <>
struct task_promise<void> : task_promise_base {
  void return_void() noexcept {}
};

}  // namespace detail

/// A lazily started coroutine returning T; `co_await` it from another task, or start it
/// with a runtime. It owns its frame.
template <class T = void>
class [[nodiscard]] task {
 public:
  struct promise_type : detail::task_promise<T> {
    task get_return_object() noexcept {
      return task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
  };
  using handle_type = std::coroutine_handle<promise_type>;

  task() noexcept = default;
  explicit task(handle_type h) noexcept : h_(h) {}
  task(task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  task& operator=(task&& o) noexcept {
    if (this != &o) {
      destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~task() { destroy(); }

  struct awaiter {
    handle_type h;
    bool await_ready() noexcept { return false; }
    // Starts the task by a call; true (the caller parks) only when the task waited and has
    // not finished since.
    template <class P>
    bool await_suspend(std::coroutine_handle<P> caller) {
      auto& p = h.promise();
      p.continuation = caller;
      p.executor = caller.promise().executor;
      detail::task_promise_base* outer =
          std::exchange(detail::task_promise_base::starting_here(), &p);
      h.resume();
      detail::task_promise_base::starting_here() = outer;
      if (p.state.load(std::memory_order_acquire) == detail::task_promise_base::finished)
        return false;
      int expected = detail::task_promise_base::running;
      return p.state.compare_exchange_strong(expected, detail::task_promise_base::parked,
                                             std::memory_order_acq_rel);
    }
    T await_resume() {
      auto& p = h.promise();
      if (p.exception) std::rethrow_exception(p.exception);
      if constexpr (!std::is_void_v<T>) return std::move(*p.value);
    }
  };
  awaiter operator co_await() && noexcept { return awaiter{h_}; }

  /// The coroutine handle (for runtimes that start top-level tasks).
  handle_type handle() const noexcept { return h_; }

 private:
  void destroy() noexcept {
    if (h_) h_.destroy();
    h_ = {};
  }
  handle_type h_;
};

/// The completion token that makes an async operation awaitable from a hotdog::task.
/// `use_task[obs]` also tells `obs` when the operation has to wait.
struct use_task_t {
  wait_observer* observer = nullptr;
  constexpr use_task_t operator[](wait_observer& o) const noexcept { return use_task_t{&o}; }
};
inline constexpr use_task_t use_task{};

namespace detail {

// The frame behind spawn(): owns its executor, starts when first resumed, and destroys
// itself when done.
struct detached_task {
  struct promise_type : task_promise_base {
    asio::any_io_executor own_executor;
    template <class... A>
    explicit promise_type(const asio::any_io_executor& ex, A&...) : own_executor(ex) {
      executor = &own_executor;
    }
    detached_task get_return_object() noexcept {
      return detached_task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
  };
  std::coroutine_handle<> handle;
};

// The executor is taken by reference: the promise keeps its own copy, and one copy in the
// frame is enough (a parked process's bytes are counted).
template <class Done>
detached_task run_detached(const asio::any_io_executor&, task<void> t, Done done) {
  std::exception_ptr failure;
  try {
    co_await std::move(t);
  } catch (...) {
    failure = std::current_exception();
  }
  done(failure);
}

// Owns a detached task until it starts; destroyed unrun (its io_context shut down, say),
// it frees the frame.
class detached_start {
 public:
  explicit detached_start(std::coroutine_handle<> h) noexcept : h_(h) {}
  detached_start(detached_start&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  detached_start& operator=(detached_start&&) = delete;
  ~detached_start() {
    if (h_) h_.destroy();
  }
  void operator()() { std::exchange(h_, {}).resume(); }

 private:
  std::coroutine_handle<> h_;
};

template <class Sig>
struct task_result;
template <class R>
struct task_result<void(std::error_code, R)> {
  using type = R;
  using storage = std::tuple<std::error_code, R>;
};
template <>
struct task_result<void(std::error_code)> {
  using type = void;
  using storage = std::tuple<std::error_code>;
};

// Awaits one operation. `state_` settles the race between the operation completing (maybe
// on another thread) and the coroutine finishing its suspension.
template <class Sig, class Initiation, class... InitArgs>
class task_op_awaiter {
  enum : int { initiating, suspended, completed };
  using result = task_result<Sig>;

 public:
  task_op_awaiter(Initiation init, wait_observer* obs, InitArgs... args)
      : init_(std::move(init)), observer_(obs), args_(std::move(args)...) {}

  class handler {
   public:
    using hotdog_inline_completion = void;
    using executor_type = asio::any_io_executor;
    explicit handler(task_op_awaiter* a) noexcept : a_(a) {}
    executor_type get_executor() const noexcept { return *a_->executor_; }

    template <class... Args>
    void operator()(Args&&... args) {
      task_op_awaiter* a = a_;
      a->result_.emplace(std::forward<Args>(args)...);
      if (initiating_here == a) {
        // Completed inside its own initiation, on this thread: await_suspend will see it
        // and go on without suspending, and no other thread can be involved.
        a->done_inline_ = true;
        if (a->observer_) a->observer_->completed_at_once(&*a->result_);
        return;
      }
      if (a->observer_) {
        a->observer_->handed_off(&*a->result_);
        a->observer_->wait_ends();
      }
      // Once suspended, the state never changes again: a plain load settles the usual case
      // (the operation completes well after the coroutine parked) without a
      // read-modify-write.
      if (a->state_.load(std::memory_order_acquire) != suspended) {
        int expected = initiating;
        if (a->state_.compare_exchange_strong(expected, completed, std::memory_order_acq_rel))
          return;  // another thread, still inside await_suspend: it resumes the coroutine
      }
      resume_later(*a->executor_, a->caller_);
    }

   private:
    task_op_awaiter* a_;
  };

  // An initiation may offer `try_now(result, args...)`: the whole operation, done at once
  // when it can be (a put into a buffer with room, say), with no handler made and no
  // suspension; it returns false, having changed nothing, when it cannot.
  // One that also takes the observer tells it completed_at_once inside the channel's lock.
  // A real-time process that completes an operation without waiting lets go of the
  // wake-ups it held before it (see pool_wakes): it runs on, so whom it woke should not wait.
  bool await_ready() {
    held_mark_ = pool_wakes::mark();
    if (!try_now()) return false;
    pool_wakes::post_held_before(held_mark_);
    return true;
  }

  // An initiation may also offer `completes_here(args...)`: true when the operation, if it
  // waits, can only be completed later by this same thread (a channel of the deterministic
  // runtime, which is used from its loop's thread only); parking then needs no
  // read-modify-write either.
  template <class P>
  bool await_suspend(std::coroutine_handle<P> caller) {
    caller_ = caller;
    executor_ = caller.promise().executor;
    bool here = false;
    if constexpr (requires(Initiation & i, InitArgs & ... a) {
                    { i.completes_here(a...) } -> std::same_as<bool>;
                  }) {
      here = std::apply([this](auto&... args) { return init_.completes_here(args...); }, args_);
    }
    task_op_awaiter* outer = std::exchange(initiating_here, this);
    try {
      std::apply([this](auto&... args) { std::move(init_)(handler(this), std::move(args)...); },
                 args_);
    } catch (...) {
      initiating_here = outer;
      throw;
    }
    initiating_here = outer;
    if (done_inline_) {
      pool_wakes::post_held_before(held_mark_);
      return false;
    }
    if (observer_) observer_->wait_begins();
    if (observer_ && state_.load(std::memory_order_acquire) == initiating) observer_->waiting();
    // It waits: a batch its process opened closes here (its thread goes on to others).
    if (resume_batch* b = resume_batch::current()) b->release();
    if (here) {
      state_.store(suspended, std::memory_order_relaxed);
      return true;
    }
    int expected = initiating;
    return state_.compare_exchange_strong(expected, suspended, std::memory_order_acq_rel);
  }

  typename result::type await_resume() {
    auto& r = *result_;
    if (std::get<0>(r)) throw std::system_error(std::get<0>(r));
    if constexpr (!std::is_void_v<typename result::type>) return std::move(std::get<1>(r));
  }

 private:
  bool try_now() {
    if constexpr (requires(Initiation & i, std::optional<typename result::storage> & r,
                           wait_observer * o, InitArgs & ... a) {
                    { i.try_now(r, o, a...) } -> std::same_as<bool>;
                  }) {
      return std::apply(
          [this](auto&... args) { return init_.try_now(result_, observer_, args...); }, args_);
    } else if constexpr (requires(Initiation & i, std::optional<typename result::storage> & r,
                                  InitArgs & ... a) {
                           { i.try_now(r, a...) } -> std::same_as<bool>;
                         }) {
      return std::apply([this](auto&... args) { return init_.try_now(result_, args...); }, args_);
    } else {
      return false;
    }
  }

  Initiation init_;
  wait_observer* observer_;
  std::tuple<InitArgs...> args_;
  std::coroutine_handle<> caller_;
  const asio::any_io_executor* executor_ = nullptr;
  std::optional<typename result::storage> result_;
  bool done_inline_ = false;
  std::size_t held_mark_ = 0;  // pool_wakes::mark() when the operation began
  std::atomic<int> state_{initiating};
  // The awaiter whose operation this thread is initiating: an operation that completes at
  // once (most do) is then settled without an atomic read-modify-write.
  static inline thread_local task_op_awaiter* initiating_here = nullptr;
};

}  // namespace detail

/// Starts t on ex (posted, so it never runs inside the caller), detached from any runtime;
/// `done(std::exception_ptr)` is called when it finishes, with the exception it threw or
/// null. The way to run tasks without a runtime (tests, benchmarks, plain Asio programs).
template <class Done>
void spawn(const asio::any_io_executor& ex, task<void> t, Done done) {
  detail::detached_start start(detail::run_detached(ex, std::move(t), std::move(done)).handle);
  if (detail::run_queue* q = detail::run_queue::current(); q != nullptr && q->serves(ex))
    q->push(std::move(start));
  else
    asio::post(ex, std::move(start));
}

}  // namespace hotdog

template <class Sig>
class asio::async_result<hotdog::use_task_t, Sig> {
 public:
  template <class Initiation, class... InitArgs>
  static auto initiate(Initiation&& init, hotdog::use_task_t token, InitArgs&&... args) {
    return hotdog::detail::task_op_awaiter<Sig, std::decay_t<Initiation>,
                                           std::decay_t<InitArgs>...>(
        std::forward<Initiation>(init), token.observer, std::forward<InitArgs>(args)...);
  }
};
