// The scenario loader's private JSON reader (lib/sim/load/src), reached through hotdog::sim.
#include "../lib/sim/load/src/json_reader.hpp"

#include <hotdog/json_text.hpp>
#include <hotdog/random.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <variant>
#include <vector>

using namespace hotdog::sim;

namespace {

located_json ok(const std::string& text) {
  auto r = read_json(text);
  if (auto* e = std::get_if<json_error>(&r))
    FAIL(std::to_string(e->where.line) + ":" + std::to_string(e->where.column) + ": " + e->message);
  return std::get<located_json>(std::move(r));
}

// The error as "LINE:COLUMN: MESSAGE", or "ok".
std::string error_of(const std::string& text) {
  auto r = read_json(text);
  if (auto* e = std::get_if<json_error>(&r))
    return std::to_string(e->where.line) + ":" + std::to_string(e->where.column) + ": " +
           e->message;
  return "ok";
}

std::string at(const text_position& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

std::string nested(int depth, const std::string& inner = "") {
  return std::string(static_cast<std::size_t>(depth), '[') + inner +
         std::string(static_cast<std::size_t>(depth), ']');
}

}  // namespace

TEST_CASE("every value and every key has its position, by JSON pointer", "[json_reader]") {
  const auto doc =
      ok("{\n"
         "  \"a\": 1,\n"
         "  \"b\": [true, {\"c\": null}],\n"
         "  \"d~/e\": \"x\"\n"
         "}");
  CHECK(doc.value == nlohmann::json::parse(R"({"a":1,"b":[true,{"c":null}],"d~/e":"x"})"));
  CHECK(at(doc.at("")) == "1:1");
  CHECK(at(doc.at("/a")) == "2:8");
  CHECK(at(doc.key_at("/a")) == "2:3");
  CHECK(at(doc.at("/b")) == "3:8");
  CHECK(at(doc.at("/b/0")) == "3:9");
  CHECK(at(doc.at("/b/1")) == "3:15");
  CHECK(at(doc.key_at("/b/1/c")) == "3:16");
  CHECK(at(doc.at("/b/1/c")) == "3:21");
  CHECK(at(doc.key_at("/d~0~1e")) == "4:3");  // '~' and '/' escaped in the pointer
  CHECK(at(doc.at("/d~0~1e")) == "4:11");
  CHECK(doc.values.size() == 7);
  CHECK(doc.keys.size() == 4);

  SECTION("an unknown pointer is placed at its nearest enclosing value") {
    CHECK(at(doc.at("/b/1")) == "3:15");
    CHECK(at(doc.at("/b/1/zz")) == "3:15");
    CHECK(at(doc.at("/b/7/x")) == "3:8");
    CHECK(at(doc.at("/nope")) == "1:1");
  }
  SECTION("a key's position, or its value's when it has no key") {
    CHECK(at(doc.key_at("/b")) == "3:3");
    CHECK(at(doc.key_at("/b/0")) == "3:9");
    CHECK(at(doc.key_at("/b/1/q")) == "3:15");
  }
}

TEST_CASE("columns count bytes / lines count line feeds", "[json_reader]") {
  CHECK(at(ok("{\"é\": 1}").at("/é")) == "1:8");
  CHECK(at(ok("{\r\n\"a\": 1}").at("/a")) == "2:6");
  CHECK(at(ok("\n\n\t[0,\n 1]").at("/1")) == "4:2");
}

TEST_CASE("pointer hashes are pinned: positions are looked up by them", "[json_reader]") {
  // FNV-1a then mix64; a change here would still work, but should be on purpose.
  CHECK(pointer_hash(root_pointer_hash, "processes") == 0xe48f9cb2977d31aaULL);
  CHECK(pointer_hash(root_pointer_hash, "a") != pointer_hash(root_pointer_hash, "b"));
}

TEST_CASE("pointer tokens are escaped", "[json_reader]") {
  CHECK(pointer_append("", "a") == "/a");
  CHECK(pointer_append("/a", "x/y~z") == "/a/x~1y~0z");
  CHECK(pointer_append("/a", "") == "/a/");
  CHECK(pointer_append("/a", std::size_t{12}) == "/a/12");
}

TEST_CASE("a duplicate key is an error at the second one", "[json_reader]") {
  CHECK(error_of("{\"a\": 1,\n \"b\": 2,\n \"a\": 3}") == "3:2: duplicate key \"a\"");
  CHECK(error_of("{\"x\": {\"a\": 1, \"a\": 1}}") == "1:16: duplicate key \"a\"");
  // The same key in different objects is fine.
  CHECK(error_of("{\"a\": {\"a\": 1}, \"b\": [{\"a\": 1}, {\"a\": 2}]}") == "ok");
  // Keys are compared after unescaping.
  CHECK(error_of(R"({"a": 1, "\u0061": 2})") == "1:10: duplicate key \"a\"");
}

TEST_CASE("nesting is limited to 200 levels below the top", "[json_reader]") {
  CHECK(error_of(nested(201)) == "ok");
  CHECK(error_of(nested(202)) == "1:202: the JSON is nested more than 200 levels deep");
  CHECK(error_of(nested(200, "1")) == "ok");
  CHECK(error_of(nested(201, "1")) == "1:202: the JSON is nested more than 200 levels deep");
  std::string objects;
  for (int i = 0; i < 201; ++i) objects += "{\"k\":";
  CHECK(error_of(objects + "1" + std::string(201, '}')) ==
        "1:1006: the JSON is nested more than 200 levels deep");
  // A deep document far past the limit fails fast, without exhausting the stack.
  CHECK(error_of(nested(100'000)) == "1:202: the JSON is nested more than 200 levels deep");
}

TEST_CASE("strings must be valid UTF-8", "[json_reader]") {
  // Every bad sequence is reported at its first byte, as "not valid UTF-8 (...)".
  const auto bad_at = [](const std::string& text, const std::string& where) {
    const std::string e = error_of(text);
    return e.rfind(where + ": not valid UTF-8 (", 0) == 0;
  };
  CHECK(ok("\"é€😀\"").value == "é€😀");
  CHECK(bad_at("\"\xff\"", "1:2"));
  CHECK(bad_at("\"ab\x80\"", "1:4"));
  CHECK(bad_at("\"\xC0\x80\"", "1:2"));          // overlong
  CHECK(bad_at("\"\xE0\x80\x80\"", "1:2"));      // overlong
  CHECK(bad_at("\"\xED\xA0\x80\"", "1:2"));      // surrogate
  CHECK(bad_at("\"\xF4\x90\x80\x80\"", "1:2"));  // above U+10FFFF
  CHECK(bad_at("\"\xC3\"", "1:2"));              // cut off
  CHECK(bad_at("\"\xC3", "1:2"));
  // RFC 3629: F5..FF never appear in UTF-8.
  CHECK(bad_at("\"\xF5\x80\x80\"", "1:2"));
  CHECK(bad_at("\"\xFF\xBF\xBF\"", "1:2"));
}

TEST_CASE("a byte order mark is reported at the file's start, by name", "[json_reader]") {
  CHECK(error_of("\xEF\xBB\xBF{}").rfind("1:1: the file starts with a UTF-8 byte order mark", 0) ==
        0);
}

TEST_CASE("nothing but whitespace may follow the value", "[json_reader]") {
  CHECK(error_of("{} x") == "1:4: unexpected text after the end of the JSON value");
  CHECK(error_of("{}{}") == "1:3: unexpected text after the end of the JSON value");
  CHECK(error_of("[1]\n\n]") == "3:1: unexpected text after the end of the JSON value");
  CHECK(error_of("{}\n \t\r\n") == "ok");
  CHECK(error_of("1 2") == "1:3: unexpected text after the end of the JSON value");
}

TEST_CASE("empty text, and malformed structure", "[json_reader]") {
  CHECK(error_of("") == "1:1: the file is empty: expected a JSON object");
  CHECK(error_of("  \n ") == "2:2: the file is empty: expected a JSON object");
  CHECK(error_of("[1,]") == "1:4: expected a value, found ']'");
  CHECK(error_of("{\"a\" 1}") == "1:6: expected ':' after a key, found '1'");
  CHECK(error_of("{\"a\": 1 \"b\": 2}") == "1:9: expected ',' or '}' in an object, found '\"'");
  CHECK(error_of("[1 2]") == "1:4: expected ',' or ']' in an array, found '2'");
  CHECK(error_of("{a: 1}") == "1:2: expected a key in double quotes, found 'a'");
  CHECK(error_of("[tru]") == "1:2: expected a value, found 't'");
  CHECK(error_of("[1") == "1:3: expected ',' or ']' in an array, found the end of the file");
  CHECK(error_of("\"abc") == "1:5: unexpected end of the file in a string");
}

TEST_CASE("scalars, numbers and escapes", "[json_reader]") {
  CHECK(ok("3").value == 3);
  CHECK(ok("-0").value.is_number_integer());
  // -0 is 0, unsigned as 0 is: every reader of whole numbers >= 0 takes it alike.
  CHECK(ok("-0").value.is_number_unsigned());
  CHECK(ok("-0").value == 0);
  CHECK(ok("-1").value.get<std::int64_t>() == -1);
  CHECK(ok("18446744073709551615").value.is_number_unsigned());
  CHECK(ok("18446744073709551616").value.is_number_float());
  CHECK(ok("-9223372036854775808").value.get<std::int64_t>() == INT64_MIN);
  CHECK(ok("-9223372036854775809").value.is_number_float());
  CHECK(ok("1.5e3").value.get<double>() == 1500.0);
  CHECK(ok("1E-2").value.get<double>() == 0.01);
  CHECK(error_of("01") == "1:3: a number may not have leading zeros");
  CHECK(error_of("1.") == "1:3: invalid number: expected digits after '.'");
  CHECK(error_of("1e+") == "1:4: invalid number: expected digits in the exponent");
  CHECK(error_of("-") == "1:2: invalid number");
  CHECK(error_of("1e400") == "1:6: the number is too large");
  CHECK(ok(R"("\"\\\/\b\f\n\r\t")").value == "\"\\/\b\f\n\r\t");
  CHECK(ok(R"("\u00e9\u20AC\ud83d\ude00")").value == "é€😀");
  CHECK(error_of(R"("\ud83d")") == "1:8: an unpaired UTF-16 surrogate in a \\u escape");
  CHECK(error_of(R"("\ude00")") == "1:8: an unpaired UTF-16 surrogate in a \\u escape");
  CHECK(error_of(R"("\u12g4")") == "1:7: invalid \\u escape");
  CHECK(error_of(R"("\x")") == "1:4: invalid escape '\\x' in a string");
  CHECK(error_of("\"a\tb\"") == "1:3: a control character in a string must be escaped");
}

TEST_CASE("doubles written by append_json_double read back exactly through the JSON reader",
          "[json_reader]") {
  // A fixed-seed stream of bit patterns (splitmix64's steps), every finite one kept, plus the
  // edges: subnormals, the extreme normals, integers above 2^53, negative zero.
  std::vector<double> values = {5e-324,
                                2.2250738585072009e-308,
                                2.2250738585072014e-308,
                                1.7976931348623157e308,
                                9007199254740993.0,
                                1.8446744073709552e19,
                                -0.0,
                                0.1,
                                1.0 / 3.0,
                                -1e-7,
                                1e21,
                                123456789.125};
  std::uint64_t x = 20261204;
  while (values.size() < 200000) {
    const std::uint64_t bits = hotdog::mix64(x += 0x9e3779b97f4a7c15ull);
    double d = 0;
    std::memcpy(&d, &bits, sizeof d);
    if (std::isfinite(d)) values.push_back(d);
  }
  std::string text = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) text += ',';
    hotdog::append_json_double(text, values[i]);
  }
  text += ']';
  const located_json doc = ok(text);
  REQUIRE(doc.value.size() == values.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double back = doc.value[i].get<double>();
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, &values[i], sizeof a);
    std::memcpy(&b, &back, sizeof b);
    differ += a != b;
  }
  CHECK(differ == 0);
}
