#pragma once
/// @file utf8.hpp
/// UTF-8, the one way: how long a sequence is, what code point it holds, how to write one.
///
/// Well-formed means RFC 3629 (Unicode's table 3-7): no overlong forms, no surrogates
/// (U+D800..U+DFFF), nothing above U+10FFFF, no sequence cut short. Where text must go on
/// past an ill-formed sequence, its maximal subpart counts as one U+FFFD (Unicode's
/// recommended practice, also the WHATWG decoder's): an invalid lead byte alone, or the
/// valid bytes before the one that broke a sequence off, which is read again.

#include <cstddef>
#include <string>
#include <string_view>

namespace hotdog {

/// U+FFFD REPLACEMENT CHARACTER, which stands for an ill-formed sequence.
inline constexpr char32_t utf8_replacement = 0xFFFD;

/// How many bytes form the well-formed UTF-8 sequence at s[i] (1 to 4); 0 when s[i] cannot
/// start one (a continuation byte, C0, C1, F5..FF); -k when the sequence breaks off after k
/// valid bytes (at the end of s, or on an unexpected byte). Precondition: i < s.size().
int utf8_sequence(std::string_view s, std::size_t i) noexcept;

/// One code point read from UTF-8.
struct utf8_char {
  /// The code point; utf8_replacement when the sequence is ill-formed.
  char32_t code_point = utf8_replacement;
  /// As utf8_sequence: the bytes it takes (1 to 4), or 0 or -k when it is ill-formed.
  int length = 0;
  /// The bytes to step over: length when well-formed, else the maximal subpart (at least 1).
  std::size_t advance() const noexcept {
    return length > 0 ? static_cast<std::size_t>(length)
                      : static_cast<std::size_t>(length == 0 ? 1 : -length);
  }
};

/// Reads the code point at s[i]. Precondition: i < s.size().
utf8_char utf8_read(std::string_view s, std::size_t i) noexcept;

/// Decodes the code point at s[i] and moves i past it; an ill-formed sequence is one
/// U+FFFD and i moves past its maximal subpart. Precondition: i < s.size().
char32_t utf8_decode(std::string_view s, std::size_t& i) noexcept;

/// True when all of s is well-formed UTF-8.
bool utf8_valid(std::string_view s) noexcept;

/// Appends code point c as UTF-8 (1 to 4 bytes); a surrogate or a value above U+10FFFF,
/// which UTF-8 cannot hold, is appended as U+FFFD.
void utf8_append(std::string& out, char32_t c);

}  // namespace hotdog
