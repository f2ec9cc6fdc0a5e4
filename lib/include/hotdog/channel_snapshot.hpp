#pragma once
/// @file channel_snapshot.hpp
/// hotdog::channel_snapshot — what one channel held at one moment (channel<T>::inspect()).

#include "hotdog/buffer.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace hotdog {

/// A copy of a channel's state, taken under its lock: later puts, takes and closes do not
/// change it. Withdrawn alts arms are not counted as waiting.
template <class T>
struct channel_snapshot {
  std::string name;                             ///< the name given at construction
  std::size_t capacity = 0;                     ///< the buffer's capacity (0 when unbuffered)
  buffer_policy policy = buffer_policy::fixed;  ///< the buffer's policy
  std::vector<T> buffered;                      ///< the buffered values, oldest first
  std::size_t waiting_puts = 0;                 ///< puts parked or blocked on the channel
  std::size_t waiting_takes = 0;                ///< takes parked or blocked on the channel
  bool closed = false;                          ///< true once close! has been called
};

}  // namespace hotdog
