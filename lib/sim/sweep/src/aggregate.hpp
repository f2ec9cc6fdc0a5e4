#pragma once
// Per-point statistics of a sweep's runs, shared by the text and CSV aggregates and the page
// of charts.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace hotdog::sim::detail {

/// A running mean and variance (Welford), with the 95% confidence half-width.
struct running {
  std::uint64_t n = 0;
  double mean = 0, m2 = 0;
  void add(double x);
  /// Whether the runs say anything of the spread: one run (or none) does not, and the
  /// writers then leave sd and ci95 out rather than print a 0 that reads as "exact".
  bool has_spread() const { return n > 1; }
  double sd() const;  ///< 0 when !has_spread()
  double ci() const;  ///< 0 when !has_spread()
};

/// One point's runs: every numeric summary field's statistics, in first-seen order.
struct point_result {
  std::string point;              ///< its JSON
  nlohmann::ordered_json values;  ///< the point object
  std::vector<std::pair<std::string, running>> metrics;
  std::uint64_t runs = 0, unexpected = 0;
  /// The statistics of field `name`, or nullptr when this point has none (points need not
  /// have the same fields: one given as text, as "stock_left": "unlimited", is no number).
  const running* field(const std::string& name) const {
    for (const auto& [f, r] : metrics)
      if (f == name) return &r;
    return nullptr;
  }
  running* field(const std::string& name) {
    return const_cast<running*>(std::as_const(*this).field(name));
  }
};

/// The offline page of SVG charts of every field against the swept values.
void write_html(const std::vector<point_result>& points, const std::string& title,
                std::ostream& out);

}  // namespace hotdog::sim::detail
