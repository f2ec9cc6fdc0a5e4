#pragma once
/// @file deterministic_runtime.hpp
/// hotdog::deterministic_runtime — one thread, a virtual clock, seeded randomness.
///
/// SimPy's environment: every ready handler runs, in the order it was made ready, before
/// virtual time moves; then the clock jumps to the next timer, and the timers due then are
/// made ready in (time, sequence) order. Channels and handlers use an Asio io_context;
/// processes woken on the loop's thread, and timers, go through the loop's own run queue. Nothing
/// here reads the wall clock, an address or an unordered container, so a seed gives one schedule
/// everywhere.

#include "hotdog/detail/run_queue.hpp"
#include "hotdog/detail/timer_heap.hpp"
#include "hotdog/runtime.hpp"
#include "hotdog/schedule.hpp"

#include <asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace hotdog {

/// Runs every process on the calling thread, in virtual time.
class deterministic_runtime final : public runtime {
 public:
  /// A runtime whose randomness is drawn from `seed`.
  explicit deterministic_runtime(std::uint64_t seed = 1);
  /// A runtime that orders ready handlers by `s` and draws its randomness from seed and s
  /// (see schedule.hpp); with `record`, it remembers the deviations from the default order it
  /// took (deviations_taken()).
  deterministic_runtime(std::uint64_t seed, const schedule& s, bool record = false);
  ~deterministic_runtime() override;

  asio::any_io_executor get_executor() override { return ctx_.get_executor(); }
  std::int64_t now() const override { return now_; }
  void call_at(std::int64_t t, detail::unique_function<void()> fn) override;
  bool deterministic() const noexcept override { return true; }
  /// A blocking sleep in virtual time cannot block the one thread; it is an error.
  void block_for(std::int64_t ms) override;
  void halt() override;
  /// The deviations from the default order this run took so far (a scheduled, recording
  /// runtime only; empty otherwise).
  std::vector<deviation> deviations_taken() const;

 private:
  void launch(process& p) override;
  run_result loop(std::optional<std::int64_t> until) override;
  void wake() override { ctx_.stop(); }
  // The name of the process whose executor object is `owner` ("" for none).
  std::string_view owner_name(const void* owner) const;

  // One thread runs everything here (loop() and whatever it calls), so the io_context needs
  // no lock: the loop asks it for posted handlers each time its run queue empties, several
  // times per simulated customer.
  asio::io_context ctx_{ASIO_CONCURRENCY_HINT_UNSAFE};
  detail::run_queue ready_{ctx_};
  std::int64_t now_ = 0;
  detail::timer_heap<std::int64_t> timers_;
  std::uint64_t checked_epoch_ = 0;          // liveness_epoch_ when a deadlock was last looked for
  std::unique_ptr<schedule_picker> picker_;  // null: first-in-first-out
};

}  // namespace hotdog
