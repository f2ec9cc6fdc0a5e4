#pragma once
/// @file channel_table.hpp
/// `hotdog step`'s table of channels: each channel's buffer, whether it is closed, and who
/// waits to put or take on it, current after every event. The step-through in the terminal
/// and the one in the HTML page print the same table.

#include "hotdog/buffer.hpp"
#include "hotdog/event.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hotdog::sim {

/// One channel at a moment, as its snapshot (channel::inspect) gives it.
struct channel_row {
  std::string name;
  std::size_t capacity = 0;
  buffer_policy policy = buffer_policy::fixed;
  std::vector<std::string> buffered;  ///< the oldest values as JSON text (some, shortened)
  std::size_t waiting_puts = 0;       ///< as the channel counts them
  std::size_t waiting_takes = 0;
  bool closed = false;
  std::size_t more = 0;  ///< values held beyond those in `buffered`
};

/// Who waits on which channel, followed through the events: a park or block begins a wait,
/// the process's next event ends it. The channels' own counts say how many still wait, so a
/// waiter whose rendezvous completed before its process reported it is not listed.
class channel_table {
 public:
  /// Feeds the next event (every event, in order).
  void on_event(const event& e);
  /// One line per row, in the rows' order: "NAME  KIND[, closed][  holds [V,...]]  parked:
  /// WHO (OP), ..." or "parked: -" when nobody waits.
  std::vector<std::string> lines(const std::vector<channel_row>& rows) const;

 private:
  struct wait {
    std::uint64_t since = 0;  // the park's sequence number: the channels serve waiters in order
    std::string proc;
    wait_op op = wait_op::none;
    std::vector<std::pair<std::string, bool>> arms;  // channel, and whether it puts
  };
  static std::uint64_t key(const event& e) {
    return std::uint64_t{e.proc_tag} << 32 | e.proc_member;
  }
  std::map<std::uint64_t, wait> tagged_;
  std::map<std::string, wait, std::less<>> named_;
  std::uint64_t seen_ = 0;
};

}  // namespace hotdog::sim
