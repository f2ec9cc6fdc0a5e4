#pragma once
/// @file shorten.hpp
/// Long text cut for display (a page's labels, a step's channel panel) without splitting a
/// UTF-8 character.

#include <cstddef>
#include <string>
#include <string_view>

namespace hotdog::sim {

/// Returns the length of the longest prefix of `s` of at most `max` bytes that does not end
/// inside a UTF-8 character (it steps back over continuation bytes).
inline std::size_t utf8_prefix_length(std::string_view s, std::size_t max) noexcept {
  if (s.size() <= max) return s.size();
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

/// Returns `s` whole when it has at most `max` bytes (`max` >= 3), else a prefix cut at a
/// character boundary followed by "…", the whole at most `max` bytes.
inline std::string shorten_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  return std::string(s.substr(0, utf8_prefix_length(s, max - 3))) + "…";
}

}  // namespace hotdog::sim
