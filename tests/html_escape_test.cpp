#include <hotdog/sim/text/html_escape.hpp>

#include <catch2/catch.hpp>

#include <string>

using hotdog::sim::html_escape;

TEST_CASE("html_escape makes text safe in an element and in a quoted attribute", "[html]") {
  CHECK(html_escape("") == "");
  CHECK(html_escape("hot dog") == "hot dog");
  CHECK(html_escape("a & b") == "a &amp; b");
  CHECK(html_escape("<script>") == "&lt;script&gt;");
  CHECK(html_escape("say \"hi\"") == "say &quot;hi&quot;");
  CHECK(html_escape("&amp;") == "&amp;amp;");  // escaped again: it is text, not markup
  CHECK(html_escape("it's caf\xc3\xa9") == "it's caf\xc3\xa9");
  CHECK(html_escape(std::string("a\0b", 3)) == std::string("a\0b", 3));
}
