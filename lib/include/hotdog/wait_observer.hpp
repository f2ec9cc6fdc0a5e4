#pragma once
/// @file wait_observer.hpp
/// hotdog::wait_observer — what an operation tells the party that awaits it (a process):
/// that it waits, when it ends, and the moments its value changes hands.

namespace hotdog {

/// Told when an operation awaited with use_task is about to wait (it did not complete at
/// once); lets a runtime record parks and blocks, and who waits on what.
class wait_observer {
 public:
  virtual void waiting() = 0;
  /// Every operation that did not complete inside its initiation calls wait_begins() once
  /// its initiation returns and wait_ends() when it completes (before resuming anyone), in
  /// either order when the completion races the initiation on another thread: a count of
  /// who can run that is never low.
  virtual void wait_begins() {}
  virtual void wait_ends() {}
  /// Called when an operation that waited completes, at that moment (the handoff), on the
  /// thread that completed it, before wait_ends(): `result` points to the operation's
  /// `std::tuple<std::error_code, R>`. A process reports a parked put here, so that the put
  /// comes before the take that received its value.
  virtual void handed_off(const void* /*result*/) {}
  /// Called when an operation completes inside its initiation, at that moment, on the
  /// initiating thread and still inside the channel's lock (a put into a buffer with room),
  /// before any other party can see its effect: `result` as handed_off's. In real time a
  /// process reports such a put here, so that a taker on another thread, who can take the
  /// value only after the lock, cannot report it first.
  virtual void completed_at_once(const void* /*result*/) {}

 protected:
  ~wait_observer() = default;
};

}  // namespace hotdog
