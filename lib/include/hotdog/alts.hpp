#pragma once
/// @file alts.hpp
/// hotdog::async_alts — core.async's alts!: complete exactly one of several operations.

#include "hotdog/channel.hpp"
#include "hotdog/random.hpp"

#include <asio/async_result.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <system_error>
#include <tuple>
#include <vector>

namespace hotdog {

/// One arm of an alts: a take from a channel, or a put of a value to it.
template <class T>
struct alt_op {
  channel<T> chan;
  std::optional<T> put_value;  ///< set for a put

  /// A take arm.
  static alt_op take(channel<T> c) { return {std::move(c), std::nullopt}; }
  /// A put arm.
  static alt_op put(channel<T> c, T v) { return {std::move(c), std::optional<T>(std::move(v))}; }
  bool is_put() const noexcept { return put_value.has_value(); }
};

/// Returns the arms as a vector: `co_await p.alts(alt_ops(alt_op<T>::take(a), ...))`.
/// (g++ 12 miscompiles a braced list whose array must live across a co_await, so inside a
/// coroutine build the vector outside the co_await expression, or with this.)
template <class T, class... More>
std::vector<alt_op<T>> alt_ops(alt_op<T> first, More... more) {
  std::vector<alt_op<T>> v;
  v.reserve(1 + sizeof...(more));
  v.push_back(std::move(first));
  (v.push_back(std::move(more)), ...);
  return v;
}

/// How an alts chooses.
struct alts_options {
  bool priority = false;     ///< with several ready, take the first ready in order
  bool has_default = false;  ///< with none ready, complete at once with `default_index`
};

/// The index an alts completes with when its default was taken.
inline constexpr std::size_t default_index = static_cast<std::size_t>(-1);

/// What an alts completed: which arm, and what it gave.
template <class T>
struct alts_result {
  std::size_t index = default_index;  ///< the arm that completed, or default_index
  std::optional<T> value;             ///< a take's value (empty when the channel closed)
  bool put_ok = false;                ///< a put's result: false when the channel was closed
};

namespace detail {

// The order an alts tries its arms in: a permutation of 0..n-1. Up to 8 arms it is packed
// into one word, a byte per arm, so that drawing it, moving it into the awaiter and reading
// it stay in registers (an alts that completes at once allocates nothing for it and makes
// no copy through memory); more arms are held on the heap.
class arm_order {
 public:
  explicit arm_order(std::size_t n) : size_(n) {
    if (n > packed_arms) {
      heap_ = std::make_unique_for_overwrite<std::size_t[]>(n);
      for (std::size_t i = 0; i < n; ++i) heap_[i] = i;
    } else {
      packed_ = 0x0706050403020100ULL;  // arm i in byte i
    }
  }
  std::size_t size() const noexcept { return size_; }
  /// The arm tried k-th.
  std::size_t operator[](std::size_t k) const noexcept {
    return heap_ ? heap_[k] : static_cast<std::size_t>((packed_ >> (8 * k)) & 0xff);
  }
  /// Swaps the arms tried i-th and j-th.
  void swap(std::size_t i, std::size_t j) noexcept {
    if (heap_) {
      std::swap(heap_[i], heap_[j]);
      return;
    }
    const std::uint64_t a = (packed_ >> (8 * i)) & 0xff, b = (packed_ >> (8 * j)) & 0xff;
    packed_ ^= ((a ^ b) << (8 * i)) | ((a ^ b) << (8 * j));
  }

 private:
  static constexpr std::size_t packed_arms = 8;
  std::size_t size_;
  std::uint64_t packed_ = 0;
  std::unique_ptr<std::size_t[]> heap_;
};

// An alts that found no arm ready: its arms wait, each on its channel, behind one flag.
template <class T>
class alts_state : public std::enable_shared_from_this<alts_state<T>> {
  using state_type = channel_state<T>;

 public:
  using done_fn = unique_function<void(std::error_code, alts_result<T>)>;

  explicit alts_state(done_fn done) : flag_(std::make_shared<alt_flag>()), done_(std::move(done)) {}

  // Registers the arms one channel at a time, under each channel's lock, in the chosen
  // order, stopping as soon as one commits (as core.async's do-alts does; on other threads
  // an arm may have become ready since the first pass looked).
  void register_all(std::span<const alt_op<T>> ops, const arm_order& order) {
    auto self = this->shared_from_this();
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (!flag_->active()) break;
      const std::size_t arm = order[k];
      const auto& op = ops[arm];
      op.chan.state()->locked([&](state_type& s) {
        if (op.is_put()) {
          s.put(flag_.get(), true, *op.put_value, [self, arm](std::error_code ec, put_outcome o) {
            self->finish(ec, alts_result<T>{arm, std::nullopt, o == put_outcome::ok});
          });
        } else {
          s.take(flag_.get(), true, [self, arm](std::error_code ec, std::optional<T> v) {
            self->finish(ec, alts_result<T>{arm, std::move(v), false});
          });
        }
      });
    }
  }

 private:
  // Only ever reached by the one arm that committed the flag.
  void finish(std::error_code ec, alts_result<T> r) {
    done_fn done = std::move(done_);
    done(ec, std::move(r));
  }

  std::shared_ptr<alt_flag> flag_;
  done_fn done_;
};

// The first pass of an alts: the first arm in order that can complete at once does, with no
// flag and no waiter (a closed channel counts as ready). Nothing else runs between the
// looks on one thread, so this is what registering every arm and withdrawing the rest
// would do, without the allocations; Go's select makes the same first pass. A put of nil
// throws when its arm is tried, not before: an earlier ready arm wins without looking at it
// (core.async rule 6). Every arm is tried here before any registers, so none is left waiting.
// `completed(result, put)` is called once one completes: for a put arm inside the lock of its
// channel (before the taker it served is woken), for a take arm maybe after it.
template <class T, class Completed>
std::optional<alts_result<T>> try_arms(std::span<const alt_op<T>> ops, const arm_order& order,
                                       Completed&& completed) {
  std::optional<alts_result<T>> got;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t arm = order[k];
    const auto& op = ops[arm];
    if (op.is_put() && value_traits<T>::is_nil(*op.put_value))
      throw std::invalid_argument("Can't put nil on channel");
    channel_state<T>* const st = op.chan.state().get();
    if (!op.is_put()) {
      // The plain cases in short, without locked()'s machinery: most take arms of an alts
      // plainly wait, and a ready one mostly has a buffered value. A take's completion is
      // not told to `completed` (see try_now), so it need not happen inside the lock.
      std::optional<T> v;
      const auto plain = st->try_take_plainly(v);
      if (plain == channel_state<T>::plain_take::waits) continue;
      if (plain == channel_state<T>::plain_take::took) {
        got.emplace(alts_result<T>{arm, std::move(v), false});
        completed(*got, false);
        break;
      }
    }
    st->locked([&](channel_state<T>& s) {
      if (op.is_put()) {
        s.put(nullptr, false, *op.put_value, [&](std::error_code, put_outcome o) {
          if (o == put_outcome::would_wait) return;
          got.emplace(alts_result<T>{arm, std::nullopt, o == put_outcome::ok});
          completed(*got, true);  // before put() wakes the taker it served
        });
      } else {
        s.take(nullptr, false, [&](std::error_code, std::optional<T> v) {
          if (v || s.closed()) got.emplace(alts_result<T>{arm, std::move(v), false});
        });
        if (got) completed(*got, false);
      }
    });
    if (got) break;
  }
  return got;
}

template <class T>
struct alts_initiation {
  template <class Handler>
  void operator()(Handler handler, std::span<const alt_op<T>> arms, arm_order tried,
                  bool has_default) {
    const asio::any_io_executor& ex = arms.front().chan.state()->executor();
    std::optional<std::tuple<std::error_code, alts_result<T>>> now;
    if (!first_pass_done && try_now(now, nullptr, arms, tried, has_default)) {
      detail::complete(std::move(handler), ex, std::error_code{}, std::move(std::get<1>(*now)));
      return;
    }
    auto st = std::make_shared<alts_state<T>>(
        [h = std::move(handler), ex](std::error_code ec, alts_result<T> r) mutable {
          detail::complete(std::move(h), ex, ec, std::move(r));
        });
    st->register_all(arms, tried);
  }

  // use_task's fast path (see task_op_awaiter::await_ready): the first pass, and the
  // default when nothing is ready; changes nothing when it returns false. The initiation
  // that follows a failed try_now registers the arms at once: registering finds an arm
  // that has become ready since, as it would one made ready just after the first pass.
  bool try_now(std::optional<std::tuple<std::error_code, alts_result<T>>>& out,
               wait_observer* observer, std::span<const alt_op<T>> arms, const arm_order& tried,
               bool has_default) {
    first_pass_done = true;
    // Only a put arm's completion is told (a take's value stays where it is).
    const auto completed = [observer](const alts_result<T>& r, bool put) {
      if (!observer || !put) return;
      const std::tuple<std::error_code, alts_result<T>> result(
          std::error_code{}, alts_result<T>{r.index, std::nullopt, r.put_ok});
      observer->completed_at_once(&result);
    };
    if (auto got = try_arms(arms, tried, completed)) {
      out.emplace(std::error_code{}, std::move(*got));
      return true;
    }
    if (!has_default) return false;
    out.emplace(std::error_code{}, alts_result<T>{});
    return true;
  }

  bool first_pass_done = false;
};

}  // namespace detail

/// alts!: completes exactly one of `ops` — the first ready in order with `priority`, else a
/// uniformly random ready one drawn from `random` — and withdraws the others; with none
/// ready and `has_default`, completes at once with index default_index. A closed channel is
/// always ready (a take gives an empty optional, a put false). Signature:
/// `void(std::error_code, alts_result<T>)`. Throws std::invalid_argument when `ops` is
/// empty, or when a put arm whose value is nil is tried (from the initiation: no arm
/// before it in order was ready; one that was wins without looking at it). `ops` (and its channels)
/// need only live until the operation is initiated, as in `co_await async_alts(alt_ops(...), ...)`:
/// the arms that wait keep what they need, so one vector of arms can serve a loop of alts.
template <class T, class Token>
auto async_alts(std::span<const alt_op<T>> ops, alts_options opts, random_source& random,
                Token&& token) {
  if (ops.empty()) throw std::invalid_argument("alts must have at least one operation");
  // The order is drawn by the caller, so the draw is part of the caller's schedule.
  detail::arm_order order(ops.size());
  if (!opts.priority) {
    for (std::size_t i = order.size(); i > 1; --i) order.swap(i - 1, random.below(i));
  }
  return asio::async_initiate<Token, void(std::error_code, alts_result<T>)>(
      detail::alts_initiation<T>{}, token, ops, std::move(order), opts.has_default);
}

/// The same over a vector of arms (which may be a temporary in the co_await expression).
template <class T, class Token>
auto async_alts(const std::vector<alt_op<T>>& ops, alts_options opts, random_source& random,
                Token&& token) {
  return async_alts(std::span<const alt_op<T>>(ops), opts, random, std::forward<Token>(token));
}

}  // namespace hotdog
