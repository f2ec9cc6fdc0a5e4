#pragma once
/// @file onto_chan.hpp
/// hotdog::onto_chan and hotdog::to_chan — core.async's onto-chan! and to-chan!: a list of
/// values put on a channel in order.

#include "hotdog/channel.hpp"
#include "hotdog/detail/start_loop.hpp"
#include "hotdog/task.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace hotdog {
namespace detail {

template <class T>
task<void> onto_chan_loop(channel<T> ch, std::vector<T> values, bool close) {
  for (T& v : values)
    if (!co_await ch.async_put(std::move(v), use_task)) break;
  if (close) ch.close();
}

}  // namespace detail

/// onto-chan!: puts `values` on `ch` in order, each waiting for the one before; then closes
/// `ch` unless close is false. On a closed `ch` the first put gives false: the rest are
/// dropped (and `ch` is closed again, a no-op). Returns at once.
template <class T>
void onto_chan(channel<T> ch, std::vector<T> values, bool close = true) {
  const auto ex = ch.get_executor();
  detail::start_loop(ex, detail::onto_chan_loop(std::move(ch), std::move(values), close));
}

/// to-chan!: a new channel on `ex`, buffered for up to 100 of `values`, that gives them in
/// order and then closes (takes after that give nil).
template <class T>
channel<T> to_chan(const asio::any_io_executor& ex, std::vector<T> values) {
  channel_options<T> opts;
  opts.capacity = std::min<std::size_t>(values.size(), 100);
  channel<T> ch(ex, std::move(opts));
  onto_chan(ch, std::move(values));
  return ch;
}

}  // namespace hotdog
