// "Did you mean": the closest known name to a likely typo, within a budget; and the rule for
// what may name a channel or a process.
#include "hotdog/sim/load/load.hpp"

#include "suggestions.hpp"

#include <algorithm>
#include <cstdint>

namespace hotdog::sim {

namespace {

// The work did_you_mean may still do in this thread's current load (candidates looked at plus
// distance cells computed), so that hostile input (10^5 unknown names against 10^5 channels)
// stays fast: once it runs out, no more suggestions.
// Outside a load (a direct call) the budget is not consulted: the length bounds suffice.
thread_local std::uint64_t suggestion_budget = 0;
thread_local bool suggestions_budgeted = false;
constexpr std::uint64_t suggestion_budget_per_load = 50'000'000;
// Names longer than this get no suggestions: typos are made in names one types.
constexpr std::size_t max_suggested_length = 64;

// Optimal string alignment: edits plus swaps of neighbours ("mdoe" is one from "mode").
// Both strings are at most max_suggested_length long: three rows of at most 65 cells.
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> two_back(b.size() + 1), back(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) back[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] =
          std::min({back[j] + 1, row[j - 1] + 1, back[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], two_back[j - 2] + 1);
    }
    std::swap(two_back, back);
    std::swap(back, row);
  }
  return back[b.size()];
}

// Takes `cost` from the load's budget; false (and the budget emptied) when it cannot pay.
bool spend(std::uint64_t cost) {
  if (!suggestions_budgeted) return true;
  if (cost > suggestion_budget) {
    suggestion_budget = 0;
    return false;
  }
  suggestion_budget -= cost;
  return true;
}

}  // namespace

loading::suggestion_budget_scope::suggestion_budget_scope() {
  suggestion_budget = suggestion_budget_per_load;
  suggestions_budgeted = true;
}

loading::suggestion_budget_scope::~suggestion_budget_scope() { suggestions_budgeted = false; }

std::optional<std::string> did_you_mean(const std::string& word,
                                        const std::vector<std::string>& candidates) {
  if (word.size() > max_suggested_length) return std::nullopt;
  std::optional<std::string> best;
  std::size_t best_d = 0;
  for (const auto& c : candidates) {
    if (!spend(1)) break;
    if (c.size() > max_suggested_length) continue;
    const std::size_t allowed = std::max<std::size_t>(1, std::min(word.size(), c.size()) / 3);
    const std::size_t gap =
        word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    if (gap > allowed) continue;  // the distance is at least the difference in length
    if (!spend((word.size() + 1) * (c.size() + 1))) break;
    const std::size_t d = distance(word, c);
    if (d <= allowed && (!best || d < best_d)) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

result<std::string> check_name(std::string_view name) {
  if (name.empty()) return failure("a name may not be empty");
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f) return failure("a name may not hold a control character");
    if (c == '|') return failure("a name may not hold '|' (traces use it to join channel names)");
    // C1 controls U+0080..U+009F; U+2028, U+2029; bidirectional overrides and isolates
    // U+202A..U+202E and U+2066..U+2069: all would change how a trace line reads.
    if (c == 0xc2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) < 0xa0)
      return failure("a name may not hold a control character");
    if (c == 0xe2 && i + 2 < name.size()) {
      const auto b1 = static_cast<unsigned char>(name[i + 1]);
      const auto b2 = static_cast<unsigned char>(name[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xa8 && b2 <= 0xae) || (b1 == 0x81 && b2 >= 0xa6 && b2 <= 0xa9))
        return failure(
            "a name may not hold a line separator or a bidirectional formatting character");
    }
  }
  return std::string(name);
}

}  // namespace hotdog::sim
