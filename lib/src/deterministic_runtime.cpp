#include "hotdog/deterministic_runtime.hpp"

#include "hotdog/detail/channel_registry.hpp"
#include "hotdog/process.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace hotdog {

deterministic_runtime::deterministic_runtime(std::uint64_t seed)
    : runtime(std::make_unique<prng>(seed), true) {
  asio::use_service<detail::channel_registry>(ctx_).set_single_threaded();
}

deterministic_runtime::deterministic_runtime(std::uint64_t seed, const schedule& s, bool record)
    : runtime(std::make_unique<prng>(scheduled_seed(seed, s.number)), true),
      picker_(std::make_unique<schedule_picker>(s, record)) {
  set_preemptive(true);
  asio::use_service<detail::channel_registry>(ctx_).set_single_threaded();
}

std::string_view deterministic_runtime::owner_name(const void* owner) const {
  std::string_view name;
  if (owner)
    for_each_process([&](const process& p) {
      if (&p.executor_ == owner) name = p.name();
    });
  return name;
}

std::vector<deviation> deterministic_runtime::deviations_taken() const {
  return picker_ ? picker_->taken() : std::vector<deviation>{};
}

deterministic_runtime::~deterministic_runtime() { halt(); }

void deterministic_runtime::halt() {
  // Nothing runs once loop() has returned: the frames (and what they hold) go now, while
  // whatever they refer to still exists.
  teardown(ctx_);
  timers_.clear();
  ready_.clear();
}

void deterministic_runtime::call_at(std::int64_t t, detail::unique_function<void()> fn) {
  timers_.push(std::max(t, now_), std::move(fn));
}

void deterministic_runtime::block_for(std::int64_t) {
  throw std::logic_error("block_for is not available in the deterministic runtime");
}

void deterministic_runtime::launch(process& p) {
  p.executor_ = ctx_.get_executor();
  p.driver_ = drive(p);
  call_at(p.start_time(), [&p] {
    auto h = p.driver_.handle();
    h.promise().executor = &p.executor_;
    h.resume();
  });
}

run_result deterministic_runtime::loop(std::optional<std::int64_t> until) {
  // While this loop runs, wake-ups on this thread come to ready_ (see run_queue).
  struct current_queue {
    detail::run_queue* outer;
    explicit current_queue(detail::run_queue& q)
        : outer(std::exchange(detail::run_queue::current(), &q)) {}
    ~current_queue() { detail::run_queue::current() = outer; }
  } running(ready_);
  for (;;) {
    // Everything ready runs before time moves: the run queue first-in-first-out, and
    // whatever was posted to the io_context (completions of plain Asio handlers) between.
    while (!stopping()) {
      if (!ready_.empty()) {
        // A schedule chooses among several ready handlers; without one (the hot path), the
        // oldest runs.
        if (picker_ && ready_.size() > 1)
          ready_.pop_at(picker_->pick(
              ready_.size(), [this](std::size_t i) { return owner_name(ready_.owner_at(i)); }))();
        else
          ready_.pop()();
        continue;
      }
      ctx_.restart();
      if (ctx_.poll_one() == 0) break;
    }
    if (stopping()) break;
    if (timers_.empty()) {
      // Nothing can run and nothing will: whoever still waits waits forever.
      if (live() > 0) look_for_deadlock(true);
      break;
    }
    // Others may run on (a ticking daemon), but some may wait for good: looked for only when
    // a wait no timer ends began, a process ended or one's reach shrank since the last look.
    if (const auto epoch = liveness_epoch_.load(std::memory_order_relaxed);
        epoch != checked_epoch_) {
      checked_epoch_ = epoch;
      // A set found is reported; the others run on, unless it held up every non-daemon.
      look_for_deadlock(false);
      if (stopping()) break;
    }
    const std::int64_t next = timers_.next();
    if (until && next > *until) {
      now_ = std::max(now_, *until);
      stop(end_reason::until);
      break;
    }
    now_ = next;
    while (!timers_.empty() && timers_.next() == next) ready_.push(timers_.pop());
  }
  run_result r;
  r.reason = stop_reason();
  r.message = stop_message();
  r.t = now_;
  return r;
}

}  // namespace hotdog
