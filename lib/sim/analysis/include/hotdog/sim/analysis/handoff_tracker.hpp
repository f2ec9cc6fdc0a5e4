#pragma once
/// @file handoff_tracker.hpp
/// Pairs every value handed through a channel with the put that gave it and the take that
/// received it, as the events come: the pictures (Mermaid, HTML) draw each pair as an arrow.

#include "hotdog/event.hpp"

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace hotdog::sim {

class handoff_tracker {
 public:
  /// One side of a handoff: the process and the caller's number for its event.
  struct party {
    std::string proc;
    std::size_t index = 0;
  };
  /// A value that went from a putter to a taker through `chan`.
  struct handoff {
    std::string chan;
    std::string value;  ///< as JSON text
    party from, to;
  };

  /// Feeds the next event (numbered `index` by the caller); returns the handoff it
  /// completes, if any. A put is paired with the first unpaired take on its channel, in
  /// order, and the other way round; a value a buffer discarded is never taken.
  std::optional<handoff> feed(const event& e, std::size_t index);

 private:
  struct pending {
    party who;
    std::optional<std::string> value;  // empty: an alts put, whose value the take tells
  };
  std::map<std::string, std::deque<pending>, std::less<>> puts_, takes_;  // by channel
  std::map<std::string, std::size_t, std::less<>> dropped_;  // puts whose value was dropped
};

}  // namespace hotdog::sim
