#pragma once
// Durations as scenario files write them (the loader's side; nlohmann stays in here).

#include "hotdog/random.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace hotdog::sim {

/// Parses a duration: an integer of milliseconds or "250ms", "2s", "1.5s", "3m", "1h".
std::optional<std::int64_t> parse_duration(const nlohmann::json& v);

}  // namespace hotdog::sim
