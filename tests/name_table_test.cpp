// The deadlock finder's table of channel names (lib/src/name_table.hpp, private to the
// library): numbers in the order names are first met, whatever their hashes.
#include "name_table.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using hotdog::detail::name_table;

TEST_CASE("name_table numbers names in the order they are first met", "[name_table]") {
  name_table t;
  CHECK(t.find("a") == name_table::none);
  // Lengths around the hash's eight-byte words, names that differ only in their last byte
  // or only in length (a trailing NUL), and enough of them to grow the table several times.
  std::vector<std::string> names = {
      "",         "a",        "a",         std::string("a\0", 2), "abcdefg",
      "abcdefgh", "abcdefgi", "abcdefghi", "rush-1.reply",        "rush-2.reply"};
  for (int i = 0; i < 200; ++i) names.push_back("rush-" + std::to_string(i) + ".reply");
  std::vector<std::string> distinct;
  for (const auto& n : names) {
    std::size_t expected = distinct.size();
    for (std::size_t k = 0; k < distinct.size(); ++k)
      if (distinct[k] == n) expected = k;
    if (expected == distinct.size()) distinct.push_back(n);
    CHECK(t.id(n) == expected);
  }
  CHECK(t.size() == distinct.size());
  for (std::size_t k = 0; k < distinct.size(); ++k) {
    // A copy of the name (other characters at another address) finds the same number.
    const std::string copy = distinct[k];
    CHECK(t.find(copy) == k);
  }
  CHECK(t.find("rush-200.reply") == name_table::none);
  t.clear();
  CHECK(t.size() == 0);
  CHECK(t.find("a") == name_table::none);
  CHECK(t.id("b") == 0);
  CHECK(t.id("a") == 1);
}

TEST_CASE("name_table compares names by their characters", "[name_table]") {
  const std::string x = "server.in", y = "server.in", z = "server.im";
  CHECK(name_table::same_name(x, y));
  CHECK(name_table::same_name(x, x));
  CHECK_FALSE(name_table::same_name(x, z));
  CHECK_FALSE(name_table::same_name(std::string_view(x).substr(0, 6), x));
}

TEST_CASE("name_table reads no byte outside a name", "[name_table]") {
  // Each name in a heap block of exactly its size, so that AddressSanitizer (the asan preset
  // runs this test) reports any read past its end; lengths around the hash's 4- and 8-byte
  // loads. Names that differ in one byte anywhere get numbers of their own.
  name_table t;
  std::vector<std::unique_ptr<char[]>> blocks;
  std::size_t next = 0;
  for (std::size_t n = 0; n <= 20; ++n)
    for (std::size_t at = 0; at < std::max<std::size_t>(n, 1); ++at) {
      auto block = std::make_unique<char[]>(n);
      for (std::size_t i = 0; i < n; ++i) block[i] = 'a';
      if (n > 0) block[at] = 'b';
      const std::string_view name(block.get(), n);
      const std::size_t id = t.id(name);
      CHECK(id == next);
      ++next;
      CHECK(t.find(std::string(name)) == id);
      blocks.push_back(std::move(block));
    }
}
