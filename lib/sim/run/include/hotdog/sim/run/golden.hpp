#pragma once
/// @file golden.hpp
/// Golden traces (`hotdog run --expect`, `hotdog diff`): a run, or a trace file, compared line
/// by line with the expected trace as it goes, in bounded memory.

#include "hotdog/event.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/run/simulation.hpp"
#include "hotdog/sim/trace/trace_diff.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>

namespace hotdog::sim {

/// An observer that writes each event as jsonl_writer or text_writer (no colour) would, and
/// hands every complete line, without its '\n', to a callback as the run produces it. The
/// text format's summary goes to `summary`, as text_writer's does.
class line_splitter final : public observer {
 public:
  line_splitter(trace_format f, std::size_t process_width, std::ostream& summary,
                std::function<void(std::string)> on_line);
  void on_event(const event& e) override;

 private:
  std::ostringstream buf_;
  std::unique_ptr<observer> writer_;
  std::function<void(std::string)> on_line_;
};

/// How two traces compared.
struct trace_comparison {
  /// "cannot read PATH: REASON" when a trace could not be read; then nothing was compared
  /// (nor run).
  std::string error;
  /// The format compared in: the expected trace's (detect_format).
  trace_format format = trace_format::text;
  /// The comparison itself: equal(), differences(), report().
  trace_comparer comparer{trace_format::text};
  /// "line endings differ: ..." when one trace has CRLF line endings and the other LF (the
  /// lines are compared without them).
  std::string line_endings;
  /// True when both traces could be read and are the same, line endings included.
  bool equal() const noexcept { return error.empty() && line_endings.empty() && comparer.equal(); }
};

/// Runs sc with opts and compares its trace with the golden trace at `golden_path`, in the
/// golden's format, line by line as the run goes. Returns the comparison (its error set,
/// and nothing run, when the golden cannot be read).
trace_comparison compare_with_golden(const scenario& sc, const run_options& opts,
                                     const std::string& golden_path);

/// Compares two trace files line by line, in the format of `expected`. A folder, or two traces
/// of different formats (text and JSONL), is an error.
trace_comparison compare_trace_files(const std::string& expected, const std::string& actual);

}  // namespace hotdog::sim
