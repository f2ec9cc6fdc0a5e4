#include <hotdog/parse_whole.hpp>

#include <catch2/catch.hpp>

#include <string>

using hotdog::parse_whole;

TEST_CASE("parse_whole reads plain decimal digits", "[parse_whole]") {
  CHECK(parse_whole("0") == 0u);
  CHECK(parse_whole("42") == 42u);
  CHECK(parse_whole("007") == 7u);
  CHECK(parse_whole("18446744073709551615") == UINT64_MAX);
}

TEST_CASE("parse_whole refuses everything else", "[parse_whole]") {
  CHECK_FALSE(parse_whole(""));
  CHECK_FALSE(parse_whole("18446744073709551616"));  // 2^64
  CHECK_FALSE(parse_whole("99999999999999999999999"));
  CHECK_FALSE(parse_whole("-1"));
  CHECK_FALSE(parse_whole("-0"));
  CHECK_FALSE(parse_whole("+1"));
  CHECK_FALSE(parse_whole(" 1"));
  CHECK_FALSE(parse_whole("1 "));
  CHECK_FALSE(parse_whole("1.0"));
  CHECK_FALSE(parse_whole("1e3"));
  CHECK_FALSE(parse_whole("0x10"));
  CHECK_FALSE(parse_whole("12a"));
  CHECK_FALSE(parse_whole(std::string("1\0", 2)));
  CHECK_FALSE(parse_whole("\xd9\xa1"));  // ARABIC-INDIC DIGIT ONE is no ASCII digit
}

TEST_CASE("parse_whole reads only its view", "[parse_whole]") {
  const std::string text = "123,456";
  CHECK(parse_whole(std::string_view(text).substr(0, 3)) == 123u);
  CHECK(parse_whole(std::string_view(text).substr(4)) == 456u);
}
