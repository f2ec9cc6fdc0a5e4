#pragma once
// Starts a combinator's loop (core.async's go-loop inside pipe, mult, merge...): a task
// detached on the executor of the channels it serves.

#include "hotdog/task.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/post.hpp>

#include <exception>
#include <utility>

namespace hotdog::detail {

// A loop can only fail as its channels do (a pending limit, a nil put): core.async prints
// that and goes on; here it is rethrown from the executor, so the run that owns the
// executor fails loudly (rule 17) instead of losing the loop without a word.
inline void start_loop(const asio::any_io_executor& ex, task<void> loop) {
  spawn(ex, std::move(loop), [ex](std::exception_ptr e) {
    if (e) asio::post(ex, [e] { std::rethrow_exception(e); });
  });
}

}  // namespace hotdog::detail
