#pragma once
// `--set` overrides, applied to the parsed document before it is validated (settings.cpp).

#include "hotdog/sim/load/load.hpp"
#include "hotdog/sim/text/diagnostic.hpp"

#include "json_reader.hpp"

#include <string>
#include <vector>

namespace hotdog::sim::loading {

/// Writes each setting into `doc`, so an override is checked exactly as the same key written
/// in the file would be, and remembers it in doc.origins (so problems with it name the --set,
/// not a place in the file); returns the settings that name nothing, each at line 0 of the
/// "file" "--set NAME.KEY=VALUE".
std::vector<diagnostic> apply_settings(located_json& doc, const std::vector<setting>& settings);

}  // namespace hotdog::sim::loading
