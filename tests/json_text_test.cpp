#include <hotdog/json_text.hpp>

#include <hotdog/random.hpp>

#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

using namespace hotdog;

namespace {

const std::string fffd = "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER

std::string dbl(double d) {
  std::string s;
  append_json_double(s, d);
  return s;
}

double from_bits(std::uint64_t bits) {
  double d = 0;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

std::uint64_t to_bits(double d) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

// The bits of the double that text reads back as, or 1 (a NaN's never is) if it is not one.
std::uint64_t read_back(std::string_view text) {
  double d = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  return ec == std::errc() && end == text.data() + text.size() ? to_bits(d) : 1;
}

// A number's text as its sign, significant digits and where the point goes among them:
// "-0.0125" and "-1.25e-02" are both {"-", "125", -1} (0.125 * 10^-1).
struct decimal {
  std::string sign, digits;
  int point = 0;
  friend bool operator==(const decimal&, const decimal&) = default;
};
decimal decimal_of(std::string_view text) {
  decimal d;
  if (!text.empty() && text[0] == '-') {
    d.sign = "-";
    text.remove_prefix(1);
  }
  const std::size_t e = text.find_first_of("eE");
  int point = 0;
  bool seen_point = false;
  for (const char c : text.substr(0, e)) {
    if (c == '.') {
      seen_point = true;
    } else if (d.digits.empty() && c == '0') {
      if (seen_point) --point;  // a leading zero after the point moves it left
    } else {
      d.digits += c;
      if (!seen_point) ++point;
    }
  }
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
  if (e != std::string_view::npos) {
    int exponent = 0;
    const std::string_view x = text.substr(e + (text[e + 1] == '+' ? 2 : 1));
    std::from_chars(x.data(), x.data() + x.size(), exponent);
    point += exponent;
  }
  d.point = d.digits.empty() ? 0 : point;
  return d;
}

// {bit pattern, Python's repr}: tests/double_repr_test.py makes and checks it.
const std::pair<std::uint64_t, const char*> python_repr[] = {
#include "double_repr_table.inc"
};

}  // namespace

TEST_CASE("json_quote quotes and escapes a string", "[json_text]") {
  CHECK(json_quote("") == "\"\"");
  CHECK(json_quote("ketchup") == "\"ketchup\"");
  CHECK(json_quote("say \"hi\"") == R"("say \"hi\"")");
  CHECK(json_quote("a\\b") == R"("a\\b")");
  CHECK(json_quote("\b\f\n\r\t") == R"("\b\f\n\r\t")");
  CHECK(json_quote(std::string("\0\x01\x1f", 3)) == R"("\u0000\u0001\u001f")");
  // '/' and DEL need no escape (nlohmann escapes neither).
  CHECK(json_quote("a/b\x7f") == "\"a/b\x7f\"");
}

TEST_CASE("json_quote passes valid UTF-8 through unchanged", "[json_text]") {
  CHECK(json_quote("é") == "\"é\"");
  CHECK(json_quote("\xE2\x82\xAC\xF0\x9F\x98\x80") == "\"\xE2\x82\xAC\xF0\x9F\x98\x80\"");
  CHECK(json_quote("\xF4\x8F\xBF\xBF") == "\"\xF4\x8F\xBF\xBF\"");  // U+10FFFF, the last
  CHECK(json_quote("a\"é\n") == "\"a\\\"é\\n\"");
}

TEST_CASE("json_quote replaces invalid UTF-8 with U+FFFD, as nlohmann's replace does",
          "[json_text]") {
  // The expected texts are nlohmann_json 3.11's dump(..., error_handler_t::replace).
  CHECK(json_quote("\xff") == "\"" + fffd + "\"");
  CHECK(json_quote("a\xC3") == "\"a" + fffd + "\"");                      // cut off at the end
  CHECK(json_quote("\xC3(") == "\"" + fffd + "(\"");                      // cut off by ASCII, kept
  CHECK(json_quote("\xC0\xAF") == "\"" + fffd + fffd + "\"");             // overlong
  CHECK(json_quote("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");  // a surrogate
  CHECK(json_quote("\xF0\x9F\x98") == "\"" + fffd + "\"");                // 3 of 4 bytes
  CHECK(json_quote("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // > U+10FFFF
  CHECK(json_quote("\xC3\"") == "\"" + fffd + "\\\"\"");  // the breaking byte is escaped
}

namespace {

// What json_quote makes of one byte alone in plain text.
std::string escaped_byte(unsigned char b) {
  switch (b) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: break;
  }
  if (b < 0x20) {
    static constexpr char hex[] = "0123456789abcdef";
    return std::string("\\u00") + hex[b >> 4] + hex[b & 0xF];
  }
  if (b >= 0x80) return fffd;  // a lone byte of 0x80 or more is never whole UTF-8
  return std::string(1, static_cast<char>(b));
}

}  // namespace

// The scan that decides whether a string needs escaping reads eight bytes at a time: every
// byte value, at every place in a string of two whole blocks and a tail, is seen as it is.
TEST_CASE("json_quote finds a byte to escape wherever it lies", "[json_text]") {
  for (int b = 0; b < 256; ++b)
    for (std::size_t at = 0; at < 19; ++at) {
      std::string s(19, 'a');
      s[at] = static_cast<char>(b);
      INFO("byte " << b << " at " << at);
      CHECK(json_quote(s) == "\"" + s.substr(0, at) + escaped_byte(static_cast<unsigned char>(b)) +
                                 s.substr(at + 1) + "\"");
    }  // Whole UTF-8 over several blocks is not escaped either.
  CHECK(json_quote("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x82\xAC\xE2\x82\xAC") ==
        "\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x82\xAC\xE2\x82\xAC\"");
}

// Short strings are checked and copied in words that overlap (up to 64 bytes: one of 1-3
// bytes, two of 4, whole words and a last one that overlaps), longer ones in a scan: every
// byte value at every place of every length up to past that bound is seen as it is, and the
// bytes around it are copied whole.
TEST_CASE("json_quote finds every byte at every place of every length", "[json_text]") {
  std::size_t checked = 0, wrong = 0;
  std::string first_wrong;
  for (std::size_t n = 0; n <= 70; ++n) {
    std::string plain(n, 'a');
    for (std::size_t i = 0; i < n; ++i) plain[i] = static_cast<char>('a' + i % 26);
    ++checked;
    if (json_quote(plain) != "\"" + plain + "\"") ++wrong;
    for (std::size_t at = 0; at < n; ++at)
      for (int b = 0; b < 256; ++b) {
        std::string s = plain;
        s[at] = static_cast<char>(b);
        const std::string want = "\"" + s.substr(0, at) +
                                 escaped_byte(static_cast<unsigned char>(b)) + s.substr(at + 1) +
                                 "\"";
        ++checked;
        if (json_quote(s) != want && wrong++ == 0)
          first_wrong = "length " + std::to_string(n) + ", byte " + std::to_string(b) + " at " +
                        std::to_string(at);
      }
  }
  INFO("first wrong: " << first_wrong);
  CHECK(checked == 1 + 70 + 256 * (70 * 71 / 2));
  CHECK(wrong == 0);
}

// The words are read from the text alone: quoted from a buffer of exactly its length (no
// terminating NUL or spare capacity after it, as a std::string has), a read past the end is
// an error AddressSanitizer reports, and the text's last byte is still seen.
TEST_CASE("json_quote reads no byte past a short text", "[json_text]") {
  std::size_t wrong = 0;
  for (std::size_t n = 1; n <= 70; ++n)
    for (const char last : {'z', '"', '\x01', '\x80'}) {
      const auto text = std::make_unique<char[]>(n);
      for (std::size_t i = 0; i < n; ++i) text[i] = 'a';
      text[n - 1] = last;
      const std::string want =
          "\"" + std::string(n - 1, 'a') + escaped_byte(static_cast<unsigned char>(last)) + "\"";
      if (json_quote(std::string_view(text.get(), n)) != want) ++wrong;
    }
  CHECK(wrong == 0);
}

TEST_CASE("append_json_member_key appends a member's key and colon", "[json_text]") {
  std::string out = "{\"a\":1";
  append_json_member_key(out, "chan");
  out += "2";
  append_json_member_key(out, "");
  out += "3";
  append_json_member_key(out, "t\"ab\n");
  out += "4";
  const std::string long_key(65, 'k'), longest_short(64, 'm');
  append_json_member_key(out, long_key);
  out += "5";
  append_json_member_key(out, longest_short);
  out += "6";
  CHECK(out == "{\"a\":1,\"chan\":2,\"\":3,\"t\\\"ab\\n\":4,\"" + long_key + "\":5,\"" +
                   longest_short + "\":6");
}

TEST_CASE("append_json_quoted appends to what is there", "[json_text]") {
  std::string out = "x=";
  append_json_quoted(out, "a\tb");
  append_json_quoted(out, "c");
  CHECK(out == R"(x="a\tb""c")");
}

TEST_CASE("append_json_double writes doubles in nlohmann's layout", "[json_text]") {
  CHECK(dbl(1.0) == "1.0");
  CHECK(dbl(100.0) == "100.0");
  CHECK(dbl(0.0) == "0.0");
  CHECK(dbl(-0.0) == "-0.0");
  CHECK(dbl(0.1) == "0.1");
  CHECK(dbl(1.5) == "1.5");
  CHECK(dbl(-2.5) == "-2.5");
  CHECK(dbl(0.0125) == "0.0125");
  CHECK(dbl(2.0 / 3) == "0.6666666666666666");
  CHECK(dbl(0.1 + 0.2) == "0.30000000000000004");
  SECTION("whole numbers of up to 15 digits are written out, longer ones with an exponent") {
    CHECK(dbl(123456789012345.0) == "123456789012345.0");
    CHECK(dbl(1234567890123456.0) == "1.234567890123456e+15");
    CHECK(dbl(1e15) == "1e+15");
    CHECK(dbl(1e16) == "1e+16");
    CHECK(dbl(1e20) == "1e+20");
    CHECK(dbl(1.7976931348623157e308) == "1.7976931348623157e+308");
  }
  SECTION("small numbers: down to 1e-4 as decimals, then two-digit exponents at least") {
    CHECK(dbl(0.0001) == "0.0001");
    CHECK(dbl(0.00001) == "1e-05");
    CHECK(dbl(1e-300) == "1e-300");
    CHECK(dbl(5e-324) == "5e-324");  // the smallest denormal
  }
  SECTION("NaN and infinities are null") {
    CHECK(dbl(std::numeric_limits<double>::quiet_NaN()) == "null");
    CHECK(dbl(std::numeric_limits<double>::infinity()) == "null");
    CHECK(dbl(-std::numeric_limits<double>::infinity()) == "null");
  }
  SECTION("it appends") {
    std::string out = "[";
    append_json_double(out, 2.0);
    out += ',';
    append_json_double(out, -1e-7);
    CHECK(out == "[2.0,-1e-07");
  }
}

TEST_CASE("append_json_double keeps the layout for whole numbers and the extremes", "[json_text]") {
  CHECK(dbl(1.0) == "1.0");
  CHECK(dbl(1e21) == "1e+21");
  CHECK(dbl(1e-7) == "1e-07");
  CHECK(dbl(-0.0) == "-0.0");
  CHECK(dbl(5e-324) == "5e-324");
  CHECK(dbl(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(dbl(2.2250738585072014e-308) == "2.2250738585072014e-308");  // the smallest normal
  CHECK(dbl(2.225073858507201e-308) == "2.225073858507201e-308");    // the largest subnormal
  CHECK(dbl(9007199254740992.0) == "9.007199254740992e+15");         // 2^53
  CHECK(dbl(9007199254740994.0) == "9.007199254740994e+15");         // 2^53 + 2
  CHECK(dbl(18446744073709551616.0) == "1.8446744073709552e+19");    // 2^64
  CHECK(dbl(999999999999999.0) == "999999999999999.0");
  CHECK(dbl(1e15) == "1e+15");
  SECTION("the shortest digits, where nlohmann's Grisu2 printed one too many") {
    CHECK(dbl(-3.556169393814842e-26) == "-3.556169393814842e-26");
    CHECK(dbl(1.2381497353139132e+15) == "1.2381497353139132e+15");
  }
}

TEST_CASE("append_json_double's digits are Python's repr, the shortest round trip", "[json_text]") {
  for (const auto& [bits, repr] : python_repr) {
    const double d = from_bits(bits);
    const std::string got = dbl(d);
    INFO(repr << " printed as " << got);
    CHECK(decimal_of(got) == decimal_of(repr));
    CHECK(read_back(got) == bits);
  }
  CHECK(std::size(python_repr) >= 400);
}

TEST_CASE("a million random doubles read back exactly", "[json_text]") {
  prng rng(20261204);
  const double edges[] = {0.0,
                          -0.0,
                          5e-324,
                          -5e-324,
                          std::numeric_limits<double>::denorm_min() * 3,
                          2.225073858507201e-308,
                          std::numeric_limits<double>::min(),
                          std::numeric_limits<double>::max(),
                          -std::numeric_limits<double>::max(),
                          std::numeric_limits<double>::epsilon(),
                          9007199254740993.0,
                          1e23,
                          123456789012345680.0,
                          0.1,
                          1.0 / 3};
  int failures = 0;
  const auto check = [&](double d) {
    const std::string text = dbl(d);
    // One CHECK per failure only: a million that pass would slow the run down.
    if (read_back(text) != to_bits(d) && ++failures <= 10)
      CHECK(text + " reads back as another double" == std::string());
  };
  for (const double d : edges) check(d);
  std::size_t checked = 0;
  while (checked < 1'000'000) {
    const double d = from_bits(rng.next());
    if (!std::isfinite(d)) continue;
    check(d);
    ++checked;
  }
  CHECK(failures == 0);
}
