#include "hotdog/parse_whole.hpp"

#include <charconv>

namespace hotdog {

std::optional<std::uint64_t> parse_whole(std::string_view s) noexcept {
  // from_chars takes no '+' and, for an unsigned type, no '-': digits are all it reads.
  std::uint64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace hotdog
