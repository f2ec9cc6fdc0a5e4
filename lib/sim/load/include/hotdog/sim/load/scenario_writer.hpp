#pragma once
/// @file scenario_writer.hpp
/// The scenario model back as a scenario file: what `hotdog shrink` writes.

#include "hotdog/sim/model/scenario.hpp"

#include <string>

namespace hotdog::sim {

/// Writes sc as scenario JSON that load_scenario reads back to an equal scenario: the declared
/// channels, the processes, `expect` (the machines' own channels are not written: the loader
/// makes them again; `file` is not part of the text). Keys at their defaults are left out,
/// durations read as "250ms", "2s", "3m" or "1h", and an object or array that fits in a line
/// is written on one; the text ends with a newline.
std::string scenario_json(const scenario& sc);

}  // namespace hotdog::sim
