#pragma once
/// @file channel.hpp
/// hotdog::channel — a core.async channel: many putters and takers, any completion token.

#include "hotdog/buffer.hpp"
#include "hotdog/channel_snapshot.hpp"
#include "hotdog/detail/channel_state.hpp"
#include "hotdog/wait_observer.hpp"
#include "hotdog/detail/completion.hpp"
#include "hotdog/detail/pool_allocator.hpp"
#include "hotdog/value_traits.hpp"
#include "hotdog/xform.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/execution/context.hpp>
#include <asio/query.hpp>

#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

namespace hotdog {

/// How to make a channel: no buffer (a rendezvous), or a buffer of `capacity` with a policy.
template <class T>
struct channel_options {
  std::string name = {};     ///< shown in traces and errors
  std::size_t capacity = 0;  ///< 0: unbuffered
  buffer_policy policy = buffer_policy::fixed;
  /// Called when a dropping or sliding buffer discards a value, on the thread of the put
  /// that caused it, after the channel's lock is released (before the put completes).
  std::function<void(discard_reason, const T&)> on_discard = {};
  /// A timer will close it (a timeout): a take waiting on it is not stuck, however long.
  bool closed_by_timer = false;
  /// promise-chan: the first value put goes to every take, now and later (even after
  /// close); later puts complete with true and are dropped; puts once closed give false;
  /// closed with no value, takes give nil. Takes no buffer or transducer.
  bool promise = false;
  /// A transducer over the values put (core.async's `(chan n xform)`); needs a buffer.
  xform<T> xf = {};
  /// Called with what a transducer stage threw (a map giving nil, say); what it returns, if
  /// anything, goes into the buffer. Without one, the error is rethrown to the operation
  /// that ran the stage (a put, or a take that moved a waiting put in), its value dropped.
  std::function<std::optional<T>(std::exception_ptr)> ex_handler = {};
  /// The maker's number for it, carried by its events as `chan_tag` (0: none).
  std::uint32_t tag = 0;
};

/// A core.async channel of T: many putters and takers, from coroutines, callbacks or
/// threads. Copies are handles to the same channel. All operations are thread-safe (except
/// on a deterministic runtime's channels, which are used from that runtime's one thread and
/// take no lock): each runs at once on the calling thread under the channel's lock,
/// completes inline when the handler allows it (use_task) and otherwise posts the completion
/// to the handler's associated executor, or the channel's.
///
/// Every asynchronous operation takes an Asio completion token: `use_awaitable` or
/// hotdog's `use_task` park a coroutine (`>!`, `<!`), a callable is `put!`/`take!`, and
/// `use_future` blocks a thread that does not run the channel's executor (`>!!`, `<!!`).
template <class T>
class channel {
  using state_type = detail::channel_state<T>;

 public:
  /// Makes a channel whose completions default to `ex`.
  explicit channel(const asio::any_io_executor& ex, channel_options<T> opts = {}) {
    if (opts.policy != buffer_policy::fixed && opts.capacity == 0)
      throw std::invalid_argument("a dropping or sliding buffer needs a size of at least 1");
    if (!opts.xf.empty() && opts.capacity == 0)
      throw std::invalid_argument("a channel with a transducer needs a buffer");
    if (opts.promise && (opts.capacity != 0 || !opts.xf.empty()))
      throw std::invalid_argument("a promise channel takes no buffer or transducer");
    asio::execution_context& ctx = asio::query(ex, asio::execution::context);
    auto& registry = asio::use_service<detail::channel_registry>(ctx);
    // From the per-thread pool: a run makes and drops a reply channel per customer.
    state_ = std::allocate_shared<detail::channel_state<T>>(
        detail::pool_allocator<detail::channel_state<T>>(), ex, std::move(opts.name), opts.capacity,
        opts.policy, std::move(opts.on_discard), registry.single_threaded());
    if (opts.closed_by_timer) state_->mark_closed_by_timer();
    if (opts.promise) state_->make_promise();
    if (!opts.xf.empty()) state_->set_xform(opts.xf.stages(), std::move(opts.ex_handler));
    state_->set_tag(opts.tag);
    registry.add(state_);
  }

  /// The name given at construction.
  const std::string& name() const noexcept { return state_->name(); }
  /// The tag given at construction (0: none).
  std::uint32_t tag() const noexcept { return state_->tag(); }
  /// True when a timer will close it (a timeout channel).
  bool closed_by_timer() const noexcept { return state_->closed_by_timer(); }
  /// The buffer's capacity (0 when unbuffered).
  std::size_t capacity() const noexcept { return state_->capacity(); }
  /// True for a promise channel.
  bool promise() const noexcept { return state_->promise(); }
  /// The buffer's policy.
  buffer_policy policy() const noexcept { return state_->policy(); }
  /// The executor completions go to when a handler has none of its own.
  asio::any_io_executor get_executor() const { return state_->executor(); }

  /// Puts v, waiting while there is no room; completes with true once the value is
  /// accepted, false at once if the channel is closed. Signature:
  /// `void(std::error_code, bool)`; the error is errc::too_many_pending_puts when 1024 puts
  /// already wait. Throws std::invalid_argument for a nil value, as core.async does.
  template <class Token>
  auto async_put(T v, Token&& token) {
    check_not_nil(v);
    return asio::async_initiate<Token, void(std::error_code, bool)>(put_initiation{}, token,
                                                                    state_.get(), std::move(v));
  }

  /// Takes a value, waiting until one is there; completes with the value, or with an empty
  /// optional once the channel is closed and drained. Signature:
  /// `void(std::error_code, std::optional<T>)`; the error is errc::too_many_pending_takes
  /// when 1024 takes already wait.
  template <class Token>
  auto async_take(Token&& token) {
    return asio::async_initiate<Token, void(std::error_code, std::optional<T>)>(
        take_initiation{}, token, state_.get());
  }

  /// offer!: puts v only if that can complete at once; completes with true (done), an empty
  /// optional (it would have had to wait) or false (closed). Never counts as waiting.
  /// Signature: `void(std::error_code, std::optional<bool>)`.
  template <class Token>
  auto async_offer(T v, Token&& token) {
    check_not_nil(v);
    return asio::async_initiate<Token, void(std::error_code, std::optional<bool>)>(
        [](auto handler, state_type* st, T value) {
          st->locked([&](state_type& s) {
            s.put(nullptr, false, std::move(value), optional_put(std::move(handler), st));
          });
        },
        token, state_.get(), std::move(v));
  }

  /// poll!: takes a value only if one is there at once (buffered or from a waiting put);
  /// completes with it, or with an empty optional. Never counts as waiting.
  /// Signature: `void(std::error_code, std::optional<T>)`.
  template <class Token>
  auto async_poll(Token&& token) {
    return asio::async_initiate<Token, void(std::error_code, std::optional<T>)>(
        [](auto handler, state_type* st) {
          st->locked(
              [&](state_type& s) { s.take(nullptr, false, forward_take(std::move(handler), st)); });
        },
        token, state_.get());
  }

  /// close!: closes the channel. Takes waiting now get nil; puts waiting now stay and are
  /// still delivered to later takes; later puts complete with false. Closing twice is a
  /// no-op.
  void close() {
    state_->locked([](state_type& s) { s.close(); });
  }

  /// Returns how many values the buffer holds now (0 when unbuffered), without copying them
  /// as inspect() does.
  std::size_t buffered_count() const { return state_->buffered_count(); }

  /// Returns how many takes wait on the channel now (withdrawn alts arms not counted).
  std::size_t waiting_takes() const { return state_->waiting_takes_count(); }

  /// Calls f(const T& value, bool in_put) for each value the channel holds now, copying
  /// none: its buffer's, oldest first, then those of the puts waiting on it (in_put true;
  /// withdrawn alts arms skipped). Takes the channel's lock while it runs, so f must not use
  /// the channel, and may lock another only where no thread can lock the two the other way
  /// round (on one thread: the deterministic runtime).
  template <class F>
  void for_each_held(F&& f) const {
    state_->for_each_held(std::forward<F>(f));
  }

  /// Returns a snapshot of the channel now; closed is true once closed, even while values remain.
  channel_snapshot<T> inspect() const {
    auto s = state_->peek();
    return {state_->name(),
            state_->capacity(),
            state_->policy(),
            std::vector<T>(std::make_move_iterator(s.buffered.begin()),
                           std::make_move_iterator(s.buffered.end())),
            s.waiting_puts,
            s.waiting_takes,
            s.closed};
  }

  /// The state that alts work on.
  const std::shared_ptr<detail::channel_state<T>>& state() const noexcept { return state_; }

  friend bool operator==(const channel& a, const channel& b) noexcept {
    return a.state_ == b.state_;
  }

 private:
  static void check_not_nil(const T& v) {
    if (value_traits<T>::is_nil(v)) throw std::invalid_argument("Can't put nil on channel");
  }

  struct put_initiation {
    template <class Handler>
    void operator()(Handler handler, state_type* st, T value) const {
      st->locked([&](state_type& s) {
        s.put(nullptr, true, std::move(value), bool_put(std::move(handler), st));
      });
    }
    // use_task's fast path (see task_op_awaiter::await_ready).
    bool try_now(std::optional<std::tuple<std::error_code, bool>>& out, wait_observer* observer,
                 state_type* st, T& value) const {
      return st->try_put_now(value, [&] {
        out.emplace(std::error_code{}, true);
        if (observer) observer->completed_at_once(&*out);
      });
    }
    bool completes_here(state_type* st, T&) const noexcept { return st->single_threaded(); }
  };

  struct take_initiation {
    template <class Handler>
    void operator()(Handler handler, state_type* st) const {
      st->locked(
          [&](state_type& s) { s.take(nullptr, true, forward_take(std::move(handler), st)); });
    }
    bool try_now(std::optional<std::tuple<std::error_code, std::optional<T>>>& out,
                 state_type* st) const {
      std::optional<T> v = st->try_take_now();
      if (!v) return false;
      out.emplace(std::error_code{}, std::move(v));
      return true;
    }
    bool completes_here(state_type* st) const noexcept { return st->single_threaded(); }
  };

  // The completions below run inside the state's own calls, so a plain pointer to it is
  // safe; an operation's initiation (which may be deferred, as with use_task) needs the
  // channel alive, as any I/O object's does.
  template <class Handler>
  static auto bool_put(Handler h, state_type* st) {
    return [h = std::move(h), st](std::error_code ec, detail::put_outcome o) mutable {
      detail::complete(std::move(h), st->executor(), ec, o == detail::put_outcome::ok);
    };
  }

  template <class Handler>
  static auto optional_put(Handler h, state_type* st) {
    return [h = std::move(h), st](std::error_code ec, detail::put_outcome o) mutable {
      std::optional<bool> r;
      if (o != detail::put_outcome::would_wait) r = (o == detail::put_outcome::ok);
      detail::complete(std::move(h), st->executor(), ec, r);
    };
  }

  template <class Handler>
  static auto forward_take(Handler h, state_type* st) {
    return [h = std::move(h), st](std::error_code ec, std::optional<T> v) mutable {
      detail::complete(std::move(h), st->executor(), ec, std::move(v));
    };
  }

  std::shared_ptr<detail::channel_state<T>> state_;
};

}  // namespace hotdog
