#pragma once
// Breaks the cycle channel -> waiting handler -> coroutine frame -> channel at teardown.
//
// A parked coroutine is owned by the handler waiting in a channel's queue, and the
// coroutine usually owns the channel. When a run ends with processes still parked (a
// deadlock, `until`, an error), nothing would ever free them. Like Asio's I/O objects,
// every channel registers with a service of its execution context, and the service's
// shutdown (or a runtime's explicit call) abandons every waiter: the handlers are destroyed
// without being called.

#include <asio/execution_context.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace hotdog::detail {

class abandonable {
 public:
  virtual ~abandonable() = default;
  /// Destroys every waiting handler without calling it.
  virtual void abandon() = 0;
};

class channel_registry final : public asio::execution_context::service {
 public:
  using key_type = channel_registry;
  static inline asio::execution_context::id id;

  explicit channel_registry(asio::execution_context& ctx) : service(ctx) {}

  /// Says that every channel of this context is used from one thread only (the
  /// deterministic runtime's), so channels made from now on need no lock.
  void set_single_threaded() noexcept { single_threaded_ = true; }
  bool single_threaded() const noexcept { return single_threaded_; }

  void add(std::weak_ptr<abandonable> node) {
    // One thread makes every channel of a single-threaded context (and ends it): no lock.
    std::unique_lock lock(mutex_, std::defer_lock);
    if (!single_threaded_) lock.lock();
    if (nodes_.size() >= prune_at_) {
      std::erase_if(nodes_, [](const auto& w) { return w.expired(); });
      prune_at_ = nodes_.size() * 2 + 64;
    }
    nodes_.push_back(std::move(node));
  }

  /// Abandons the waiters of every live channel; safe to call more than once.
  void abandon_all() {
    std::vector<std::weak_ptr<abandonable>> nodes;
    {
      std::lock_guard lock(mutex_);
      nodes.swap(nodes_);
      prune_at_ = 64;
    }
    for (auto& w : nodes)
      if (auto node = w.lock()) node->abandon();
  }

 private:
  void shutdown() override { abandon_all(); }

  std::mutex mutex_;
  bool single_threaded_ = false;
  std::vector<std::weak_ptr<abandonable>> nodes_;
  std::size_t prune_at_ = 64;
};

}  // namespace hotdog::detail
