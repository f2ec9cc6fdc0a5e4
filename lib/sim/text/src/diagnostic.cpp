#include "hotdog/sim/text/diagnostic.hpp"

#include "hotdog/sim/text/printable.hpp"

namespace hotdog::sim {

std::string diagnostic::to_string() const {
  if (where.line == 0) return printable(file) + ": error: " + printable(message);
  return printable(file) + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
         ": error: " + printable(message);
}

}  // namespace hotdog::sim
