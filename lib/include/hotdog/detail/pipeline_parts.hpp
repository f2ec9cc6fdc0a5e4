#pragma once
// The three loops of core.async's pipeline*: one takes inputs and hands out jobs in order,
// n workers run the function on them, one gives the results in input order.

#include "hotdog/channel.hpp"
#include "hotdog/task.hpp"

#include <concepts>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace hotdog::detail {

// What `xf(value)` gives for one input, once awaited when it is a task: `std::vector<T>` (none
// or several values) or T (exactly one, as a `map` transducer gives; no vector is made for it).
template <class R>
struct pipeline_awaited {
  using type = R;
};
template <class R>
struct pipeline_awaited<task<R>> {
  using type = R;
};
template <class T, class Xf>
using pipeline_out = typename pipeline_awaited<std::invoke_result_t<Xf&, T>>::type;

template <class T, class Out>
concept pipeline_result = std::same_as<Out, std::vector<T>> || std::same_as<Out, T>;

// The one-value channels the results of a pipeline's inputs wait in, used in turn: input i's
// results go to slot i mod (n + 2). The slot is free again by then: once the inputs loop has
// put input i - 1's slot number into `results` (capacity n), the outputs loop has taken input
// i - n - 1's number from it, so it has taken input i - n - 2's values already (it reads a
// slot whole before it takes the next number). Made once, so a value costs no channel made,
// no free list and no handle copied (a reference count) on its way.
template <class Out>
using pipeline_slots = std::vector<channel<Out>>;

template <class Out>
pipeline_slots<Out> make_pipeline_slots(const asio::any_io_executor& ex, std::size_t n) {
  pipeline_slots<Out> slots;
  slots.reserve(n + 2);
  for (std::size_t i = 0; i < n + 2; ++i) {
    channel_options<Out> one;
    one.capacity = 1;
    slots.emplace_back(ex, std::move(one));
  }
  return slots;
}

// One input and the number of the slot its results go to.
template <class T>
struct pipeline_job {
  T value;
  std::size_t slot;
};

template <class T>
task<void> pipeline_inputs(channel<T> from, channel<pipeline_job<T>> jobs,
                           channel<std::size_t> results, std::size_t slot_count) {
  for (std::size_t slot = 0;; slot = slot + 1 == slot_count ? 0 : slot + 1) {
    std::optional<T> v = co_await from.async_take(use_task);
    if (!v) {
      jobs.close();
      co_return;
    }
    // Named, not a braced temporary: g++ 12 miscompiles one that lives across a co_await.
    pipeline_job<T> job{std::move(*v), slot};
    co_await jobs.async_put(std::move(job), use_task);
    co_await results.async_put(slot, use_task);
  }
}

// `xf(value)` gives the values for one input: a vector or one value, or a task of either
// (work that takes time).
template <class T, class Xf>
task<void> pipeline_worker(Xf xf, channel<pipeline_job<T>> jobs, channel<std::size_t> results,
                           pipeline_slots<pipeline_out<T, Xf>> slots) {
  for (;;) {
    std::optional<pipeline_job<T>> job = co_await jobs.async_take(use_task);
    if (!job) {
      results.close();  // every slot number is in results already (see pipeline_inputs)
      co_return;
    }
    if constexpr (std::is_same_v<std::invoke_result_t<Xf&, T>, pipeline_out<T, Xf>>) {
      pipeline_out<T, Xf> out = xf(std::move(job->value));
      co_await slots[job->slot].async_put(std::move(out), use_task);
    } else {
      pipeline_out<T, Xf> out = co_await xf(std::move(job->value));
      co_await slots[job->slot].async_put(std::move(out), use_task);
    }
  }
}

template <class T, class Out>
task<void> pipeline_outputs(channel<std::size_t> results, channel<T> to, bool close,
                            pipeline_slots<Out> slots) {
  for (;;) {
    std::optional<std::size_t> slot = co_await results.async_take(use_task);
    if (!slot) {
      if (close) to.close();
      co_return;
    }
    std::optional<Out> values = co_await slots[*slot].async_take(use_task);
    // core.async goes on to the next job when `to` is closed: the values are dropped.
    if constexpr (std::is_same_v<Out, T>) {
      co_await to.async_put(std::move(*values), use_task);
    } else {
      for (T& v : *values)
        if (!co_await to.async_put(std::move(v), use_task)) break;
    }
  }
}

}  // namespace hotdog::detail
