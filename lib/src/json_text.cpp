#include "hotdog/json_text.hpp"

#include "hotdog/utf8.hpp"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

namespace hotdog {
namespace {

// Lays out the positive number 0.d * 10^n (d its digits, no trailing zeros) the way
// nlohmann_json, and so every trace so far, spells doubles: a whole number of up to 15 digits
// in full with ".0"; a point inside the digits, or up to 3 zeros after "0.", with no
// exponent; else one digit before the point and an exponent of at least two digits.
void lay_out(std::string& out, std::string_view d, int n) {
  constexpr int min_exp = -4;
  constexpr int max_exp = std::numeric_limits<double>::digits10;  // 15
  const int len = static_cast<int>(d.size());
  if (len <= n && n <= max_exp) {
    out += d;
    out.append(static_cast<std::size_t>(n - len), '0');
    out += ".0";
  } else if (0 < n && n <= max_exp) {
    out += d.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += d.substr(static_cast<std::size_t>(n));
  } else if (min_exp < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += d;
  } else {
    out += d[0];
    if (len > 1) {
      out += '.';
      out += d.substr(1);
    }
    int e = n - 1;
    out += 'e';
    out += e < 0 ? '-' : '+';
    if (e < 0) e = -e;
    if (e < 10) out += '0';
    char buf[8];
    const auto end = std::to_chars(buf, buf + sizeof buf, e).ptr;
    out.append(buf, end);
  }
}

void append_escaped(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < s.size()) {
    const utf8_char ch = utf8_read(s, i);
    if (ch.length != 1) {
      // A well-formed sequence is copied as it is; an ill-formed one's maximal subpart is
      // one U+FFFD, and the byte that broke it off is read again as what follows.
      if (ch.length > 1)
        out.append(s.substr(i, static_cast<std::size_t>(ch.length)));
      else
        utf8_append(out, utf8_replacement);
      i += ch.advance();
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i++]);
    switch (c) {
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c <= 0x1F) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

// Whether any byte of w needs escaping in a JSON string (below 0x20, top bit set, '"' or
// '\\'), eight at a time: the classic "has a zero byte" test, on w ^ that byte for the two
// characters. Each test is exact for the question "is any byte so" (a borrow runs only past
// a byte that is so), so a word may repeat bytes of the text but must hold no other.
bool any_unplain(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  const std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
  return ((w & highs) | below_space | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\'))) !=
         0;
}

std::uint64_t word_at(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// True when s needs no escaping in a JSON string: printable ASCII without '"' or '\\'.
bool is_plain_json_text(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8)
    if (any_unplain(word_at(s.data() + i))) return false;
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

// A plain string up to this long is quoted on the stack and appended in one go: a trace
// writes several short names per event, and each append to a std::string (a capacity check
// and a call to copy) costs about as much as copying a few dozen bytes.
constexpr std::size_t short_text = 64;

// Copies n <= short_text bytes to `to` and says whether they need no escaping, a word at a
// time: words that overlap rather than a byte loop or a call to memcpy, whose length is
// known only at run time. Every word checked holds bytes of the text only (see any_unplain).
bool copy_if_plain(char* to, const char* from, std::size_t n) {
  if (n >= 8) {
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      const std::uint64_t w = word_at(from + i);
      seen |= static_cast<std::uint64_t>(any_unplain(w));
      std::memcpy(to + i, &w, 8);
    }
    const std::uint64_t last = word_at(from + n - 8);
    std::memcpy(to + n - 8, &last, 8);
    return seen == 0 && !any_unplain(last);
  }
  std::uint64_t w = 0;
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, from, 4);
    std::memcpy(&hi, from + n - 4, 4);
    std::memcpy(to, &lo, 4);
    std::memcpy(to + n - 4, &hi, 4);
    w = std::uint64_t{hi} << 32 | lo;
  } else if (n > 0) {
    const auto a = static_cast<unsigned char>(from[0]), b = static_cast<unsigned char>(from[n / 2]),
               c = static_cast<unsigned char>(from[n - 1]);
    to[0] = from[0];
    to[n / 2] = from[n / 2];
    to[n - 1] = from[n - 1];
    w = 0x0101010101010101ull * a;  // every byte the text's own
    w = (w & ~0xFFFF00ull) | std::uint64_t{b} << 8 | std::uint64_t{c} << 16;
  } else {
    return true;
  }
  return !any_unplain(w);
}

// Appends `before`, s quoted, then `after` (each at most two bytes) as one append, when s is
// plain text of at most short_text bytes; false, having appended nothing, when it is not.
bool append_short_quoted(std::string& out, std::string_view before, std::string_view s,
                         std::string_view after) {
  assert(before.size() <= 2 && after.size() <= 2);
  char buf[short_text + 8];
  char* p = buf;
  for (char c : before) *p++ = c;
  *p++ = '"';
  if (!copy_if_plain(p, s.data(), s.size())) return false;
  p += s.size();
  *p++ = '"';
  for (char c : after) *p++ = c;
  out.append(buf, static_cast<std::size_t>(p - buf));
  return true;
}

}  // namespace

void append_json_quoted(std::string& out, std::string_view s) {
  // Nearly every string in a trace (names, kinds, keys) is short plain ASCII that needs no
  // escaping: one scan and one append.
  if (s.size() <= short_text && append_short_quoted(out, {}, s, {})) return;
  out += '"';
  if (is_plain_json_text(s))
    out.append(s);
  else
    append_escaped(out, s);
  out += '"';
}

void append_json_member_key(std::string& out, std::string_view key) {
  if (key.size() <= short_text && append_short_quoted(out, ",", key, ":")) return;
  out += ',';
  append_json_quoted(out, key);
  out += ':';
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_quoted(out, s);
  return out;
}

void append_json_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";  // JSON has no NaN or infinity
    return;
  }
  if (std::signbit(v)) {
    out += '-';
    v = -v;
  }
  if (v == 0) {
    out += "0.0";
    return;
  }
  // The shortest digits that read back as v (std::to_chars, Ryu in libstdc++), as d.ddde±x.
  char sci[32];
  const auto end = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific).ptr;
  const std::string_view text(sci, static_cast<std::size_t>(end - sci));
  const std::size_t e_at = text.find('e');
  std::string digits(1, text[0]);
  if (e_at > 1) digits.append(text.substr(2, e_at - 2));
  int exponent = 0;
  std::from_chars(text.data() + e_at + (text[e_at + 1] == '+' ? 2 : 1), end, exponent);
  lay_out(out, digits, exponent + 1);
}

}  // namespace hotdog
