#pragma once
// The three loops of core.async's pipeline*: one takes inputs and hands out jobs in order,
// n workers run the function on them, one gives the results in input order.

#include "hotdog/channel.hpp"
#include "hotdog/task.hpp"

#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace hotdog::detail {

// One input and the one-slot channel its results go to; the results channel keeps the
// slots in input order, which is how pipeline keeps the order whatever finishes first.
template <class T>
struct pipeline_job {
  T value;
  channel<std::vector<T>> slot;
};

// The slots a pipeline's inputs loop hands out, made once and given back by the outputs loop
// once it has taken a slot's values: a slot is held by the inputs loop (1), waits in the
// results channel (at most n) or is read by the outputs loop (1), so n + 2 of them never run
// out, and a value costs a take and a put of a slot instead of a channel made and destroyed.
template <class T>
channel<channel<std::vector<T>>> pipeline_slots(const asio::any_io_executor& ex, std::size_t n) {
  channel_options<channel<std::vector<T>>> opts;
  opts.capacity = n + 2;
  channel<channel<std::vector<T>>> free(ex, std::move(opts));
  for (std::size_t i = 0; i < n + 2; ++i) {
    channel_options<std::vector<T>> one;
    one.capacity = 1;
    free.async_offer(channel<std::vector<T>>(ex, std::move(one)), [](std::error_code, auto) {});
  }
  return free;
}

template <class T>
task<void> pipeline_inputs(channel<T> from, channel<pipeline_job<T>> jobs,
                           channel<channel<std::vector<T>>> results,
                           channel<channel<std::vector<T>>> free) {
  for (;;) {
    std::optional<T> v = co_await from.async_take(use_task);
    if (!v) {
      jobs.close();
      co_return;
    }
    std::optional<channel<std::vector<T>>> slot = co_await free.async_take(use_task);
    // Named, not a braced temporary: g++ 12 miscompiles one that lives across a co_await.
    pipeline_job<T> job{std::move(*v), *slot};
    co_await jobs.async_put(std::move(job), use_task);
    co_await results.async_put(std::move(*slot), use_task);
  }
}

// `xf(value)` gives the values for one input: a vector, or a task of one (work that takes
// time).
template <class T, class Xf>
task<void> pipeline_worker(Xf xf, channel<pipeline_job<T>> jobs,
                           channel<channel<std::vector<T>>> results) {
  for (;;) {
    std::optional<pipeline_job<T>> job = co_await jobs.async_take(use_task);
    if (!job) {
      results.close();  // every slot is in results already (see pipeline_inputs)
      co_return;
    }
    std::vector<T> out;
    if constexpr (std::is_same_v<std::invoke_result_t<Xf&, T>, task<std::vector<T>>>)
      out = co_await xf(std::move(job->value));
    else
      out = xf(std::move(job->value));
    co_await job->slot.async_put(std::move(out), use_task);
  }
}

template <class T>
task<void> pipeline_outputs(channel<channel<std::vector<T>>> results, channel<T> to, bool close,
                            channel<channel<std::vector<T>>> free) {
  for (;;) {
    std::optional<channel<std::vector<T>>> slot = co_await results.async_take(use_task);
    if (!slot) {
      if (close) to.close();
      co_return;
    }
    std::optional<std::vector<T>> values = co_await slot->async_take(use_task);
    // The slot is empty again: back to the inputs loop (there is always room).
    co_await free.async_offer(std::move(*slot), use_task);
    // core.async goes on to the next job when `to` is closed: the values are dropped.
    for (T& v : *values)
      if (!co_await to.async_put(std::move(v), use_task)) break;
  }
}

}  // namespace hotdog::detail
