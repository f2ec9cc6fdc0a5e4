#pragma once
/// @file text_filters.hpp
/// The text filters a template's `{x|upper}`, `{x|lower}` and `{x|reverse}` apply, which
/// JSON Logic's hotdog operators `upper`, `lower` and `reverse` apply too.

#include <string>

namespace hotdog::sim {

/// ASCII letters upper-cased; every other byte as it is.
std::string upper_ascii(std::string s);
/// ASCII letters lower-cased; every other byte as it is.
std::string lower_ascii(std::string s);
/// Reversed by code point, so that multi-byte UTF-8 characters stay whole.
std::string reverse_utf8(const std::string& s);

}  // namespace hotdog::sim
