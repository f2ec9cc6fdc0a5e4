#pragma once
/// @file diagnostic.hpp
/// A problem found in a scenario file, and where: FILE:LINE:COLUMN.

#include <string>

namespace hotdog::sim {

/// A 1-based line and column (columns count bytes, as compilers' do).
struct text_position {
  int line = 1;
  int column = 1;
};

/// One problem in a scenario file.
struct diagnostic {
  std::string file;
  text_position where;
  std::string message;
  /// "FILE:LINE:COLUMN: error: MESSAGE"
  std::string to_string() const;
};

}  // namespace hotdog::sim
