#pragma once
// The deterministic runtime's own ready queue.
//
// Asio's scheduler spends some 50 ns per handler (a mutex, an allocated operation, its
// bookkeeping), twice per round trip of a ping-pong. A coroutine woken on the thread that
// runs the deterministic loop, for that loop's io_context, goes to this queue instead: a
// ring of small callables, run first-in-first-out with everything else that loop runs.
// Nothing else touches that loop: the deterministic runtime is used from its one thread
// only, so its io_context takes no lock (ASIO_CONCURRENCY_HINT_UNSAFE) and its channels
// none either.

#include "hotdog/detail/executor_cast.hpp"
#include "hotdog/detail/ring.hpp"
#include "hotdog/detail/unique_function.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/io_context.hpp>

namespace hotdog::detail {

class run_queue {
 public:
  explicit run_queue(asio::io_context& ctx) noexcept : ctx_(&ctx) {}

  /// True when `ex` is the executor of this queue's io_context.
  bool serves(const asio::any_io_executor& ex) const noexcept {
    const auto* io = executor_cast<asio::io_context::executor_type>(ex);
    return io != nullptr && &io->context() == ctx_;
  }
  /// Queues f, made into a unique_function in its slot. `owner` identifies whom it wakes
  /// (the executor object of a process, compared by identity only, never ordered), for a
  /// schedule that ranks processes; null for none.
  template <class F>
  void push(F&& f, const void* owner = nullptr) {
    items_.emplace_back(std::forward<F>(f), owner);
  }
  bool empty() const noexcept { return items_.empty(); }
  unique_function<void()> pop() {
    unique_function<void()> f = std::move(items_.front().fn);
    items_.pop_front();
    return f;
  }
  /// Removes and returns the one at position i (0: the oldest), keeping the others' order.
  unique_function<void()> pop_at(std::size_t i) {
    unique_function<void()> f = std::move(items_[i].fn);
    items_.erase_at(i);
    return f;
  }
  /// The owner given to push() of the one at position i.
  const void* owner_at(std::size_t i) const noexcept { return items_[i].owner; }
  std::size_t size() const noexcept { return items_.size(); }
  void clear() { items_.clear(); }

  /// The queue whose loop is running on this thread, or null; set by that loop only.
  static run_queue*& current() noexcept {
    static thread_local run_queue* running = nullptr;
    return running;
  }

 private:
  asio::io_context* ctx_;
  struct item {
    unique_function<void()> fn;
    const void* owner;
  };
  ring<item> items_;
};

}  // namespace hotdog::detail
