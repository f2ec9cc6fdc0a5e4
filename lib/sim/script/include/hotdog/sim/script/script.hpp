#pragma once
// The `script` process kind: runs a script's compiled steps over the run's channels.

#include "hotdog/sim/kinds/messages.hpp"

#include "hotdog/process.hpp"
#include "hotdog/sim/model/scenario.hpp"

#include <map>
#include <string>
#include <vector>

namespace hotdog::sim {

/// The channels of a run, by name (for the step-through view).
using channel_map = std::map<std::string, message_channel, std::less<>>;

/// Runs a script's steps as process p; `channels` are the run's, in the scenario's order.
/// Its random durations come from `random` (nullptr: the runtime's stream).
task<void> run_script(process& p, const std::vector<message_channel>& channels,
                      const script_spec& script, random_source* random = nullptr);

}  // namespace hotdog::sim
