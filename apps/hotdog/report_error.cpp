#include "report_error.hpp"

#include <hotdog/sim/text/printable.hpp>

#include <iostream>
#include <string>

namespace hotdog::cli {

void report_error(std::string_view message) {
  std::cerr << "hotdog: " + sim::printable(message) + '\n';
}

}  // namespace hotdog::cli
