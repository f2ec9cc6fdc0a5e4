// The seed example of the core.async chapter, through the library: a go process prints
// what the main thread puts on an unbuffered channel.
//
//   (def echo-chan (chan))
//   (go (println (<! echo-chan)))
//   (>!! echo-chan "ketchup")
#include <hotdog/channel.hpp>
#include <hotdog/task.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/thread_pool.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/use_future.hpp>

#include <iostream>
#include <string>

int main() {
  asio::thread_pool pool(8);  // core.async's go pool
  hotdog::channel<std::string> echo(pool.get_executor(), {.name = "echo-chan"});

  // (go (println (<! echo-chan)))
  auto printed = asio::co_spawn(
      pool,
      [echo]() mutable -> asio::awaitable<void> {
        auto v = co_await echo.async_take(asio::use_awaitable);
        std::cout << *v << std::endl;
      },
      asio::use_future);

  // (>!! echo-chan "ketchup") — a blocking put is a parking put waited on.
  bool accepted = echo.async_put("ketchup", asio::use_future).get();
  printed.get();
  pool.join();
  return accepted ? 0 : 1;
}
