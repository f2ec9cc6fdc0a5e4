#pragma once
/// @file pipe.hpp
/// hotdog::pipe — core.async's pipe: everything from one channel goes on to another.

#include "hotdog/channel.hpp"
#include "hotdog/detail/start_loop.hpp"
#include "hotdog/task.hpp"

#include <optional>
#include <utility>

namespace hotdog {
namespace detail {

template <class T>
task<void> pipe_loop(channel<T> from, channel<T> to, bool close_to) {
  for (;;) {
    std::optional<T> v = co_await from.async_take(use_task);
    if (!v) {
      if (close_to) to.close();
      co_return;
    }
    if (!co_await to.async_put(std::move(*v), use_task)) co_return;
  }
}

}  // namespace detail

/// pipe: takes each value from `from` and puts it to `to`, one at a time; once `from` is
/// closed and drained, closes `to` unless close_to is false; once `to` is closed, stops
/// (the value in hand is lost, `from` stays open). Returns `to`.
template <class T>
channel<T> pipe(channel<T> from, channel<T> to, bool close_to = true) {
  detail::start_loop(from.get_executor(), detail::pipe_loop(from, to, close_to));
  return to;
}

}  // namespace hotdog
