#pragma once
/// @file json_reader.hpp
/// A strict JSON reader that remembers where every value came from, so that scenario
/// errors can say FILE:LINE:COLUMN. (nlohmann_json parses, but keeps no positions.)

#include "hotdog/sim/text/diagnostic.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace hotdog::sim {

/// How deeply a scenario's values may nest (the root is at depth 0, a value inside it at 1):
/// past it the text is refused, so nothing that walks it recurses too deep.
inline constexpr int max_json_depth = 200;

/// The hash of the JSON pointer "" (the whole document).
inline constexpr std::uint64_t root_pointer_hash = 0x6a09e667f3bcc908ull;

/// The hash of the pointer `parent` + "/" + `token` (token unescaped), from its parent's hash.
/// Positions are keyed by these hashes, not by pointer strings, so that the maps stay
/// proportional to the input however deep and long its keys are.
std::uint64_t pointer_hash(std::uint64_t parent, std::string_view token) noexcept;

/// Where a value not read from the text came from: the `--set` that wrote it.
struct value_origin {
  std::string setting;  ///< "--set NAME.KEY=VALUE", as typed
  std::string owner;    ///< what the key belongs to: `process "cust"`, `channel "in"`
};

/// A parsed document and the position of each of its values and object keys.
struct located_json {
  nlohmann::json value;
  std::unordered_map<std::uint64_t, text_position> values;  ///< pointer hash -> value's start
  std::unordered_map<std::uint64_t, text_position> keys;    ///< pointer hash -> key's start

  /// Where the value at `pointer` starts (the nearest enclosing value if unknown).
  text_position at(const std::string& pointer) const;
  /// Where the key of the member at `pointer` starts (its value's position if unknown).
  text_position key_at(const std::string& pointer) const;

  /// Values a `--set` wrote (pointer hash -> its origin): they have no place in the text.
  std::unordered_map<std::uint64_t, value_origin> origins;
  /// The origin of the value at `pointer`, or of the nearest enclosing value a `--set` wrote.
  const value_origin* origin_of(const std::string& pointer) const;
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
