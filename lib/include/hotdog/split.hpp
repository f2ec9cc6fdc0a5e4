#pragma once
/// @file split.hpp
/// hotdog::split — core.async's split: each value to one of two channels by a predicate.

#include "hotdog/channel.hpp"
#include "hotdog/detail/start_loop.hpp"
#include "hotdog/task.hpp"

#include <optional>
#include <utility>

namespace hotdog {
namespace detail {

template <class T, class Pred>
task<void> split_loop(Pred pred, channel<T> from, channel<T> t, channel<T> f) {
  for (;;) {
    std::optional<T> v = co_await from.async_take(use_task);
    if (!v) {
      t.close();
      f.close();
      co_return;
    }
    channel<T>& to = pred(static_cast<const T&>(*v)) ? t : f;
    if (!co_await to.async_put(std::move(*v), use_task)) co_return;
  }
}

}  // namespace detail

/// split: takes each value from `from` and puts it to `t` when pred(value) is true, else
/// to `f`, one at a time; closes both once `from` is closed and drained; stops once the
/// channel a value goes to is closed (that value is lost, the other channel stays open).
template <class T, class Pred>
void split(Pred pred, channel<T> from, channel<T> t, channel<T> f) {
  const auto ex = from.get_executor();
  detail::start_loop(
      ex, detail::split_loop(std::move(pred), std::move(from), std::move(t), std::move(f)));
}

}  // namespace hotdog
