#pragma once
// Starts a combinator's loop (core.async's go-loop inside pipe, mult, merge...): a task
// detached on the executor of the channels it serves, and owned by that executor's context
// until it ends.
//
// A loop left waiting when its run ends (a mix whose inputs never close, a mult whose source
// stays open) would never be freed: the handler that waits in a channel's queue points into
// the frame but does not own it. Like the channels' waiters (channel_registry.hpp), every
// running loop registers with a service of its execution context; a runtime's teardown, or
// the context's shutdown, destroys the frames of the loops still registered, after the
// channels' waiters are abandoned and before anything they refer to is gone.

#include "hotdog/task.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/execution/context.hpp>
#include <asio/execution_context.hpp>
#include <asio/post.hpp>
#include <asio/query.hpp>

#include <algorithm>
#include <coroutine>
#include <exception>
#include <mutex>
#include <utility>
#include <vector>

namespace hotdog::detail {

class loop_registry final : public asio::execution_context::service {
 public:
  using key_type = loop_registry;
  static inline asio::execution_context::id id;

  explicit loop_registry(asio::execution_context& ctx) : service(ctx) {}

  void add(std::coroutine_handle<> frame) {
    std::lock_guard lock(mutex_);
    frames_.push_back(frame);
  }
  void remove(std::coroutine_handle<> frame) {
    std::lock_guard lock(mutex_);
    if (auto it = std::find(frames_.begin(), frames_.end(), frame); it != frames_.end()) {
      *it = frames_.back();
      frames_.pop_back();
    }
  }

  /// Destroys the frame of every loop still running (each suspended: nothing runs on the
  /// context any more); safe to call more than once.
  void destroy_all() {
    std::vector<std::coroutine_handle<>> frames;
    {
      std::lock_guard lock(mutex_);
      frames.swap(frames_);
    }
    for (auto frame : frames) frame.destroy();
  }

 private:
  void shutdown() override { destroy_all(); }

  std::mutex mutex_;
  std::vector<std::coroutine_handle<>> frames_;
};

// Gives a coroutine its own handle without suspending it.
struct own_frame {
  std::coroutine_handle<> frame;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) noexcept {
    frame = h;
    return false;  // goes on at once
  }
  std::coroutine_handle<> await_resume() const noexcept { return frame; }
};

// The executor is a copy in the frame: the loop posts its failure to it at the end.
inline detached_task run_loop(asio::any_io_executor ex, task<void> loop) {
  auto& loops = asio::use_service<loop_registry>(asio::query(ex, asio::execution::context));
  const std::coroutine_handle<> me = co_await own_frame{};
  loops.add(me);
  std::exception_ptr failure;
  try {
    co_await std::move(loop);
  } catch (...) {
    failure = std::current_exception();
  }
  loops.remove(me);
  // A loop can only fail as its channels do (a pending limit, a nil put): core.async prints
  // that and goes on; here it is rethrown from the executor, so the run that owns the
  // executor fails loudly (rule 17) instead of losing the loop without a word.
  if (failure) asio::post(ex, [failure] { std::rethrow_exception(failure); });
}

inline void start_loop(const asio::any_io_executor& ex, task<void> loop) {
  detached_start start(run_loop(ex, std::move(loop)).handle);
  if (run_queue* q = run_queue::current(); q != nullptr && q->serves(ex))
    q->push(std::move(start));
  else
    asio::post(ex, std::move(start));
}

}  // namespace hotdog::detail
