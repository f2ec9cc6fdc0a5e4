#pragma once
/// @file json_value.hpp
/// Scenario channels carry JSON values: null is core.async's nil, and a value reads in a
/// trace as its compact JSON.

#include "hotdog/value_traits.hpp"

#include <nlohmann/json.hpp>

template <>
struct hotdog::value_traits<nlohmann::json> {
  static bool is_nil(const nlohmann::json& v) noexcept { return v.is_null(); }
  static std::string format(const nlohmann::json& v) {
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
};
