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

/// One problem in a scenario file, or (line 0) in what the command line gave it: then `file`
/// names that, as "--set NAME.KEY=VALUE".
struct diagnostic {
  std::string file;
  text_position where;
  std::string message;
  /// "FILE:LINE:COLUMN: error: MESSAGE" ("FILE: error: MESSAGE" at line 0)
  std::string to_string() const;
};

}  // namespace hotdog::sim
