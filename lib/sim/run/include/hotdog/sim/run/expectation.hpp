#pragma once
/// @file expectation.hpp
/// A scenario's `expect`: watched during a run (log messages, the summary) and checked at its
/// end, each broken expectation reported as an `expect_failed` event (what, wanted, got)
/// before `end`.

#include "hotdog/event.hpp"
#include "hotdog/sim/events/payloads.hpp"
#include "hotdog/runtime.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/run/exit_status.hpp"

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hotdog::sim {

/// Watches a run for its expectations, passing every event the inner observer wants on to it.
class expectation_checker final : public observer {
 public:
  expectation_checker(const expect_spec& spec, observer& inner);
  void on_event(const event& e) override;
  event_mask wants() const override;
  /// Reports an `expect_failed` event through `report` for each broken expectation and
  /// returns how many there were; call once the run has ended (r.reason is final).
  std::size_t check(const run_result& r, const std::function<void(event&)>& report);

 private:
  const expect_spec& spec_;
  observer& inner_;
  event_mask inner_wants_;
  std::map<std::string, std::vector<std::string>, std::less<>> logs_;  // the named processes'
  std::map<std::string, double, std::less<>> summary_;                 // the summary's numbers
  bool summarized_ = false;
};

/// True when a run ended as its scenario wants: no expectation broken, and the end `expect`
/// names, or else `done` or `until`.
bool ended_as_expected(const run_result& r, const scenario& sc) noexcept;

/// True when a run with a "warmup" ended no later than it: the summary's means then cover no
/// time, and its waits only customers who arrived at the warm-up's end.
bool ended_before_warmup(const run_result& r, const scenario& sc) noexcept;

/// The exit status of `hotdog run`: failed when an expectation broke; ok when the run ended as
/// `expect.end` says; otherwise as exit_status_of(reason).
exit_status exit_status_of(const run_result& r, const scenario& sc) noexcept;

}  // namespace hotdog::sim
