#pragma once
/// @file promise_chan.hpp
/// hotdog::promise_chan — core.async's promise-chan: a channel that keeps its first value.

#include "hotdog/channel.hpp"

#include <string>
#include <utility>

namespace hotdog {

/// promise-chan: a channel on `ex` whose first value goes to every take, now and later
/// (even once closed); later puts complete with true and are dropped; puts once it is closed
/// give false; closed with no value, its takes give nil.
template <class T>
channel<T> promise_chan(const asio::any_io_executor& ex, std::string name = {}) {
  channel_options<T> opts;
  opts.name = std::move(name);
  opts.promise = true;
  return channel<T>(ex, std::move(opts));
}

}  // namespace hotdog
