#include <hotdog/detail/small_list.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <span>
#include <vector>

using hotdog::detail::small_list;

namespace {

std::vector<std::uint32_t> items(const small_list<std::uint32_t, 3>& l) {
  return {l.begin(), l.end()};
}

}  // namespace

TEST_CASE("a small list keeps its values in order, in place and past its inline room",
          "[small_list]") {
  small_list<std::uint32_t, 3> l;
  CHECK(l.empty());
  for (std::uint32_t v = 1; v <= 3; ++v) l.push_back(v);
  CHECK(items(l) == std::vector<std::uint32_t>{1, 2, 3});
  l.push_back(4);  // the first value past the inline room moves all to the heap
  l.push_back(5);
  CHECK(l.size() == 5);
  CHECK(items(l) == std::vector<std::uint32_t>{1, 2, 3, 4, 5});
  std::span<const std::uint32_t> s = l;
  CHECK(s.size() == 5);
  CHECK(s[4] == 5);
  CHECK(l[3] == 4);
  l.clear();
  CHECK(l.empty());
  l.push_back(9);  // after a spill, a short list is in place again
  CHECK(items(l) == std::vector<std::uint32_t>{9});
  CHECK(std::span<const std::uint32_t>(l).size() == 1);
  for (std::uint32_t v = 10; v <= 13; ++v) l.push_back(v);
  CHECK(items(l) == std::vector<std::uint32_t>{9, 10, 11, 12, 13});
}
