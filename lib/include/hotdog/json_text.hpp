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
/// Appends a double as JSON text the way JSON libraries print it: the shortest digits that
/// read back the same, `1.0` for a whole number, `1e+20` past 15 digits.
void append_json_double(std::string& out, double d);

}  // namespace hotdog
