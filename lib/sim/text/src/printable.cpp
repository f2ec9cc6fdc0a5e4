#include "hotdog/sim/text/printable.hpp"

#include "hotdog/utf8.hpp"

namespace hotdog::sim {

std::string printable(std::string_view s) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  const auto byte = [&](unsigned c) {
    out += "\\x";
    out += digits[(c >> 4) & 15];
    out += digits[c & 15];
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\n')
        out += "\\n";
      else if (c == '\r')
        out += "\\r";
      else if (c == '\t')
        out += "\\t";
      else if (c < 0x20 || c == 0x7f)
        byte(c);
      else
        out += static_cast<char>(c);
      ++i;
      continue;
    }
    const utf8_char ch = utf8_read(s, i);
    if (ch.length <= 0) {
      byte(c);  // each byte of an ill-formed sequence on its own
      ++i;
      continue;
    }
    const auto n = static_cast<std::size_t>(ch.length);
    const char32_t cp = ch.code_point;
    if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
        (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += digits[(cp >> shift) & 15];
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::size_t text_width(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xc0u) != 0x80u;
  return n;
}

}  // namespace hotdog::sim
