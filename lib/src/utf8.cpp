#include "hotdog/utf8.hpp"

namespace hotdog {

int utf8_sequence(std::string_view s, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  int len = 0;
  // The range of the second byte: narrower after E0 (no overlongs), ED (no surrogates),
  // F0 (no overlongs) and F4 (nothing above U+10FFFF).
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;  // a continuation byte, C0 and C1 (always overlong), or F5..FF
  }
  for (int k = 1; k < len; ++k) {
    if (i + static_cast<std::size_t>(k) >= s.size()) return -k;
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if (b < lo || b > hi) return -k;
    lo = 0x80;
    hi = 0xBF;
  }
  return len;
}

utf8_char utf8_read(std::string_view s, std::size_t i) noexcept {
  const int len = utf8_sequence(s, i);
  if (len <= 0) return {utf8_replacement, len};
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (len == 1) return {b0, 1};
  // The lead byte keeps 7 - len bits, each continuation byte 6.
  char32_t c = b0 & (0x7Fu >> len);
  for (std::size_t k = 1; k < static_cast<std::size_t>(len); ++k)
    c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  return {c, len};
}

char32_t utf8_decode(std::string_view s, std::size_t& i) noexcept {
  const utf8_char c = utf8_read(s, i);
  i += c.advance();
  return c.code_point;
}

bool utf8_valid(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const int n = utf8_sequence(s, i);
    if (n <= 0) return false;
    i += static_cast<std::size_t>(n);
  }
  return true;
}

void utf8_append(std::string& out, char32_t c) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = utf8_replacement;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace hotdog
