#pragma once
/// @file reach.hpp
/// hotdog::channel_use and hotdog::reach_fn — what a process's remaining program can still
/// do to which channels, as the deterministic runtime's deadlock check asks it.
///
/// A process that says nothing is taken to reach every channel in every way, so the check
/// never calls it stuck; the simulation's processes (scripts, machines, customers, chefs)
/// say exactly, so a set of them waiting on each other is caught while others still run.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace hotdog {

/// The ways a process may act on a channel, as bit flags (combine with |).
namespace channel_uses {
inline constexpr std::uint8_t put = 1;    ///< put, offer, an alts put: releases a waiting take
inline constexpr std::uint8_t take = 2;   ///< take, poll, an alts take: releases a waiting put
inline constexpr std::uint8_t close = 4;  ///< close: releases a waiting take
/// With take: the taker reads each value apart, as plain data (a script's take), so nothing a
/// value carries (a reply channel) reaches further through it (see carried_reach_fn).
inline constexpr std::uint8_t reads_apart = 8;
}  // namespace channel_uses

/// One channel a process may still act on, and how (channel_uses bits).
struct channel_use {
  std::string_view chan;
  std::uint8_t uses = 0;
};

/// Appends to `out` every channel the process's remaining program can still act on (its
/// current step included), and how; returns false when it cannot tell, which counts as
/// every channel, every way. Called on the runtime's thread while the process is suspended;
/// the names must stay valid while the process runs.
using reach_fn = std::function<bool(std::vector<channel_use>& out)>;

/// Appends to `out` what the values held in channel `chan` now (buffered, or in puts waiting
/// on it) let a process that may take them whole from it do (a take without reads_apart): a
/// request that carries its own reply channel lets whoever takes it put the answer there, as
/// a payment carries the customer's reply channel to a machine through any pipe or merge on
/// the way. Not followed further: what it appends is not asked about in turn.
using carried_reach_fn = std::function<void(std::string_view chan, std::vector<channel_use>& out)>;

}  // namespace hotdog
