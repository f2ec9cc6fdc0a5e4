#pragma once
/// @file timeout.hpp
/// hotdog::make_timeout — core.async's `timeout`: a channel that closes after a duration.

#include "hotdog/channel.hpp"
#include "hotdog/runtime.hpp"

#include <cstdint>

namespace hotdog {

/// Returns a channel named "timeout" that closes after ms of the runtime's time; a take
/// from it waits until then and gives an empty optional. Unlike core.async, timeouts are
/// exact (no jitter) and never shared between callers. `tag` is the caller's number for it
/// (channel_options::tag).
template <class T>
channel<T> make_timeout(runtime& rt, std::int64_t ms, std::uint32_t tag = 0) {
  channel_options<T> opts{"timeout", 0, buffer_policy::fixed};
  opts.closed_by_timer = true;
  opts.tag = tag;
  channel<T> ch(rt.get_executor(), std::move(opts));
  rt.call_at(add_time(rt.now(), ms), [ch]() mutable { ch.close(); });
  return ch;
}

}  // namespace hotdog
