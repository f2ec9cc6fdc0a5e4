#pragma once
/// @file shrink_candidates.hpp
/// The smaller variants of a scenario that shrinking tries: one typed edit each, made one at a
/// time when asked for.

#include "hotdog/sim/load/load.hpp"
#include "hotdog/sim/model/scenario.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

/// How big a scenario is for shrinking: its processes, declared channels and steps (loop
/// bodies and if branches included).
std::size_t scenario_size(const scenario& sc);

/// Every variant of a scenario smaller by one edit, in a fixed order: lower `until`; drop a
/// declared channel that no step uses (the channels after it move down one, and every index
/// that refers to them with them); lower a channel's `buffer`; drop a process (a machine with
/// its two channels); then per process its `start`, `stock`, `count`, `interval`, `patience`,
/// `serve_time`, `cook_time` and `batches`, and a script's steps: drop each step of a list,
/// then inside each step (loop bodies, if branches, a loop's `times`, a sleep, an alts
/// timeout). Counts are halved, then lowered by one; fixed durations are halved (1 ms becomes
/// 0); random ones stay. `expect` is left alone.
///
/// An edit is made only when the loader would accept its result: a machine a customer or chef
/// serves, a process `expect.logs` names, a step binding a variable a `{var}` uses, a loop's
/// last step and the last process stay, as do the processes and channels a `--set` names and
/// the keys it sets (the replay command sets them again). Each variant is a copy made by
/// next(); none is kept. Nor is the list of edits: at most `chunk` of them (plan_chunk unless
/// told) are listed at a time, so memory stays a small multiple of the scenario's, however many
/// edits it has.
class shrink_candidates {
 public:
  /// How many edits are listed at once, unless told otherwise.
  static constexpr std::size_t plan_chunk = 4096;

  /// The edits of `sc`, which must outlive this object and not change while it is used;
  /// `pinned` are the run's `--set`s; `chunk` (at least 1) edits are listed at a time.
  explicit shrink_candidates(const scenario& sc, const std::vector<setting>& pinned = {},
                             std::size_t chunk = plan_chunk);
  ~shrink_candidates();
  shrink_candidates(const shrink_candidates&) = delete;
  shrink_candidates& operator=(const shrink_candidates&) = delete;

  /// The next variant, or nothing when every edit has been made.
  std::optional<scenario> next();
  /// What the variant next() returned last changed, with a JSON pointer into the scenario as
  /// scenario_json writes it: "drop /processes/1", "drop /processes/0/steps/2/loop/0",
  /// "lower /channels/0/buffer 4 -> 2".
  const std::string& change() const noexcept { return change_; }

 private:
  struct edit;
  struct plan;
  void fill(std::size_t from);
  bool allowed(const edit& e) const;
  bool pinned(const std::string& name, const char* key) const;
  void follow_stock(scenario& out, const edit& e) const;
  const scenario& sc_;
  std::vector<setting> pinned_;
  std::unique_ptr<plan> plan_;
  std::size_t chunk_;
  std::size_t next_ = 0;
  std::string change_;
};

}  // namespace hotdog::sim
