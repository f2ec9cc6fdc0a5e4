#pragma once
/// @file printable.hpp
/// Text from input (names, messages, lines of a trace file) made safe to print on a terminal:
/// nothing in it can start a new line or send an escape sequence.

#include <cstddef>
#include <string>
#include <string_view>

namespace hotdog::sim {

/// `s` with every control character escaped: "\n", "\r", "\t", else "\xNN" for the other C0
/// controls and DEL, "\u0085" for C1 controls, U+2028, U+2029 and the bidirectional
/// formatting characters, and "\xNN" for each byte that is not valid UTF-8. Other text, '\'
/// included, is unchanged, so text without control characters prints as it is.
std::string printable(std::string_view s);

/// The columns `s` takes in the text trace: one per code point (each byte that does not
/// continue a UTF-8 sequence), so that "crêpe" and "crepe" line up.
std::size_t text_width(std::string_view s) noexcept;

}  // namespace hotdog::sim
