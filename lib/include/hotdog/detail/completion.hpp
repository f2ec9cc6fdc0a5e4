#pragma once
// How a channel hands a result to a waiting party's handler.
//
// Asio forbids calling a handler from inside its initiating function, so an ordinary
// handler is posted to its associated executor. A handler that declares
// `using hotdog_inline_completion = void;` (hotdog's use_task resumer) promises it is safe to
// call at once from anywhere, even under a channel's lock: it then decides for itself
// whether to continue inline or post, which is what lets an operation that can complete
// immediately do so without a trip through the scheduler.

#include <asio/associated_executor.hpp>
#include <asio/post.hpp>

#include <tuple>
#include <type_traits>
#include <utility>

namespace hotdog::detail {

template <class H, class = void>
struct completes_inline : std::false_type {};

template <class H>
struct completes_inline<H, std::void_t<typename H::hotdog_inline_completion>> : std::true_type {};

/// Calls or posts `handler(args...)`; `fallback` is used when the handler has no executor.
template <class Handler, class Executor, class... Args>
void complete(Handler&& handler, const Executor& fallback, Args&&... args) {
  using H = std::decay_t<Handler>;
  if constexpr (completes_inline<H>::value) {
    std::forward<Handler>(handler)(std::forward<Args>(args)...);
  } else {
    auto ex = asio::get_associated_executor(handler, fallback);
    asio::post(ex, [h = std::forward<Handler>(handler),
                    tup = std::make_tuple(std::forward<Args>(args)...)]() mutable {
      std::apply(std::move(h), std::move(tup));
    });
  }
}

}  // namespace hotdog::detail
