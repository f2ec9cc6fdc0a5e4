#pragma once
/// @file pipeline.hpp
/// hotdog::pipeline — core.async's pipeline: a function over a channel, n inputs at a time,
/// the outputs in input order.

#include "hotdog/channel.hpp"
#include "hotdog/detail/pipeline_parts.hpp"
#include "hotdog/detail/start_loop.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

namespace hotdog {

/// pipeline: takes each value from `from` and runs `xf(value)` on it, up to n values at
/// once; puts the values each gives (a `std::vector<T>` of any number, or one T, or a task of
/// either for work that waits) to `to` in the order of the inputs; once `from` is closed and every
/// input done, closes `to` unless close is false. Once `to` is closed, outputs are dropped
/// (inputs are still taken). Throws std::invalid_argument when n is 0.
template <class T, class Xf>
requires detail::pipeline_result<T, detail::pipeline_out<T, Xf>>
void pipeline(std::size_t n, channel<T> to, Xf xf, channel<T> from, bool close = true) {
  if (n == 0) throw std::invalid_argument("pipeline needs n >= 1");
  const auto ex = from.get_executor();
  channel_options<detail::pipeline_job<T>> job_opts;
  job_opts.capacity = n;
  channel<detail::pipeline_job<T>> jobs(ex, std::move(job_opts));
  channel_options<std::size_t> result_opts;
  result_opts.capacity = n;
  channel<std::size_t> results(ex, std::move(result_opts));
  auto slots = detail::make_pipeline_slots<detail::pipeline_out<T, Xf>>(ex, n);
  for (std::size_t i = 0; i < n; ++i)
    detail::start_loop(ex, detail::pipeline_worker<T>(xf, jobs, results, slots));
  detail::start_loop(ex, detail::pipeline_inputs(std::move(from), jobs, results, n + 2));
  detail::start_loop(
      ex, detail::pipeline_outputs(std::move(results), std::move(to), close, std::move(slots)));
}

}  // namespace hotdog
