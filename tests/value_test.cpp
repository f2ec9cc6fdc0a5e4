#include "hotdog/sim/lang/value.hpp"  // first: the header must stand on its own

#include "../lib/sim/load/src/json_to_value.hpp"

#include <hotdog/random.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

using hotdog::sim::value;
using hotdog::sim::value_kind;

namespace {

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

double parse_double(std::string_view s) {
  double d = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  REQUIRE(ec == std::errc());
  REQUIRE(ptr == s.data() + s.size());
  return d;
}

double from_bits(std::uint64_t bits) {
  double d = 0;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// The significant digits of a number's text: the mantissa's digits without leading or
// trailing zeros ("1.50e+03" -> "15").
std::string significant_digits(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c == 'e' || c == 'E') break;
    if (c >= '0' && c <= '9') digits += c;
  }
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return "";
  digits.erase(0, first);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return digits;
}

// Returns true when nlohmann (Grisu2) prints d with other digits than the shortest
// round-trip form (std::to_chars): such doubles prove the digits are not std::to_chars's.
bool grisu_differs_from_shortest(double d) {
  char buf[64];
  const auto end = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific).ptr;
  return significant_digits(std::string(buf, end)) != significant_digits(nlohmann::json(d).dump());
}

// Returns true when a and b have the same nlohmann type throughout (== does not tell a
// number_integer from an equal number_unsigned).
bool same_types(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_array()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same_types(a[i], b[i])) return false;
    }
  } else if (a.is_object()) {
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !same_types(*ia, *ib)) return false;
    }
  }
  return true;
}

// --- Random JSON, drawn with hotdog's own PRNG (identical on every standard library). ---

struct generator {
  hotdog::prng rng;

  explicit generator(std::uint64_t seed) : rng(seed) {}

  bool chance(std::uint64_t one_in) { return rng.below(one_in) == 0; }
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng.below(n)); }

  // A double from a random bit pattern (NaN and infinities redrawn: JSON cannot hold them).
  double bits_double() {
    for (;;) {
      const double d = from_bits(rng.next());
      if (std::isfinite(d)) return d;
    }
  }

  // A double parsed from an awkward decimal text: long runs of 9s and 0s, 1 to 20 digits,
  // exponents across the whole range and around nlohmann's layout switches (1e-5, 1e15).
  double decimal_double() {
    for (;;) {
      std::string text;
      if (chance(2)) text += '-';
      const std::size_t n = 1 + pick(20);
      const std::size_t style = pick(4);
      for (std::size_t i = 0; i < n; ++i) {
        char c = static_cast<char>('0' + rng.below(10));
        if (style == 1) c = i == 0 ? '1' : '0';
        if (style == 2) c = (i + 1 == n) ? static_cast<char>('0' + rng.below(10)) : '9';
        if (i == 0 && c == '0') c = '5';
        text += c;
        if (i == 0 && n > 1 && chance(2)) text += '.';
      }
      const int exponent = chance(2) ? static_cast<int>(rng.between(-25, 25))
                                     : static_cast<int>(rng.between(-330, 310));
      text += 'e' + std::to_string(exponent);
      double d = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec == std::errc() && std::isfinite(d)) return d;
    }
  }

  // A double near a power of ten, an integer, a binary fraction or an extreme.
  double special_double() {
    static const double specials[] = {0.0,
                                      -0.0,
                                      1.0,
                                      0.1,
                                      0.5,
                                      1e-5,
                                      1e-4,
                                      1e15,
                                      1e16,
                                      1e17,
                                      999999999999999.0,
                                      9007199254740992.0,
                                      123456789012345.0,
                                      5e-324,
                                      2.2250738585072014e-308,
                                      1.7976931348623157e308,
                                      std::numeric_limits<double>::min(),
                                      std::numeric_limits<double>::epsilon()};
    double d = 0;
    switch (pick(4)) {
      case 0: d = specials[pick(std::size(specials))]; break;
      case 1: d = std::pow(10.0, static_cast<double>(rng.between(-8, 23))); break;
      case 2: d = static_cast<double>(rng.between(-1000000, 1000000)); break;
      default: d = static_cast<double>(rng.between(-4096, 4096)) / 64.0; break;
    }
    for (int steps = static_cast<int>(rng.between(-2, 2)); steps != 0;
         steps += steps < 0 ? 1 : -1) {
      d = std::nextafter(d, steps < 0 ? -INFINITY : INFINITY);
    }
    return std::isfinite(d) ? d : 0.0;
  }

  double any_double() {
    switch (pick(3)) {
      case 0: return bits_double();
      case 1: return decimal_double();
      default: return special_double();
    }
  }

  void append_utf8(std::string& s, std::uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::uint32_t code_point() {
    static const std::uint32_t edges[] = {0x80,   0x7FF,   0x800,   0xD7FF,   0xE000,
                                          0xFFFD, 0xFFFF,  0x10000, 0x10FFFF, 0xA9,
                                          0x20AC, 0x1F600, 0x2028,  0xFEFF};
    switch (pick(4)) {
      case 0: return edges[pick(std::size(edges))];
      case 1: return static_cast<std::uint32_t>(rng.between(0x80, 0x7FF));
      case 2: {
        const auto cp = static_cast<std::uint32_t>(rng.between(0x800, 0xFFFF));
        return cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp;
      }
      default: return static_cast<std::uint32_t>(rng.between(0x10000, 0x10FFFF));
    }
  }

  // Bytes that are not UTF-8: stray bytes, cut-off sequences, overlong forms, surrogates,
  // code points past U+10FFFF.
  void append_invalid(std::string& s) {
    static const char* const bad[] = {"\xC0\x80",
                                      "\xC1\xBF",
                                      "\xE0\x80\x80",
                                      "\xE0\x9F\xBF",
                                      "\xF0\x80\x80\x80",
                                      "\xF0\x8F\xBF\xBF",
                                      "\xED\xA0\x80",
                                      "\xED\xBF\xBF",
                                      "\xF4\x90\x80\x80",
                                      "\xF5\x80\x80\x80",
                                      "\xFE",
                                      "\xFF",
                                      "\x80",
                                      "\xBF\xBF",
                                      "\xC2",
                                      "\xE2\x82",
                                      "\xF0\x9F\x98"};
    switch (pick(3)) {
      case 0: s += bad[pick(std::size(bad))]; break;
      case 1: s += static_cast<char>(rng.between(0x80, 0xFF)); break;
      default: {  // a valid sequence cut short
        std::string whole;
        append_utf8(whole, code_point());
        s += whole.substr(0, 1 + pick(whole.size() - 1));
        break;
      }
    }
  }

  std::string any_string() {
    std::string s;
    const std::size_t pieces = pick(4) == 0 ? pick(40) : pick(8);
    for (std::size_t i = 0; i < pieces; ++i) {
      switch (pick(8)) {
        case 0: s += static_cast<char>(rng.between(0x00, 0x1F)); break;
        case 1: s += "\"\\/\x7f"[pick(4)]; break;
        case 2: append_utf8(s, code_point()); break;
        case 3: append_invalid(s); break;
        default: s += static_cast<char>(rng.between(0x20, 0x7E)); break;
      }
    }
    return s;
  }

  nlohmann::json any_json(int depth) {
    const std::size_t kinds = depth > 0 ? 9 : 7;
    switch (pick(kinds)) {
      case 0: return nullptr;
      case 1: return chance(2);
      case 2: {  // signed: small, or any bit pattern
        const auto i = chance(2) ? rng.between(-1000, 1000) : static_cast<std::int64_t>(rng.next());
        return nlohmann::json::number_integer_t{i};
      }
      case 3: {
        const std::uint64_t u = chance(2) ? rng.below(1000) : rng.next();
        return nlohmann::json::number_unsigned_t{u};
      }
      case 4:
      case 5: return any_double();
      case 6: return any_string();
      case 7: {
        nlohmann::json a = nlohmann::json::array();
        for (std::size_t n = pick(6); n > 0; --n) a.push_back(any_json(depth - 1));
        return a;
      }
      default: {
        nlohmann::json o = nlohmann::json::object();
        for (std::size_t n = pick(6); n > 0; --n) o[any_string()] = any_json(depth - 1);
        return o;
      }
    }
  }
};

}  // namespace

TEST_CASE("value: each kind's accessors and edge cases", "[value]") {
  SECTION("null") {
    const value v;
    CHECK(v.kind() == value_kind::null);
    CHECK(v.is_null());
    CHECK_FALSE(v.is_number());
    CHECK(v.to_json() == "null");
    CHECK(value(nullptr).is_null());
    CHECK(value(static_cast<const char*>(nullptr)).is_null());
    CHECK_THROWS_AS(v.as_bool(), std::logic_error);
    CHECK_THROWS_AS(v.as_string(), std::logic_error);
    CHECK_THROWS_AS(v.items(), std::logic_error);
    CHECK_THROWS_AS(v.members(), std::logic_error);
    CHECK(v.find("a") == nullptr);
    CHECK(hotdog::value_traits<value>::is_nil(v));
    CHECK(hotdog::value_traits<value>::format(v) == "null");
  }
  SECTION("boolean") {
    CHECK(value(true).kind() == value_kind::boolean);
    CHECK(value(true).as_bool());
    CHECK_FALSE(value(false).as_bool());
    CHECK(value(false).to_json() == "false");
    CHECK(value(true).to_json() == "true");
    CHECK_FALSE(hotdog::value_traits<value>::is_nil(value(false)));
    CHECK_THROWS_AS(value(true).as_int(), std::logic_error);
  }
  SECTION("signed integer") {
    const std::int64_t min = std::numeric_limits<std::int64_t>::min();
    CHECK(value(42).kind() == value_kind::integer);
    CHECK(value(std::int64_t{-7}).is_int());
    CHECK(value(-7).as_int() == -7);
    CHECK(value(min).to_json() == "-9223372036854775808");
    CHECK(value(-7).as_double() == -7.0);
    CHECK(value(7).as_uint() == 7u);
    CHECK_THROWS_AS(value(-1).as_uint(), std::logic_error);
    CHECK_THROWS_AS(value(1).as_bool(), std::logic_error);
    CHECK(value(0).to_json() == "0");
    CHECK(value(0).is_number());
  }
  SECTION("unsigned integer") {
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    CHECK(value(std::uint64_t{5}).kind() == value_kind::unsigned_integer);
    CHECK(value(max).as_uint() == max);
    CHECK(value(max).to_json() == "18446744073709551615");
    CHECK(value(std::uint64_t{5}).as_int() == 5);
    CHECK_THROWS_AS(value(max).as_int(), std::logic_error);
    CHECK(value(std::uint64_t{1} << 63).as_double() == 9223372036854775808.0);
  }
  SECTION("double") {
    CHECK(value(1.0).kind() == value_kind::floating);
    CHECK(value(2.5).as_double() == 2.5);
    CHECK_THROWS_AS(value(2.0).as_int(), std::logic_error);
    CHECK_THROWS_AS(value(2.0).as_uint(), std::logic_error);
    CHECK(value(std::nan("")).is_double());
    CHECK(value(std::nan("")).to_json() == "null");
    CHECK(value(INFINITY).to_json() == "null");
    CHECK(value(-INFINITY).to_json() == "null");
    CHECK_FALSE(hotdog::value_traits<value>::is_nil(value(std::nan(""))));
  }
  SECTION("string, short and long (shared)") {
    const std::string long_text(100, 'x');
    for (const std::string& s : {std::string(), std::string("abc"), std::string(15, 'y'),
                                 std::string(16, 'z'), long_text}) {
      const value v(s);
      CHECK(v.kind() == value_kind::string);
      CHECK(v.as_string() == s);
      CHECK(value(std::string_view(s)).as_string() == s);
      CHECK(value(s.c_str()).as_string() == s);
      const value copy = v;  // NOLINT(performance-unnecessary-copy-initialization)
      CHECK(copy == v);
      CHECK(copy.as_string() == s);
    }
    CHECK(value(std::string("a\0b", 3)).as_string().size() == 3);
    CHECK(value(std::string("a\0b", 3)).to_json() == "\"a\\u0000b\"");
    CHECK_THROWS_AS(value("x").as_double(), std::logic_error);
    CHECK(value("x").find("x") == nullptr);
  }
  SECTION("array") {
    const value a = value::array({1, "two", 3.0, value(), value::array({})});
    CHECK(a.kind() == value_kind::array);
    REQUIRE(a.items().size() == 5);
    CHECK(a.items()[1].as_string() == "two");
    CHECK(a.to_json() == "[1,\"two\",3.0,null,[]]");
    CHECK(value::array({}).to_json() == "[]");
    CHECK(value::array({}).items().empty());
    CHECK_THROWS_AS(a.members(), std::logic_error);
    CHECK(a.find("0") == nullptr);
    const value copy = a;  // shares the elements
    CHECK(&copy.items() == &a.items());
  }
  SECTION("object") {
    const value o = value::object({{"b", 1}, {"a", value::object({})}, {"c", "x"}});
    CHECK(o.kind() == value_kind::object);
    CHECK(o.to_json() == "{\"a\":{},\"b\":1,\"c\":\"x\"}");
    REQUIRE(o.find("b") != nullptr);
    CHECK(o.find("b")->as_int() == 1);
    CHECK(o.find("a")->members().empty());
    CHECK(o.find("") == nullptr);
    CHECK(o.find("bb") == nullptr);
    CHECK(value::object({}).to_json() == "{}");
    CHECK_THROWS_AS(o.items(), std::logic_error);
  }
  SECTION("wrong-kind errors name the accessor and the value") {
    try {
      (void)value("hi").as_int();
      FAIL("as_int on a string did not throw");
    } catch (const std::logic_error& e) {
      CHECK(std::string(e.what()) == "hotdog::sim::value::as_int on a string (\"hi\")");
    }
  }
}

TEST_CASE("value: equality", "[value]") {
  CHECK(value() == value());
  CHECK(value(1) == value(std::uint64_t{1}));
  CHECK(value(std::uint64_t{1}) == value(1));
  CHECK(value(-1) != value(std::numeric_limits<std::uint64_t>::max()));
  CHECK(value(1) != value(1.0));
  CHECK(value(0.0) == value(-0.0));
  CHECK(value(std::nan("")) != value(std::nan("")));
  CHECK(value(true) != value(1));
  CHECK(value("a") == value(std::string("a")));
  CHECK(value(std::string(40, 'q')) == value(std::string(40, 'q')));
  CHECK(value(std::string(40, 'q')) != value(std::string(41, 'q')));
  CHECK(value("1") != value(1));
  CHECK(value::array({1, 2}) == value::array({1, std::uint64_t{2}}));
  CHECK(value::array({1, 2}) != value::array({2, 1}));
  CHECK(value::array({1}) != value::array({1, 1}));
  CHECK(value::object({{"a", 1}, {"b", 2}}) == value::object({{"b", 2}, {"a", 1}}));
  CHECK(value::object({{"a", 1}}) != value::object({{"a", 2}}));
  CHECK(value::object({{"a", 1}}) != value::object({{"b", 1}}));
  CHECK(value::array({}) != value::object({}));
}

TEST_CASE("value: objects sort keys by bytes, and the last of equal keys wins", "[value]") {
  SECTION("byte order, as std::map<std::string, ...>: upper case, lower case, then UTF-8") {
    const value o = value::object({{"\xC3\xA9", 1}, {"z", 2}, {"Z", 3}, {"", 4}, {"a\x01", 5}});
    CHECK(o.to_json() == "{\"\":4,\"Z\":3,\"a\\u0001\":5,\"z\":2,\"\xC3\xA9\":1}");
    std::vector<std::string> keys;
    for (const auto& [key, item] : o.members()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"", "Z", "a\x01", "z", "\xC3\xA9"});
  }
  SECTION("duplicates: the last one wins, as when nlohmann parses a text") {
    const value o = value::object({{"b", 1}, {"a", 2}, {"b", 3}, {"a", 4}, {"b", 5}});
    CHECK(o.to_json() == "{\"a\":4,\"b\":5}");
    CHECK(o.members().size() == 2);
    CHECK(o.to_json() == dump(nlohmann::json::parse(R"({"b":1,"a":2,"b":3,"a":4,"b":5})")));
  }
  SECTION("random members with repeated keys agree with nlohmann's parser") {
    generator gen(7);
    for (int round = 0; round < 500; ++round) {
      std::vector<std::pair<std::string, value>> members;
      std::string text = "{";
      for (std::size_t n = gen.pick(12); n > 0; --n) {
        std::string key(1, static_cast<char>('a' + gen.pick(5)));
        if (gen.chance(3)) key += static_cast<char>('A' + gen.pick(3));
        const std::int64_t item = gen.rng.between(-9, 9);
        if (text.size() > 1) text += ',';
        text += '"' + key + "\":" + std::to_string(item);
        members.emplace_back(key, item);
      }
      text += '}';
      const value o = value::object(members);
      INFO(text);
      CHECK(o.to_json() == dump(nlohmann::json::parse(text)));
      CHECK(o == hotdog::sim::to_value(nlohmann::json::parse(text)));
    }
  }
}

TEST_CASE("value: JSON text matches nlohmann's literally", "[value]") {
  SECTION("doubles in nlohmann's layout") {
    const std::pair<double, const char*> cases[] = {
        {1.0, "1.0"},
        {1.5, "1.5"},
        {0.1, "0.1"},
        {-2.5, "-2.5"},
        {100.0, "100.0"},
        {1e20, "1e+20"},
        {1e21, "1e+21"},
        {1e100, "1e+100"},
        {1e-5, "1e-05"},
        {1e-4, "0.0001"},
        {0.001, "0.001"},
        {1e-100, "1e-100"},
        {0.0, "0.0"},
        {-0.0, "-0.0"},
        {123.456, "123.456"},
        {123456789012345.0, "123456789012345.0"},
        {999999999999999.0, "999999999999999.0"},
        {1e15, "1e+15"},
        {1e16, "1e+16"},
        {12345678901234567.0, "1.2345678901234568e+16"},
        {9007199254740993.0, "9.007199254740992e+15"},
        {0.30000000000000004, "0.30000000000000004"},
        {5e-324, "5e-324"},
        {2.2250738585072014e-308, "2.2250738585072014e-308"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
    };
    for (const auto& [d, expected] : cases) {
      INFO(expected);
      CHECK(value(d).to_json() == expected);
      CHECK(dump(nlohmann::json(d)) == expected);
    }
    // Where Grisu2, nlohmann's, is not the shortest, the digits are std::to_chars's shortest
    // in nlohmann's layout.
    const std::tuple<double, const char*, const char*> shortest[] = {
        {parse_double("-3.556169393814842e-26"), "-3.556169393814842e-26",
         "-3.5561693938148423e-26"},
        {parse_double("1.2381497353139132e+15"), "1.2381497353139132e+15",
         "1.2381497353139133e+15"},
    };
    for (const auto& [d, expected, nlohmanns] : shortest) {
      INFO(expected);
      CHECK(value(d).to_json() == expected);
      CHECK(dump(nlohmann::json(d)) == nlohmanns);
    }
  }
  SECTION("string escapes") {
    const std::pair<std::string, std::string> cases[] = {
        {"", "\"\""},
        {"\"\\/", "\"\\\"\\\\/\""},
        {"\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\""},
        {"\x01\x1f\x0b", "\"\\u0001\\u001f\\u000b\""},
        {"\x7f", "\"\x7f\""},
        {"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\""},
    };
    for (const auto& [s, expected] : cases) {
      INFO(expected);
      CHECK(value(s).to_json() == expected);
      CHECK(dump(nlohmann::json(s)) == expected);
    }
  }
  SECTION("invalid UTF-8 becomes U+FFFD, as nlohmann's replace handler does it") {
    const std::string r = "\xEF\xBF\xBD";
    const std::pair<std::string, std::string> cases[] = {
        {"\xFF", r},
        {"a\xC3", "a" + r},   // cut off by the end
        {"\xC3(", r + "("},   // cut off by an ASCII byte, read again
        {"\xF0\x9F\x98", r},  // 3 valid bytes of 4, then the end
        {"x\xF0\x9F\x98\xF0\x9F\x98\x80", "x" + r + "\xF0\x9F\x98\x80"},
        {"\xE0\x80\x80", r + r + r},          // overlong: each byte replaced
        {"\xED\xA0\x80", r + r + r},          // surrogate
        {"\xF4\x90\x80\x80", r + r + r + r},  // above U+10FFFF
        {"\xC0\xAF", r + r},
    };
    for (const auto& [s, expected] : cases) {
      INFO(dump(nlohmann::json(s)));
      CHECK(value(s).to_json() == '"' + expected + '"');
      CHECK(dump(nlohmann::json(s)) == '"' + expected + '"');
    }
  }
}

TEST_CASE("value: differential against nlohmann on random JSON", "[value]") {
  generator gen(20240611);
  int mismatches = 0;
  int texts_differ = 0;
  const auto check = [&](const nlohmann::json& j) {
    const value v = hotdog::sim::to_value(j);
    const std::string expected = dump(j);
    const std::string got = v.to_json();
    const nlohmann::json back = hotdog::sim::to_json(v);
    // nlohmann's text, but where Grisu2 prints a double's digits longer or further from it
    // than the shortest (std::to_chars): there the same JSON, read back, and never longer.
    if (got != expected) ++texts_differ;
    const bool same_text =
        got == expected || (nlohmann::json::parse(got) == nlohmann::json::parse(expected) &&
                            got.size() <= expected.size());
    const bool same_json = back == j && same_types(back, j);
    const bool same_value = hotdog::sim::to_value(back) == v;
    if (!same_text || !same_json || !same_value) {
      if (++mismatches <= 10) {
        INFO("expected: " << expected);
        INFO("got:      " << got);
        CHECK(same_text);
        CHECK(same_json);
        CHECK(same_value);
      }
    }
  };

  SECTION("doubles, alone: random bit patterns, awkward decimals, near layout switches") {
    int grisu_not_shortest = 0;
    for (int i = 0; i < 30000; ++i) {
      const double d = gen.any_double();
      check(d);
      check(-d);
      if (grisu_differs_from_shortest(d)) ++grisu_not_shortest;
    }
    // The sample must hold doubles whose nlohmann digits differ from the shortest ones, or
    // it could not tell Grisu2 from std::to_chars; the texts differ at those and only there.
    CHECK(grisu_not_shortest > 5);
    CHECK(texts_differ == 2 * grisu_not_shortest);
  }
  SECTION("strings, alone: control characters, quotes, backslashes, UTF-8 valid and not") {
    for (int i = 0; i < 20000; ++i) check(gen.any_string());
  }
  SECTION("integers, alone") {
    for (int i = 0; i < 5000; ++i) {
      check(nlohmann::json::number_integer_t{static_cast<std::int64_t>(gen.rng.next())});
      check(nlohmann::json::number_unsigned_t{gen.rng.next()});
    }
    check(std::numeric_limits<std::int64_t>::min());
    check(std::numeric_limits<std::int64_t>::max());
    check(std::numeric_limits<std::uint64_t>::max());
  }
  SECTION("nested arrays and objects of all of the above") {
    for (int i = 0; i < 5000; ++i) check(gen.any_json(4));
  }
  SECTION("texts parsed by nlohmann (non-negative integers parse as unsigned)") {
    for (int i = 0; i < 2000; ++i) {
      const nlohmann::json j = gen.any_json(3);
      const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      check(nlohmann::json::parse(text));
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("value: to_value refuses what JSON text cannot hold", "[value]") {
  CHECK_THROWS_AS(hotdog::sim::to_value(nlohmann::json::binary({1, 2})), std::invalid_argument);
  CHECK(hotdog::sim::to_value(nlohmann::json::parse("5")).kind() == value_kind::unsigned_integer);
  CHECK(hotdog::sim::to_value(nlohmann::json::parse("-5")).kind() == value_kind::integer);
  CHECK(hotdog::sim::to_value(nlohmann::json::parse("5.0")).kind() == value_kind::floating);
}

TEST_CASE("value: conversions that must not compile", "[value]") {
  STATIC_REQUIRE_FALSE(std::is_constructible_v<value, const int*>);
  STATIC_REQUIRE_FALSE(std::is_constructible_v<value, std::string*>);
  STATIC_REQUIRE(std::is_constructible_v<value, char*>);
  CHECK(value(static_cast<char*>(nullptr)).is_null());
}
