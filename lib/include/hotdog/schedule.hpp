#pragma once
/// @file schedule.hpp
/// hotdog::schedule — which of several ready handlers the deterministic runtime runs next.
///
/// Without a schedule the deterministic runtime runs ready handlers first-in-first-out (the
/// default order). A schedule numbered N (>= 1) picks among them with a PRNG of its own seeded
/// from N, and mixes N into the run's random draws, so each N is one reproducible interleaving.
/// A schedule may instead list its departures from the default order (deviations): that form
/// is what `hotdog shrink` minimises and prints, and it replays exactly like the numbered run
/// it came from.

#include "hotdog/random.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hotdog {

/// One departure from the default order: at choice number `decision` (0, 1, ...; a choice is
/// made each time more than one handler is ready), run the ready handler at position `pick`
/// (1: the second oldest, ...) instead of the oldest. A pick beyond the last ready handler
/// takes the last.
struct deviation {
  std::uint64_t decision = 0;
  std::uint64_t pick = 0;
  friend bool operator==(const deviation&, const deviation&) = default;
};

/// How a numbered schedule chooses.
enum class schedule_strategy {
  /// Uniformly among the ready handlers, at every choice.
  random,
  /// PCT, probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): each process
  /// gets a random priority when it is first seen, the ready handler of the highest-priority
  /// process runs, and at depth - 1 choices drawn from the first pct_horizon the process
  /// that runs drops below every other. Handlers of no process (timers, starts) run first.
  pct,
};

/// PCT's change points are drawn from choices 0 .. pct_horizon - 1.
inline constexpr std::uint64_t pct_horizon = 100;

/// What is wrong with a schedule's text.
enum class schedule_error {
  syntax,                    ///< not "N" (N >= 1) or "N@D:P,D:P,..." (P >= 1)
  decisions_not_increasing,  ///< the deviations' decisions are not in increasing order
};

/// A schedule for a deterministic run.
struct schedule {
  std::uint64_t number = 1;  ///< >= 1; also mixed into the run's random draws
  /// When set, the order is the default one but for these (sorted by decision); the random
  /// draws still come from `number`.
  std::optional<std::vector<deviation>> deviations;
  schedule_strategy strategy = schedule_strategy::random;
  std::uint32_t depth = 3;  ///< pct: aims at bugs of this depth (>= 1)
  /// As text: "N", or "N@D:P,D:P,..." with deviations (possibly none: "N@").
  std::string text() const;
  /// Parses text(); returns the schedule or what is wrong with the text.
  static std::variant<schedule, schedule_error> parse(std::string_view text);
};

/// The seed of a scheduled run's random draws: the scenario's seed mixed with the schedule.
std::uint64_t scheduled_seed(std::uint64_t seed, std::uint64_t schedule_number) noexcept;

/// Makes a schedule's choices, one per call, and remembers the deviations it took when asked.
class schedule_picker {
 public:
  explicit schedule_picker(const schedule& s, bool record = false);
  /// The position (0 .. ready - 1) to run among `ready` (>= 2) handlers; `owner(i)` names
  /// the process the handler at i wakes ("" for none; only pct asks).
  std::size_t pick(std::size_t ready, const std::function<std::string_view(std::size_t)>& owner);
  /// The deviations taken so far (only when recording).
  const std::vector<deviation>& taken() const noexcept { return taken_; }
  /// Choices made so far.
  std::uint64_t decisions() const noexcept { return decision_; }

 private:
  schedule s_;
  prng rng_;
  bool record_;
  std::uint64_t decision_ = 0;
  std::size_t next_ = 0;  // the next listed deviation
  std::vector<deviation> taken_;
  // pct: each process's priority, and the choices (sorted) at which one drops to `to`.
  std::map<std::string, std::uint64_t, std::less<>> priority_;
  struct change_point {
    std::uint64_t decision;
    std::uint64_t to;
  };
  std::vector<change_point> changes_;
  std::size_t next_change_ = 0;
  std::size_t pick_pct(std::size_t ready,
                       const std::function<std::string_view(std::size_t)>& owner);
};

}  // namespace hotdog
