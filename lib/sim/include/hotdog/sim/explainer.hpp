#pragma once
/// @file explainer.hpp
/// Says what an event means in core.async terms, in one short line: the teaching side of
/// the text trace (`hotdog run --explain`).

#include "hotdog/event.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

/// Remembers what it needs across events (who waits on what) to explain the next one.
class explainer {
 public:
  /// The explanation of e, or nothing for events that speak for themselves.
  std::optional<std::string> explain(const event& e);

 private:
  struct wait {
    wait_op op = wait_op::none;
    std::vector<std::string> chans;
  };
  std::map<std::string, wait, std::less<>> waiting_;  // by process
};

}  // namespace hotdog::sim
