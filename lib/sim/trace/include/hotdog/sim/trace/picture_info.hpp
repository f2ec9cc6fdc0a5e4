#pragma once
/// @file picture_info.hpp
/// What the pictures of a run (the HTML page, the Mermaid diagram) know of its scenario
/// beyond its events: the title, the crowds that share a lane, the buffered channels.

#include <string>
#include <string_view>
#include <vector>

namespace hotdog::sim {

/// What the page says about the scenario beyond its events.
struct page_info {
  std::string title;
  std::string description;
  std::vector<std::string> crowds;  ///< crowd names: members NAME-1, NAME-2, ... share a lane
  /// Channels with a buffer: a value is drawn into the channel at its put and out at its take.
  std::vector<std::string> buffered = {};
};

/// The lane (or participant) `proc` is drawn on: its crowd's name for a crowd member NAME-k,
/// else its own name.
std::string crowd_lane(std::string_view proc, const std::vector<std::string>& crowds);

}  // namespace hotdog::sim
