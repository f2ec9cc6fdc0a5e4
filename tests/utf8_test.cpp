#include <hotdog/utf8.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using namespace hotdog;

namespace {

// Every code point decoded from s, in order, ill-formed sequences as U+FFFD.
std::u32string decode_all(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) out += utf8_decode(s, i);
  return out;
}

std::string encode(char32_t c) {
  std::string out;
  utf8_append(out, c);
  return out;
}

}  // namespace

TEST_CASE("utf8_sequence measures well-formed sequences", "[utf8]") {
  CHECK(utf8_sequence("a", 0) == 1);
  CHECK(utf8_sequence(std::string_view("\0", 1), 0) == 1);
  CHECK(utf8_sequence("\x7F", 0) == 1);
  CHECK(utf8_sequence("\xC2\x80", 0) == 2);          // U+0080, the first of two bytes
  CHECK(utf8_sequence("\xDF\xBF", 0) == 2);          // U+07FF, the last
  CHECK(utf8_sequence("\xE0\xA0\x80", 0) == 3);      // U+0800
  CHECK(utf8_sequence("\xED\x9F\xBF", 0) == 3);      // U+D7FF, just below the surrogates
  CHECK(utf8_sequence("\xEE\x80\x80", 0) == 3);      // U+E000, just above them
  CHECK(utf8_sequence("\xEF\xBF\xBF", 0) == 3);      // U+FFFF
  CHECK(utf8_sequence("\xF0\x90\x80\x80", 0) == 4);  // U+10000
  CHECK(utf8_sequence("\xF4\x8F\xBF\xBF", 0) == 4);  // U+10FFFF, the last code point
  CHECK(utf8_sequence("x\xC3\xA9", 1) == 2);         // at an offset
}

TEST_CASE("utf8_sequence refuses what RFC 3629 does not allow", "[utf8]") {
  SECTION("bytes that never start a sequence: 0") {
    CHECK(utf8_sequence("\x80", 0) == 0);  // continuation bytes
    CHECK(utf8_sequence("\xBF", 0) == 0);
    CHECK(utf8_sequence("\xC0\x80", 0) == 0);  // C0 and C1 only make overlongs
    CHECK(utf8_sequence("\xC1\xBF", 0) == 0);
    CHECK(utf8_sequence("\xF5\x80\x80\x80", 0) == 0);  // F5..FF: above U+10FFFF or never
    CHECK(utf8_sequence("\xFE", 0) == 0);
    CHECK(utf8_sequence("\xFF", 0) == 0);
  }
  SECTION("overlongs, surrogates, above U+10FFFF: broken off after the lead byte") {
    CHECK(utf8_sequence("\xE0\x9F\xBF", 0) == -1);      // overlong U+07FF
    CHECK(utf8_sequence("\xF0\x8F\xBF\xBF", 0) == -1);  // overlong U+FFFF
    CHECK(utf8_sequence("\xED\xA0\x80", 0) == -1);      // U+D800
    CHECK(utf8_sequence("\xED\xBF\xBF", 0) == -1);      // U+DFFF
    CHECK(utf8_sequence("\xF4\x90\x80\x80", 0) == -1);  // U+110000
  }
  SECTION("truncation: -k after k valid bytes") {
    CHECK(utf8_sequence("\xC3", 0) == -1);  // at the end
    CHECK(utf8_sequence("\xE2\x82", 0) == -2);
    CHECK(utf8_sequence("\xF0\x9F\x98", 0) == -3);
    CHECK(utf8_sequence("\xC3(", 0) == -1);  // on a byte that is no continuation
    CHECK(utf8_sequence("\xE2\x82(", 0) == -2);
    CHECK(utf8_sequence("\xF0\x9F\x98\xC3", 0) == -3);
  }
}

TEST_CASE("utf8_read and utf8_decode give the code point", "[utf8]") {
  CHECK(utf8_read("A", 0).code_point == U'A');
  CHECK(utf8_read("\xC3\xA9", 0).code_point == U'\u00E9');
  CHECK(utf8_read("\xE2\x82\xAC", 0).code_point == U'\u20AC');
  CHECK(utf8_read("\xF0\x9F\x98\x80", 0).code_point == U'\U0001F600');
  CHECK(utf8_read("\xF4\x8F\xBF\xBF", 0).code_point == U'\U0010FFFF');
  CHECK(utf8_read("\xEF\xBF\xBD", 0).code_point == utf8_replacement);  // a real U+FFFD...
  CHECK(utf8_read("\xEF\xBF\xBD", 0).length == 3);                     // ...is well-formed
  CHECK(utf8_read("\xFF", 0).length == 0);
  CHECK(utf8_read("\xFF", 0).advance() == 1);
  CHECK(utf8_read("\xF0\x9F\x98", 0).length == -3);
  CHECK(utf8_read("\xF0\x9F\x98", 0).advance() == 3);
  CHECK(decode_all("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z") == U"a\u00E9\u20AC\U0001F600z");
}

TEST_CASE("utf8_decode replaces each maximal subpart of an ill-formed sequence", "[utf8]") {
  // Unicode's recommended practice (the examples of its section 3.9, "U+FFFD Substitution
  // of Maximal Subparts"), also what nlohmann_json and the WHATWG decoder do.
  CHECK(decode_all("\xC0\xAF") == U"\uFFFD\uFFFD");                      // overlong: 2
  CHECK(decode_all("\xE0\x80\xAF") == U"\uFFFD\uFFFD\uFFFD");            // overlong: 3
  CHECK(decode_all("\xED\xA0\x80") == U"\uFFFD\uFFFD\uFFFD");            // a surrogate: 3
  CHECK(decode_all("\xF4\x90\x80\x80") == U"\uFFFD\uFFFD\uFFFD\uFFFD");  // > U+10FFFF: 4
  CHECK(decode_all("\xF0\x9F\x98") == U"\uFFFD");                        // cut at the end: 1
  CHECK(decode_all("\xF0\x9F\x98(") == U"\uFFFD(");                      // cut by ASCII: kept
  CHECK(decode_all("\xE2\x82\xC3\xA9") == U"\uFFFD\u00E9");              // cut by a new lead
  CHECK(decode_all("\x80\xBF") == U"\uFFFD\uFFFD");                      // lone continuations
  CHECK(decode_all("a\xFFz") == U"a\uFFFDz");
}

TEST_CASE("utf8_valid checks a whole text", "[utf8]") {
  CHECK(utf8_valid(""));
  CHECK(utf8_valid("plain"));
  CHECK(utf8_valid("cr\xC3\xAApe \xF0\x9F\x8C\xAD"));
  CHECK_FALSE(utf8_valid("cr\xC3"));
  CHECK_FALSE(utf8_valid("\xED\xA0\x80"));
  CHECK_FALSE(utf8_valid("ok\xC0\x80"));
}

TEST_CASE("utf8_append encodes a code point in 1 to 4 bytes", "[utf8]") {
  CHECK(encode(0) == std::string("\0", 1));
  CHECK(encode(0x7F) == "\x7F");
  CHECK(encode(0x80) == "\xC2\x80");
  CHECK(encode(0x7FF) == "\xDF\xBF");
  CHECK(encode(0x800) == "\xE0\xA0\x80");
  CHECK(encode(0xD7FF) == "\xED\x9F\xBF");
  CHECK(encode(0xE000) == "\xEE\x80\x80");
  CHECK(encode(0xFFFF) == "\xEF\xBF\xBF");
  CHECK(encode(0x10000) == "\xF0\x90\x80\x80");
  CHECK(encode(0x10FFFF) == "\xF4\x8F\xBF\xBF");
  SECTION("what UTF-8 cannot hold is U+FFFD") {
    CHECK(encode(0xD800) == "\xEF\xBF\xBD");
    CHECK(encode(0xDFFF) == "\xEF\xBF\xBD");
    CHECK(encode(0x110000) == "\xEF\xBF\xBD");
    CHECK(encode(0xFFFFFFFF) == "\xEF\xBF\xBD");
  }
  SECTION("it appends") {
    std::string out = "x";
    utf8_append(out, U'\u00E9');
    utf8_append(out, U'!');
    CHECK(out == "x\xC3\xA9!");
  }
}

TEST_CASE("every code point round-trips through utf8_append and utf8_decode", "[utf8]") {
  std::size_t checked = 0;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const std::string s = encode(c);
    const auto expected_length = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    std::size_t i = 0;
    // One REQUIRE per failure only: a million CHECKs that pass would slow the run down.
    if (static_cast<int>(s.size()) != expected_length || utf8_sequence(s, 0) != expected_length ||
        utf8_decode(s, i) != c || i != s.size())
      FAIL("code point " << static_cast<unsigned long>(c) << " does not round-trip");
    ++checked;
  }
  CHECK(checked == 0x110000 - 0x800);
}

TEST_CASE("every two-byte prefix is judged as RFC 3629's table says", "[utf8]") {
  // Exhaustive over lead and second byte, against the table written out independently.
  for (unsigned b0 = 0; b0 < 256; ++b0) {
    for (unsigned b1 = 0; b1 < 256; ++b1) {
      const std::string s{static_cast<char>(b0), static_cast<char>(b1), '\x80', '\x80'};
      int expected = 0;
      if (b0 < 0x80) {
        expected = 1;
      } else if (b0 >= 0xC2 && b0 <= 0xF4) {
        const unsigned lo = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
        const unsigned hi = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF;
        const int len = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
        expected = b1 >= lo && b1 <= hi ? len : -1;
      }
      if (utf8_sequence(s, 0) != expected)
        FAIL("bytes " << b0 << " " << b1 << ": " << utf8_sequence(s, 0) << ", not " << expected);
    }
  }
  SUCCEED();
}
