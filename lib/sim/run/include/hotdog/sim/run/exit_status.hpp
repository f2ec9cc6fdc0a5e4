#pragma once
/// @file exit_status.hpp
/// The exit statuses of every hotdog command, one name each (the reference's table).

namespace hotdog::sim {

/// What a hotdog command tells its caller when it ends.
enum class exit_status : int {
  ok = 0,        ///< success: the run ended as the scenario wants, the traces are equal
  failed = 1,    ///< an expectation broke, or --expect, diff or explore found a difference
  invalid = 2,   ///< the command line, a scenario or a file is unusable, or output was lost
  deadlock = 3,  ///< the run ended in a deadlock
  error = 4,     ///< a safety limit, a failing process, or anything unexpected
};

/// The status as the process's exit code.
constexpr int to_int(exit_status s) noexcept { return static_cast<int>(s); }

}  // namespace hotdog::sim
