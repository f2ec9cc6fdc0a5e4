#pragma once
// The `script` process kind: runs the spec's steps over named channels.

#include "messages.hpp"

#include "hotdog/process.hpp"

#include "hotdog/sim/scenario.hpp"

#include <map>
#include <string>

namespace hotdog::sim {

/// The channels of a run, by name.
using channel_map = std::map<std::string, message_channel, std::less<>>;

/// Runs a script's steps as process p.
task<void> run_script(process& p, const channel_map& channels, const nlohmann::json& steps);

/// Renders a step's value: "{x}" is x itself; other strings get {x}, {x|upper}, ... filled in.
nlohmann::json render(const nlohmann::json& v, const std::map<std::string, nlohmann::json>& vars);

}  // namespace hotdog::sim
