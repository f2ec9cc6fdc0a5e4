#pragma once
/// @file html_escape.hpp
/// Text into an HTML page, the one way.

#include <string>
#include <string_view>

namespace hotdog::sim {

/// `s` with '&', '<', '>' and '"' as character references, so that it stays text in an
/// element or in a double-quoted attribute value. Other bytes, UTF-8 included, are unchanged.
std::string html_escape(std::string_view s);

}  // namespace hotdog::sim
