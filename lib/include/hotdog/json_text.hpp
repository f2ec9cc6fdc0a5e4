#pragma once
/// @file json_text.hpp
/// Writing JSON text: string literals and numbers, the way traces spell them.

#include <string>
#include <string_view>

namespace hotdog {

/// Returns s as a JSON string literal (quoted and escaped); s is taken as UTF-8.
std::string json_quote(std::string_view s);
/// Appends s to out as a JSON string literal, without a temporary.
void append_json_quoted(std::string& out, std::string_view s);
/// Appends `,"key":` to out, key as a JSON string literal: an object's member after its first,
/// up to its value.
void append_json_member_key(std::string& out, std::string_view key);
/// Appends a double as JSON text: the shortest digits that read back as the same double
/// (std::to_chars's), laid out as nlohmann_json does: `1.0` for a whole number, `0.0001`,
/// `1e-05` and `1e+15` with an exponent below 1e-4 or past 15 digits, `-0.0`. NaN and the
/// infinities, which JSON cannot hold, are `null`.
void append_json_double(std::string& out, double d);

}  // namespace hotdog
