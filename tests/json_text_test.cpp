#include <hotdog/json_text.hpp>

#include <catch2/catch.hpp>

#include <limits>
#include <string>

using namespace hotdog;

namespace {

const std::string fffd = "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER

std::string dbl(double d) {
  std::string s;
  append_json_double(s, d);
  return s;
}

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
