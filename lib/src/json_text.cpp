#include "hotdog/json_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace hotdog {

void append_json_quoted(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  // Nearly every string in a trace (names, kinds, keys) needs no escaping: one scan, then
  // one append.
  bool plain = true;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    plain &= c >= 0x20 && c != '"' && c != '\\';
  }
  if (plain) {
    out += '"';
    out.append(s);
    out += '"';
    return;
  }
  out += '"';
  std::size_t run = 0;  // start of the stretch that needs no escaping: appended in one go
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_quoted(out, s);
  return out;
}

void append_json_double(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";  // JSON has no NaN or infinity
    return;
  }
  if (std::signbit(d)) {
    out += '-';
    d = -d;
  }
  if (d == 0) {
    out += "0.0";
    return;
  }
  // The shortest digits that read back as d, then the layout JSON libraries use: plain
  // decimals while the point is within 15 digits, else d.ddde+XX.
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  const std::size_t e_at = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_at))
    if (c != '.') digits += c;
  // The exponent: a sign, then digits (the buffer is not NUL-terminated).
  const bool negative = sci[e_at + 1] == '-';
  int exp10 = 0;
  std::from_chars(sci.data() + e_at + 2, sci.data() + sci.size(), exp10);
  if (negative) exp10 = -exp10;
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;  // where the decimal point goes, counted from the first digit
  if (k <= n && n <= 15) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
    out += ".0";
  } else if (0 < n && n <= 15) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out += '.';
    out.append(digits, static_cast<std::size_t>(n));
  } else if (-4 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    const int e = n - 1;
    out += e < 0 ? '-' : '+';
    const int a = std::abs(e);
    if (a < 10) out += '0';
    out += std::to_string(a);
  }
}

}  // namespace hotdog
