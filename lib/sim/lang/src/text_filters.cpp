#include "hotdog/sim/lang/text_filters.hpp"

#include "hotdog/utf8.hpp"

#include <string_view>
#include <vector>

namespace hotdog::sim {

std::string upper_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string reverse_utf8(const std::string& s) {
  std::vector<std::string_view> cps;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_read(s, i).advance();
    cps.emplace_back(s.data() + i, n);
    i += n;
  }
  std::string out;
  out.reserve(s.size());
  for (auto it = cps.rbegin(); it != cps.rend(); ++it) out += *it;
  return out;
}

}  // namespace hotdog::sim
