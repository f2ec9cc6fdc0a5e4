#include "hotdog/sim/lang/js_semantics.hpp"

#include "hotdog/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

namespace hotdog::sim::js {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

enum class type { undefined, null, boolean, number, string, object };

type type_of(const jsvalue& x) {
  if (!x) return type::undefined;
  switch (x->kind()) {
    case value_kind::null: return type::null;
    case value_kind::boolean: return type::boolean;
    case value_kind::integer:
    case value_kind::unsigned_integer:
    case value_kind::floating: return type::number;
    case value_kind::string: return type::string;
    case value_kind::array:
    case value_kind::object: break;
  }
  return type::object;
}

std::u16string to_utf16(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t c = utf8_decode(s, i);
    if (c >= 0x10000) {
      out += static_cast<char16_t>(0xd800 + ((c - 0x10000) >> 10));
      out += static_cast<char16_t>(0xdc00 + ((c - 0x10000) & 0x3ff));
    } else {
      out += static_cast<char16_t>(c);
    }
  }
  return out;
}

// UTF-16 back to UTF-8; a surrogate left alone by a cut becomes U+FFFD (UTF-8 cannot hold it).
std::string from_utf16(std::u16string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char16_t u = s[i];
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < s.size() && s[i + 1] >= 0xdc00 &&
        s[i + 1] <= 0xdfff) {
      utf8_append(out, 0x10000 + ((static_cast<char32_t>(u) - 0xd800) << 10) + (s[i + 1] - 0xdc00));
      ++i;
    } else {
      utf8_append(out, u);  // a lone surrogate is U+FFFD
    }
  }
  return out;
}

// JavaScript's WhiteSpace and LineTerminator code points (what String.prototype.trim removes).
bool is_js_space(char32_t c) {
  return c == 0x09 || c == 0x0a || c == 0x0b || c == 0x0c || c == 0x0d || c == 0x20 || c == 0xa0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
         c == 0x205f || c == 0x3000 || c == 0xfeff;
}

std::string_view trim_start(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    if (!is_js_space(utf8_decode(s, j))) break;
    i = j;
  }
  return s.substr(i);
}

std::string_view trim(std::string_view s) {
  s = trim_start(s);
  // Trailing: walk the code points once, remembering where the last non-space one ends.
  std::size_t end = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (!is_js_space(utf8_decode(s, i))) end = i;
  }
  return s.substr(0, end);
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// The length of the StrDecimalLiteral at the start of s (sign, "Infinity", digits, point,
// exponent), 0 if there is none; `whole` sets whether an exponent without digits is allowed
// to end the match early (parseFloat) or not.
std::size_t decimal_prefix(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (s.substr(i, 8) == "Infinity") return i + 8;
  const std::size_t start = i;
  while (i < s.size() && digit(s[i])) ++i;
  bool any = i > start;
  if (i < s.size() && s[i] == '.') {
    std::size_t j = i + 1;
    while (j < s.size() && digit(s[j])) ++j;
    if (any || j > i + 1) {
      any = any || j > i + 1;
      i = j;
    }
  }
  if (!any) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    const std::size_t digits = j;
    while (j < s.size() && digit(s[j])) ++j;
    if (j > digits) i = j;
  }
  return i;
}

// Parses a decimal literal already matched by decimal_prefix.
double parse_decimal(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "Infinity") return negative ? -inf : inf;
  // from_chars wants a digit first: ".5" is read as "0.5".
  std::string text = !s.empty() && s[0] == '.' ? "0" + std::string(s) : std::string(s);
  double d = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow is Infinity and underflow 0 in JavaScript; from_chars leaves d unchanged.
    std::size_t e = text.find_first_of("eE");
    const bool tiny = e != std::string::npos && text.find('-', e) != std::string::npos;
    d = tiny ? 0.0 : inf;
  }
  return negative ? -d : d;
}

double string_to_number(std::string_view s) {
  s = trim(s);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    int base = s[1] == 'x' || s[1] == 'X'   ? 16
               : s[1] == 'o' || s[1] == 'O' ? 8
               : s[1] == 'b' || s[1] == 'B' ? 2
                                            : 0;
    if (base != 0) {
      double d = 0;
      for (char c : s.substr(2)) {
        int v = digit(c)               ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : 99;
        if (v >= base) return nan;
        d = d * base + v;
      }
      return d;
    }
  }
  if (decimal_prefix(s) != s.size()) return nan;
  return parse_decimal(s);
}

int compare_utf16(std::string_view a, std::string_view b) {
  const std::u16string x = to_utf16(a), y = to_utf16(b);
  return x.compare(y);
}

// ToPrimitive of an array or object: its string; anything else is itself.
jsvalue primitive(const jsvalue& x) {
  if (type_of(x) == type::object) return value(to_string(x));
  return x;
}

double to_integer_or_infinity(const jsvalue& x) {
  const double d = to_number(x);
  if (std::isnan(d)) return 0;
  return std::trunc(d);
}

}  // namespace

value number(double d) {
  constexpr double limit = 9007199254740992.0;  // 2^53
  if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) <= limit &&
      !(d == 0 && std::signbit(d)))
    return value(static_cast<std::int64_t>(d));
  return value(d);
}

bool truthy(const jsvalue& x) {
  switch (type_of(x)) {
    case type::undefined:
    case type::null: return false;
    case type::boolean: return x->as_bool();
    case type::number: {
      const double d = x->as_double();
      return d != 0 && !std::isnan(d);
    }
    case type::string: return !x->as_string().empty();
    case type::object: return !x->is_array() || !x->items().empty();
  }
  return false;
}

double to_number(const jsvalue& x) {
  switch (type_of(x)) {
    case type::undefined: return nan;
    case type::null: return 0;
    case type::boolean: return x->as_bool() ? 1 : 0;
    case type::number: return x->as_double();
    case type::string: return string_to_number(x->as_string());
    case type::object: return x->is_array() ? string_to_number(to_string(x)) : nan;
  }
  return nan;
}

double parse_float(const jsvalue& x) {
  // A number's string parses back to the same number, except -0 ("0").
  if (type_of(x) == type::number) {
    const double d = x->as_double();
    return d == 0 ? 0.0 : d;
  }
  const std::string s = to_string(x);
  const std::string_view t = trim_start(s);
  const std::size_t n = decimal_prefix(t);
  if (n == 0) return nan;
  return parse_decimal(t.substr(0, n));
}

std::string number_to_string(double d) {
  if (std::isnan(d)) return "NaN";
  if (d == 0) return "0";
  if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
  std::string sign = d < 0 ? "-" : "";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, std::fabs(d), std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  const std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits += c;
  int exp = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp);
  const int k = static_cast<int>(digits.size());
  const int n = exp + 1;
  if (k <= n && n <= 21) return sign + digits + std::string(static_cast<std::size_t>(n - k), '0');
  if (0 < n && n <= 21)
    return sign + digits.substr(0, static_cast<std::size_t>(n)) + "." +
           digits.substr(static_cast<std::size_t>(n));
  if (-6 < n && n <= 0)
    return sign + "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  std::string out = sign + digits.substr(0, 1);
  if (k > 1) out += "." + digits.substr(1);
  out += n - 1 >= 0 ? "e+" : "e-";
  out += std::to_string(std::abs(n - 1));
  return out;
}

std::string to_string(const jsvalue& x) {
  switch (type_of(x)) {
    case type::undefined: return "undefined";
    case type::null: return "null";
    case type::boolean: return x->as_bool() ? "true" : "false";
    case type::number:
      if (x->is_int() && x->as_int() >= -(std::int64_t{1} << 53) &&
          x->as_int() <= (std::int64_t{1} << 53))
        return std::to_string(x->as_int());
      return number_to_string(x->as_double());
    case type::string: return x->as_string();
    case type::object: break;
  }
  if (!x->is_array()) return "[object Object]";
  std::string out;
  bool first = true;
  for (const value& item : x->items()) {
    if (!first) out += ',';
    first = false;
    if (!item.is_null()) out += to_string(item);
  }
  return out;
}

std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) n += utf8_decode(s, i) >= 0x10000 ? 2 : 1;
  return n;
}

std::string substr(const std::string& s, const jsvalue& start, const jsvalue& length) {
  const std::u16string u = to_utf16(s);
  const double size = static_cast<double>(u.size());
  double from = to_integer_or_infinity(start);
  if (from == -inf)
    from = 0;
  else if (from < 0)
    from = std::max(size + from, 0.0);
  else
    from = std::min(from, size);
  const double len = length ? std::clamp(to_integer_or_infinity(length), 0.0, size) : size;
  const double to = std::min(from + len, size);
  if (to <= from) return "";
  return from_utf16(std::u16string_view(u).substr(static_cast<std::size_t>(from),
                                                  static_cast<std::size_t>(to - from)));
}

bool strict_equals(const jsvalue& a, const jsvalue& b) {
  const type ta = type_of(a);
  if (ta != type_of(b)) return false;
  switch (ta) {
    case type::undefined:
    case type::null: return true;
    case type::boolean: return a->as_bool() == b->as_bool();
    case type::number: return a->as_double() == b->as_double();
    case type::string: return a->as_string() == b->as_string();
    case type::object: return a->same_object(*b);
  }
  return false;
}

bool loose_equals(const jsvalue& a, const jsvalue& b) {
  const type ta = type_of(a), tb = type_of(b);
  if (ta == tb) return strict_equals(a, b);
  const auto nullish = [](type t) { return t == type::null || t == type::undefined; };
  if (nullish(ta) || nullish(tb)) return nullish(ta) && nullish(tb);
  if (ta == type::number && tb == type::string) return a->as_double() == to_number(b);
  if (ta == type::string && tb == type::number) return to_number(a) == b->as_double();
  if (ta == type::boolean) return loose_equals(value(to_number(a)), b);
  if (tb == type::boolean) return loose_equals(a, value(to_number(b)));
  if (ta == type::object) return loose_equals(primitive(a), b);
  if (tb == type::object) return loose_equals(a, primitive(b));
  return false;
}

std::optional<bool> less_than(const jsvalue& a, const jsvalue& b) {
  const jsvalue pa = primitive(a), pb = primitive(b);
  if (type_of(pa) == type::string && type_of(pb) == type::string)
    return compare_utf16(pa->as_string(), pb->as_string()) < 0;
  const double x = to_number(pa), y = to_number(pb);
  if (std::isnan(x) || std::isnan(y)) return std::nullopt;
  return x < y;
}

value to_json_value(const jsvalue& x) {
  if (!x) return value();
  if (x->is_double() && x->as_double() == 0) return value(0);
  return *x;
}

}  // namespace hotdog::sim::js
