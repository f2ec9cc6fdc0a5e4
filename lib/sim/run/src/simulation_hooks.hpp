#pragma once
// What the step-through view needs of a run beyond simulate(): the runtime, to stop it and
// ask its processes what they wait on, and the scenario's channels by name.

#include "hotdog/sim/script/script.hpp"

#include "hotdog/runtime.hpp"
#include "hotdog/sim/run/simulation.hpp"

#include <functional>

namespace hotdog::sim {

/// simulate(), calling `ready` (when set) with the runtime and the channels once every
/// process is spawned and before the first runs.
run_result simulate_with(const scenario& sc, const run_options& opts, observer& out,
                         const std::function<void(runtime&, const channel_map&)>& ready);

}  // namespace hotdog::sim
