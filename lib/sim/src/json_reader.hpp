#pragma once
/// @file json_reader.hpp
/// A strict JSON reader that remembers where every value came from, so that scenario
/// errors can say FILE:LINE:COLUMN. (nlohmann_json parses, but keeps no positions.)

#include "hotdog/sim/diagnostic.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace hotdog::sim {

/// A parsed document and the position of each of its values and object keys.
struct located_json {
  nlohmann::json value;
  std::map<std::string, text_position> values;  ///< JSON pointer -> where its value starts
  std::map<std::string, text_position> keys;    ///< JSON pointer -> where its key starts

  /// Where the value at `pointer` starts (the nearest enclosing value if unknown).
  text_position at(const std::string& pointer) const;
  /// Where the key of the member at `pointer` starts (its value's position if unknown).
  text_position key_at(const std::string& pointer) const;
};

/// Why a text is not JSON, and where.
struct json_error {
  std::string message;
  text_position where;
};

/// Parses text as one JSON value: UTF-8 only, no duplicate keys, nesting at most 200 deep.
/// Returns the error instead when the text is not valid JSON.
std::variant<located_json, json_error> read_json(std::string_view text);

/// Appends a JSON pointer token, escaped (`~` as `~0`, `/` as `~1`).
std::string pointer_append(const std::string& pointer, std::string_view token);
std::string pointer_append(const std::string& pointer, std::size_t index);

}  // namespace hotdog::sim
