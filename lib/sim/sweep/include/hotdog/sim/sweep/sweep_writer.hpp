#pragma once
/// @file sweep_writer.hpp
/// What a sweep (or a merge) writes, one run's line at a time, so that no format holds more
/// than one point's statistics (the HTML page: one per point): `jsonl` passes the lines on,
/// `runs-csv` writes a CSV row per run, `csv`, `text` and `html` aggregate per point.

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace hotdog::sim {

/// Writes sweep JSONL lines in one of the sweep formats.
class sweep_writer {
 public:
  virtual ~sweep_writer() = default;
  /// Takes one run's line (no newline); returns an error when it is not a sweep's line.
  virtual std::optional<std::string> add(const std::string& line) = 0;
  /// Writes what is still held (the last point's aggregate, the page); call once, at the end.
  virtual void finish() = 0;
};

/// The formats: "jsonl", "runs-csv", "csv", "text", "html".
const std::vector<std::string>& sweep_formats();

/// A writer of `format` (one of sweep_formats()) to `out`; `title` heads the HTML page.
std::unique_ptr<sweep_writer> make_sweep_writer(std::string_view format, const std::string& title,
                                                std::ostream& out);

}  // namespace hotdog::sim
