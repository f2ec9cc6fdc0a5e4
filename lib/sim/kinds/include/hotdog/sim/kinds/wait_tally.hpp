#pragma once
// Customers' waits, from arrival to leaving, for the summary's mean and percentiles: kept as
// a count per wait in whole milliseconds (in a flat array of 32-bit counts up to 262,144 ms,
// about 4.4 minutes, and in an ordered map past it or past a count's 2^32-1), so a run's
// memory is bounded by its longest wait rather than growing with its customers (a million
// customers hold 1 MB at most instead of 8 MB and more). The percentiles are the same exact
// nearest-rank ones a sorted list gives.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace hotdog::sim {

/// A sum of waits: exact however many there are (2^64 waits of 2^63-1 ms each fit).
__extension__ using wait_sum = __int128;

// Count: the flat array's count type (a test uses a small one to reach its overflow).
template <class Count>
class basic_wait_tally {
 public:
  /// Counts one customer's wait of ms (never negative).
  void add(std::int64_t ms) {
    if (ms >= 0 && ms < dense_limit) {
      const auto i = static_cast<std::size_t>(ms);
      // Grown by doubling, never past the limit: amortized constant.
      if (i >= dense_.size())
        dense_.resize(std::min<std::size_t>(std::max(i + 1, dense_.size() * 2), dense_limit));
      if (dense_[i] != std::numeric_limits<Count>::max()) {
        ++dense_[i];
      } else {
        ++sparse_[ms];  // the rare count past the type's maximum goes on in the map
      }
    } else {
      ++sparse_[ms];
    }
    max_ = n_ == 0 ? ms : std::max(max_, ms);
    ++n_;
    sum_ += ms;
  }
  /// How many waits were counted.
  std::uint64_t size() const noexcept { return n_; }
  bool empty() const noexcept { return n_ == 0; }
  /// Their sum, in ms, exact (it may pass 2^63-1: a thousand waits of 2^53 ms do).
  wait_sum sum() const noexcept { return sum_; }
  /// Their mean, in ms: the exact sum over the count, rounded once; 0 when none.
  double mean() const noexcept {
    return n_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(n_);
  }
  /// The longest; 0 when none.
  std::int64_t max() const noexcept { return n_ == 0 ? 0 : max_; }
  /// The nearest-rank pct-th percentile (the wait of rank ceil(n * pct / 100), at least 1, in
  /// increasing order); 0 when none.
  std::int64_t percentile(int pct) const noexcept {
    if (n_ == 0) return 0;
    const std::uint64_t rank =
        std::max<std::uint64_t>((n_ * static_cast<std::uint64_t>(pct) + 99) / 100, 1);
    std::uint64_t seen = 0;
    // The flat array and the map, walked in order together (the map may hold a wait of the
    // array's range whose count overflowed, and would hold a negative one first).
    auto it = sparse_.begin();
    for (std::size_t i = 0; i < dense_.size(); ++i) {
      const auto ms = static_cast<std::int64_t>(i);
      for (; it != sparse_.end() && it->first < ms; ++it)
        if ((seen += it->second) >= rank) return it->first;
      std::uint64_t count = dense_[i];
      if (it != sparse_.end() && it->first == ms) count += (it++)->second;
      if ((seen += count) >= rank) return ms;
    }
    for (; it != sparse_.end(); ++it)
      if ((seen += it->second) >= rank) return it->first;
    return max_;
  }

 private:
  static constexpr std::int64_t dense_limit = std::int64_t{1} << 18;
  std::vector<Count> dense_;                      // count of each wait below dense_limit
  std::map<std::int64_t, std::uint64_t> sparse_;  // the rest, ordered
  std::uint64_t n_ = 0;
  wait_sum sum_ = 0;
  std::int64_t max_ = 0;
};

using wait_tally = basic_wait_tally<std::uint32_t>;

}  // namespace hotdog::sim
