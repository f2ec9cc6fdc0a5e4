// `hotdog diff`: two trace files, exit 0 when equal, 1 when not.
#include "commands.hpp"

#include <hotdog/sim/run/golden.hpp>
#include <hotdog/sim/text/printable.hpp>

#include <iostream>

namespace hotdog::cli {

int diff(const std::string& expected, const std::string& actual, const std::string& color) {
  const sim::trace_comparison c = sim::compare_trace_files(expected, actual);
  if (!c.error.empty()) {
    std::cerr << "hotdog: " << sim::printable(c.error) << '\n';
    return exit_invalid;
  }
  if (c.equal()) return 0;
  if (!c.line_endings.empty()) std::cerr << "hotdog: " << sim::printable(c.line_endings) << '\n';
  if (!c.comparer.equal()) c.comparer.report(std::cerr, expected, actual, use_color(color, 2));
  return 1;
}

}  // namespace hotdog::cli
