#pragma once
/// @file stepper.hpp
/// `hotdog step`: a scenario run one event at a time, each shown with every channel's state.

#include "hotdog/sim/analysis/channel_table.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/run/simulation.hpp"
#include "hotdog/sim/script/script.hpp"
#include "hotdog/sim/trace/html_writer.hpp"

#include <istream>
#include <ostream>
#include <vector>

namespace hotdog::sim {

/// Runs sc one event at a time (`hotdog step`): after each event it shows the event, what
/// it means, and every channel (buffer contents, who is parked on it), then reads a key
/// from `keys`: Enter for the next event, `c` to run on to the end, `q` to quit. A quit run
/// ends with reason "quit" and checks none of the scenario's expectations.
/// Every channel's state now, in the map's order (by name), for a channel_table.
std::vector<channel_row> channel_rows(const channel_map& channels);

/// simulate() into `out`, telling `page` (which `out` passes every event on to, or is) every
/// channel's state after each event, for its step-through's channel panel. A --realtime run
/// has no panel: its channels change on other threads.
run_result simulate_with_channel_panel(const scenario& sc, const run_options& opts, observer& out,
                                       html_writer& page);

run_result step_through(const scenario& sc, const run_options& opts, std::istream& keys,
                        std::ostream& out);

}  // namespace hotdog::sim
