#pragma once
// Where the HTML page writes the labels of its handoff arrows: each on the lane of the
// process that received the value, in one of two rows clear of the lane's line and dots,
// never over another label; a label with no room is left to the arrow's tooltip.

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace hotdog::sim {

/// An upper bound of the width in px of `s` drawn in a sans-serif font of `font_px`.
double label_width(const std::string& s, double font_px);

class label_rows {
 public:
  /// The font size of an arrow label, px.
  static constexpr double font_px = 9;
  /// Where a label goes: its left end and its baseline.
  struct box {
    double x, baseline, width;
  };
  /// A place for a label `width` wide that wants to start at `x` on lane `lane` (centred at
  /// `lane_y`), not before any label placed on that row: nothing when both rows are taken
  /// there for more than a short shift.
  std::optional<box> place(int lane, double lane_y, double x, double width);
  /// The right end of the rightmost label placed (0 when none).
  double right_end() const noexcept { return right_; }

 private:
  std::map<int, std::array<double, 2>> ends_;  // per lane, each row's right end
  double right_ = 0;
};

}  // namespace hotdog::sim
