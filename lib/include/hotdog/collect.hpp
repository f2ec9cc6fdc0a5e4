#pragma once
/// @file collect.hpp
/// hotdog::collect and hotdog::reduce — core.async's into and reduce: every value a channel
/// gives until it closes.

#include "hotdog/channel.hpp"
#include "hotdog/task.hpp"

#include <optional>
#include <utility>
#include <vector>

namespace hotdog {

/// reduce: takes from `ch` until it is closed and drained, folding each value into the
/// accumulator with `f(acc, value)`; gives `init` for a channel that is already closed and
/// empty.
template <class T, class Acc, class F>
task<Acc> reduce(F f, Acc init, channel<T> ch) {
  for (;;) {
    std::optional<T> v = co_await ch.async_take(use_task);
    if (!v) co_return init;
    init = f(std::move(init), std::move(*v));
  }
}

/// into: takes from `ch` until it is closed and drained; gives every value, in the order
/// taken (empty for a channel already closed and empty).
template <class T>
task<std::vector<T>> collect(channel<T> ch) {
  std::vector<T> out;
  for (;;) {
    std::optional<T> v = co_await ch.async_take(use_task);
    if (!v) co_return out;
    out.push_back(std::move(*v));
  }
}

}  // namespace hotdog
