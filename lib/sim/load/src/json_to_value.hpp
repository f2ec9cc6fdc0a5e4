#pragma once
/// @file json_to_value.hpp
/// Conversions between nlohmann_json and sim::value, for the scenario loader and the trace
/// readers only (the simulation core never sees nlohmann_json).

#include "hotdog/sim/lang/value.hpp"

#include <nlohmann/json.hpp>

namespace hotdog::sim {

/// Converts a JSON value, keeping its kind: nlohmann's number_integer becomes
/// value_kind::integer, number_unsigned value_kind::unsigned_integer, number_float
/// value_kind::floating (NaN and infinities included). Throws std::invalid_argument for
/// nlohmann's binary and discarded values, which JSON text cannot hold.
value to_value(const nlohmann::json& j);

/// Converts back, keeping the kind (integer to number_integer, unsigned_integer to
/// number_unsigned); to_json(to_value(j)) == j for every j to_value accepts.
nlohmann::json to_json(const value& v);

}  // namespace hotdog::sim
