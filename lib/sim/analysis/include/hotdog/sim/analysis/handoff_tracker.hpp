#pragma once
/// @file handoff_tracker.hpp
/// Pairs every value handed through a channel with the put that gave it and the take that
/// received it, as the events come: the pictures (Mermaid, HTML) draw each pair as an arrow.

#include "hotdog/event.hpp"

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
  // What one channel has seen and not yet paired.
  struct lanes {
    std::string chan;
    std::deque<pending> puts, takes;
    std::size_t dropped = 0;  // puts whose value a dropping buffer discarded
  };
  lanes& lanes_of(const event& e);
  // A tagged event finds its channel by index: the first channel seen with a tag owns its
  // slot. Channels that share a tag with it (a process's own reply and timeout channels all
  // carry the one tag past the scenario's) and untagged ones are kept by name.
  std::vector<std::unique_ptr<lanes>> by_tag_;
  std::map<std::string, lanes, std::less<>> by_name_;
};

}  // namespace hotdog::sim
