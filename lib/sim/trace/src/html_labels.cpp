#include "html_labels.hpp"

#include <algorithm>

namespace hotdog::sim {

double label_width(const std::string& s, double font_px) {
  // Code points, each at most as wide as 0.72 em, which holds for the wide sans-serif
  // faces (DejaVu Sans, Liberation Sans) but for a few capitals: those count double.
  double ems = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte
    ems += c == 'M' || c == 'W' || c == 'm' || c == 'w' || c == '@' || c >= 0x80 ? 1.0 : 0.72;
  }
  return ems * font_px + 2;
}

std::optional<label_rows::box> label_rows::place(int lane, double lane_y, double x, double width) {
  // The rows: above the lane's line and below it, each clear of the dots (radius 4, 6 with
  // the selection ring) and inside the lane (44 px high).
  constexpr std::array<double, 2> baselines{-9, 17};
  constexpr double gap = 4, max_shift = 48;
  auto& ends = ends_.try_emplace(lane, std::array<double, 2>{-1e18, -1e18}).first->second;
  for (std::size_t row = 0; row < ends.size(); ++row) {
    const double at = std::max(x, ends[row] + gap);
    if (at - x > max_shift) continue;
    ends[row] = at + width;
    right_ = std::max(right_, ends[row]);
    return box{at, lane_y + baselines[row], width};
  }
  return std::nullopt;
}

}  // namespace hotdog::sim
