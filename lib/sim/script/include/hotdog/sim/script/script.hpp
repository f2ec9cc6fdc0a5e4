#pragma once
// The `script` process kind: runs a script's compiled steps over the run's channels.

#include "hotdog/sim/kinds/kinds.hpp"

#include "hotdog/process.hpp"
#include "hotdog/sim/model/scenario.hpp"

#include <map>
#include <string>
#include <vector>

namespace hotdog::sim {

/// The channels of a run, by name (for the step-through view).
using channel_map = std::map<std::string, message_channel, std::less<>>;

/// Runs a script's steps as process p over the run's world (its channels, in the scenario's
/// order, and its combinators, which tap, sub and admix steps change).
task<void> run_script(process& p, world& w, const script_spec& script);

}  // namespace hotdog::sim
