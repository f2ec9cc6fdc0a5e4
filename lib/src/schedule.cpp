#include "hotdog/schedule.hpp"

#include "hotdog/parse_whole.hpp"

#include <algorithm>

namespace hotdog {

std::string schedule::text() const {
  std::string s = std::to_string(number);
  if (!deviations) return s;
  s += '@';
  for (std::size_t i = 0; i < deviations->size(); ++i) {
    if (i) s += ',';
    s += std::to_string((*deviations)[i].decision) + ':' + std::to_string((*deviations)[i].pick);
  }
  return s;
}

std::variant<schedule, schedule_error> schedule::parse(std::string_view text) {
  constexpr schedule_error problem = schedule_error::syntax;
  schedule s;
  const std::size_t at = text.find('@');
  const auto n = parse_whole(text.substr(0, at));
  if (!n || *n == 0) return problem;
  s.number = *n;
  if (at == std::string_view::npos) return s;
  s.deviations.emplace();
  std::string_view rest = text.substr(at + 1);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) return problem;
    const auto d = parse_whole(item.substr(0, colon));
    const auto p = parse_whole(item.substr(colon + 1));
    if (!d || !p || *p == 0) return problem;
    if (!s.deviations->empty() && s.deviations->back().decision >= *d)
      return schedule_error::decisions_not_increasing;
    s.deviations->push_back({*d, *p});
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
    if (rest.empty()) return problem;
  }
  return s;
}

std::uint64_t scheduled_seed(std::uint64_t seed, std::uint64_t schedule_number) noexcept {
  return seed ^ mix64(schedule_number + 0x9e3779b97f4a7c15ULL);
}

schedule_picker::schedule_picker(const schedule& s, bool record)
    : s_(s), rng_(mix64(s.number) ^ 0x5851f42d4c957f2dULL), record_(record) {
  if (s_.strategy == schedule_strategy::pct && !s_.deviations) {
    for (std::uint32_t j = 1; j < s_.depth; ++j) changes_.push_back({rng_.below(pct_horizon), j});
    std::stable_sort(changes_.begin(), changes_.end(),
                     [](const auto& a, const auto& b) { return a.decision < b.decision; });
  }
}

std::size_t schedule_picker::pick_pct(std::size_t ready,
                                      const std::function<std::string_view(std::size_t)>& owner) {
  constexpr std::uint64_t first = ~std::uint64_t{0};  // handlers of no process
  std::size_t best = 0;
  std::uint64_t best_priority = 0;
  std::string_view best_owner;
  for (std::size_t i = 0; i < ready; ++i) {
    const std::string_view name = owner(i);
    std::uint64_t p = first;
    if (!name.empty()) {
      auto it = priority_.find(name);
      // A process first seen gets a random priority above every change point's.
      if (it == priority_.end())
        it = priority_.emplace(std::string(name), (rng_.next() >> 2) | (std::uint64_t{1} << 62))
                 .first;
      p = it->second;
    }
    if (i == 0 || p > best_priority) {
      best = i;
      best_priority = p;
      best_owner = name;
    }
  }
  const std::uint64_t decision = decision_ - 1;
  while (next_change_ < changes_.size() && changes_[next_change_].decision <= decision) {
    if (changes_[next_change_].decision == decision && !best_owner.empty())
      priority_.find(best_owner)->second = changes_[next_change_].to;
    ++next_change_;
  }
  return best;
}

std::size_t schedule_picker::pick(std::size_t ready,
                                  const std::function<std::string_view(std::size_t)>& owner) {
  const std::uint64_t decision = decision_++;
  std::size_t i = 0;
  if (s_.deviations) {
    const auto& devs = *s_.deviations;
    if (next_ < devs.size() && devs[next_].decision == decision) {
      i = static_cast<std::size_t>(std::min<std::uint64_t>(devs[next_].pick, ready - 1));
      ++next_;
    }
  } else if (s_.strategy == schedule_strategy::pct) {
    i = pick_pct(ready, owner);
  } else {
    i = static_cast<std::size_t>(rng_.below(ready));
  }
  if (record_ && i != 0) taken_.push_back({decision, i});
  return i;
}

}  // namespace hotdog
