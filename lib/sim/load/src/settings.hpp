#pragma once
// `--set` overrides, applied to the parsed document before it is validated (settings.cpp).

#include "hotdog/sim/load/load.hpp"
#include "hotdog/sim/text/diagnostic.hpp"

#include "json_reader.hpp"

#include <string>
#include <vector>

namespace hotdog::sim::loading {

/// Writes each setting into `doc`, so an override is checked exactly as the same key written
/// in the file would be; returns the settings that name nothing (at `file`:1:1).
std::vector<diagnostic> apply_settings(located_json& doc, const std::vector<setting>& settings,
                                       const std::string& file);

}  // namespace hotdog::sim::loading
