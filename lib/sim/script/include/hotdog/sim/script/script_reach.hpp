#pragma once
/// @file script_reach.hpp
/// What a script's steps can still do to which channels, for the runtime's deadlock check
/// (see hotdog/reach.hpp): a step names its channels with the ways it uses them.

#include "hotdog/reach.hpp"
#include "hotdog/sim/model/steps.hpp"

#include <cstddef>
#include <vector>

namespace hotdog::sim {

/// Appends what step s, and every step inside it, does to which channels.
void add_channel_uses(const step& s, std::vector<channel_use>& out);

/// Appends what steps[from...] (and every step inside them) do to which channels.
void add_channel_uses(const step_list& steps, std::size_t from, std::vector<channel_use>& out);

}  // namespace hotdog::sim
