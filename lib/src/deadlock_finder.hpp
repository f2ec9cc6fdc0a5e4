#pragma once
// hotdog::detail::deadlock_finder — which waiting processes can never go on, whom they wait
// for, and the first cycle among them.

#include "hotdog/event.hpp"

#include <optional>
#include <vector>

namespace hotdog {
class runtime;
class process;
namespace detail {

/// Looks at a suspended run (every ready process has run; the deterministic runtime's loop
/// calls it before virtual time moves).
class deadlock_finder {
 public:
  /// The processes that can never go on while others may still run: the largest set of
  /// waiting processes, no timer able to end their waits, such that no process outside it
  /// (not ended) can still do what would release one of them, by what its remaining program
  /// reaches (see reach_fn). Empty when that set holds no non-daemon process, or when a
  /// process that could go on does not say what it reaches.
  /// Processes already reported deadlocked (process::deadlocked) are left out: only a new,
  /// separate set is reported. Takes time linear in the processes and what they reach.
  /// `stuck` receives the processes of the set (to mark them).
  static std::optional<deadlock_report> among_some(const runtime& rt,
                                                   std::vector<const process*>& stuck);
  /// Nothing can run and no timer is pending: every waiting process not already reported,
  /// with whom each waits for and the first cycle.
  static deadlock_report all_waiting(const runtime& rt, std::vector<const process*>& stuck);
};

}  // namespace detail
}  // namespace hotdog
