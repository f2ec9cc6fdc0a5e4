#pragma once
// A blocking operation in a go process: it blocks its pool thread until the operation
// completes. The handler completes inline, so the process counts as able to run the moment
// the value changes hands; destroyed unrun (its waiter abandoned at shutdown), it releases
// the blocked thread with an error. A mutex and a condition variable, not a std::future:
// libstdc++'s futures wait on a futex in uninstrumented code, which ThreadSanitizer cannot
// see, so a hand-over through one can look like a race to it.

#include "hotdog/task.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <tuple>
#include <utility>

namespace hotdog::detail {

/// Where a blocking operation's result waits for the thread it blocked.
template <class R>
struct blocked_slot {
  std::mutex m;
  std::condition_variable cv;
  std::optional<R> value;
  std::error_code error;
  bool done = false;
  void finish(std::error_code ec, std::optional<R> v) {
    {
      std::lock_guard held(m);
      error = ec;
      value = std::move(v);
      done = true;
    }
    cv.notify_one();
  }
};

/// The completion handler of a blocking operation: reports the handoff to the process's
/// observer, then fills the slot (after the batch of the process that completed it).
template <class R>
class blocking_handler {
 public:
  using hotdog_inline_completion = void;
  blocking_handler(wait_observer* observer, std::shared_ptr<blocked_slot<R>> slot)
      : observer_(observer), slot_(std::move(slot)) {}
  blocking_handler(blocking_handler&&) noexcept = default;
  blocking_handler& operator=(blocking_handler&&) = delete;
  ~blocking_handler() {
    if (slot_) slot_->finish(std::make_error_code(std::errc::operation_canceled), std::nullopt);
  }
  void operator()(std::error_code ec, R r) {
    std::tuple<std::error_code, R> result(ec, std::move(r));
    observer_->handed_off(&result);
    observer_->wait_ends();
    auto slot = std::exchange(slot_, nullptr);
    // Like a parked process's wake-up, the blocked thread's waits for the batch of the
    // process that completed it (see resume_batch).
    if (auto* batch = resume_batch::current())
      batch->defer([slot, result = std::move(result)]() mutable {
        slot->finish(std::get<0>(result), std::optional<R>(std::move(std::get<1>(result))));
      });
    else
      slot->finish(std::get<0>(result), std::optional<R>(std::move(std::get<1>(result))));
  }

 private:
  wait_observer* observer_;
  std::shared_ptr<blocked_slot<R>> slot_;
};

/// Starts an operation with `start(handler)` and blocks this thread until it completes;
/// returns its result, or throws its error as std::system_error.
template <class R, class Start>
R block_on(wait_observer& observer, Start&& start) {
  auto slot = std::make_shared<blocked_slot<R>>();
  observer.wait_begins();
  observer.waiting();  // reported before the operation starts, as its `block` always was
  std::forward<Start>(start)(blocking_handler<R>{&observer, slot});
  // It may wait: the batch of this thread's process closes (see resume_batch), and whom it
  // woke is posted, not held behind a blocked thread (see pool_wakes).
  if (auto* batch = resume_batch::current()) batch->release();
  pool_wakes::post_held();
  std::unique_lock held(slot->m);
  slot->cv.wait(held, [&] { return slot->done; });
  if (slot->error) throw std::system_error(slot->error);
  return std::move(*slot->value);
}

}  // namespace hotdog::detail
