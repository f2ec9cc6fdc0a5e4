#pragma once
// Runs grouped into classes by digest: what explore and explore-merge share.

#include "hotdog/sim/explore/explore.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hotdog::sim::detail {

// Adds one run's class (count and first schedule included) to a grouping.
class grouping {
 public:
  void add(outcome_class c) {
    const auto it = index_.find(c.digest);
    if (it == index_.end()) {
      index_.emplace(c.digest, classes_.size());
      classes_.push_back(std::move(c));
      return;
    }
    outcome_class& have = classes_[it->second];
    have.count += c.count;
    have.schedule = std::min(have.schedule, c.schedule);
  }
  // The classes, by first schedule.
  std::vector<outcome_class> take() {
    std::stable_sort(classes_.begin(), classes_.end(),
                     [](const auto& a, const auto& b) { return a.schedule < b.schedule; });
    return std::move(classes_);
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<outcome_class> classes_;
};

}  // namespace hotdog::sim::detail
