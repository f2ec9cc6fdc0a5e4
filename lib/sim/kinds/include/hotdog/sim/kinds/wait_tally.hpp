#pragma once
// Customers' waits, from arrival to leaving, for the summary's mean and percentiles: kept as
// a count per distinct wait (whole milliseconds), so a run of a million customers holds the
// few thousand distinct waits they had instead of a million numbers, and its memory stays
// flat. The percentiles are the same exact nearest-rank ones a sorted list gives.

#include <cstdint>
#include <map>

namespace hotdog::sim {

class wait_tally {
 public:
  /// Counts one customer's wait of ms.
  void add(std::int64_t ms) {
    ++counts_[ms];
    ++n_;
    sum_ += ms;
  }
  /// How many waits were counted.
  std::uint64_t size() const noexcept { return n_; }
  bool empty() const noexcept { return n_ == 0; }
  /// Their sum, in ms.
  std::int64_t sum() const noexcept { return sum_; }
  /// The longest; 0 when none.
  std::int64_t max() const noexcept { return counts_.empty() ? 0 : counts_.rbegin()->first; }
  /// The nearest-rank pct-th percentile (the wait of rank ceil(n * pct / 100), at least 1, in
  /// increasing order); 0 when none.
  std::int64_t percentile(int pct) const noexcept {
    if (n_ == 0) return 0;
    std::uint64_t rank = (n_ * static_cast<std::uint64_t>(pct) + 99) / 100;
    if (rank == 0) rank = 1;
    std::uint64_t seen = 0;
    for (const auto& [ms, count] : counts_) {
      seen += count;
      if (seen >= rank) return ms;
    }
    return counts_.rbegin()->first;
  }

 private:
  std::map<std::int64_t, std::uint64_t> counts_;  // ordered: percentiles walk it in order
  std::uint64_t n_ = 0;
  std::int64_t sum_ = 0;
};

}  // namespace hotdog::sim
