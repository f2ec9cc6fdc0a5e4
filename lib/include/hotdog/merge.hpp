#pragma once
/// @file merge.hpp
/// hotdog::merge — core.async's merge: the values of several channels on one.

#include "hotdog/alts.hpp"
#include "hotdog/channel.hpp"
#include "hotdog/detail/start_loop.hpp"
#include "hotdog/random.hpp"
#include "hotdog/task.hpp"

#include <utility>
#include <vector>

namespace hotdog {
namespace detail {

template <class T>
task<void> merge_loop(std::vector<channel<T>> inputs, channel<T> to, random_source* random) {
  while (!inputs.empty()) {
    std::vector<alt_op<T>> ops;
    ops.reserve(inputs.size());
    for (const auto& c : inputs) ops.push_back(alt_op<T>::take(c));
    alts_result<T> r = co_await async_alts(ops, alts_options{}, *random, use_task);
    if (!r.value) {
      inputs.erase(inputs.begin() + static_cast<std::ptrdiff_t>(r.index));
      continue;
    }
    if (!co_await to.async_put(std::move(*r.value), use_task)) co_return;
  }
  to.close();
}

}  // namespace detail

/// merge: takes from whichever of `inputs` is ready (a random one of several, drawn from
/// `random`, as alts! does) and puts each value to `to`, one at a time; closes `to` once
/// every input has closed (at once for none); stops once `to` is closed. `random` must
/// outlive the merge. Returns `to`.
template <class T>
channel<T> merge(std::vector<channel<T>> inputs, channel<T> to, random_source& random) {
  const auto ex = to.get_executor();
  detail::start_loop(ex, detail::merge_loop(std::move(inputs), to, &random));
  return to;
}

}  // namespace hotdog
