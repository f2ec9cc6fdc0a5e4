// One channel operation serves every completion token: callbacks (put!/take!), futures
// (>!!/<!!), Asio's use_awaitable and hotdog's use_task.
#include <hotdog/task.hpp>

#include <hotdog/channel.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/thread_pool.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/use_future.hpp>

#include <catch2/catch.hpp>

#include <future>
#include <string>
#include <thread>
#include <utility>

using namespace hotdog;

TEST_CASE("callbacks: put! and take!", "[tokens]") {
  asio::io_context ctx;
  channel<int> c(ctx.get_executor(), {"c"});
  std::vector<std::string> log;
  c.async_take([&](std::error_code ec, std::optional<int> v) {
    CHECK_FALSE(ec);
    log.push_back("took " + std::to_string(*v));
  });
  c.async_put(7, [&](std::error_code ec, bool ok) {
    CHECK_FALSE(ec);
    log.push_back(ok ? "put true" : "put false");
  });
  CHECK(log.empty());  // handlers never run inside the initiating call
  ctx.run();
  CHECK(log.size() == 2);
  c.close();
  c.async_put(8, [&](std::error_code, bool ok) { log.push_back(ok ? "true" : "false"); });
  c.async_take([&](std::error_code, std::optional<int> v) { log.push_back(v ? "value" : "nil"); });
  ctx.restart();
  ctx.run();
  CHECK(log[2] == "false");
  CHECK(log[3] == "nil");
}

TEST_CASE("futures: a blocking put is a parking put waited on", "[tokens]") {
  asio::thread_pool pool(2);
  channel<std::string> c(pool.get_executor(), {"c"});
  auto taken = std::async(std::launch::async, [&] { return c.async_take(asio::use_future).get(); });
  CHECK(c.async_put("ketchup", asio::use_future).get());
  CHECK(taken.get() == std::optional<std::string>("ketchup"));
  c.close();
  CHECK_FALSE(c.async_put("more", asio::use_future).get());
  CHECK(c.async_take(asio::use_future).get() == std::nullopt);
  pool.join();
}

TEST_CASE("use_awaitable: a go block in plain Asio", "[tokens]") {
  asio::io_context ctx;
  channel<int> c(ctx.get_executor(), {"c", 1});
  int sum = 0;
  asio::co_spawn(
      ctx,
      [&]() -> asio::awaitable<void> {
        for (int i = 1; i <= 3; ++i) co_await c.async_put(i, asio::use_awaitable);
        c.close();
      },
      asio::detached);
  asio::co_spawn(
      ctx,
      [&]() -> asio::awaitable<void> {
        while (auto v = co_await c.async_take(asio::use_awaitable)) sum += *v;
      },
      asio::detached);
  ctx.run();
  CHECK(sum == 6);
}

TEST_CASE("use_task: an operation that can complete at once does not suspend", "[tokens]") {
  asio::io_context ctx;
  channel<int> c(ctx.get_executor(), {"c", 2});
  std::vector<std::string> log;
  auto producer = [&]() -> task<void> {
    co_await c.async_put(1, use_task);
    log.push_back("put 1");
    co_await c.async_put(2, use_task);
    log.push_back("put 2");
    co_await c.async_put(3, use_task);  // full: waits for the consumer
    log.push_back("put 3");
  };
  auto consumer = [&]() -> task<void> {
    log.push_back("consumer starts");
    for (int i = 0; i < 3; ++i)
      log.push_back("took " + std::to_string(*co_await c.async_take(use_task)));
  };
  std::exception_ptr e1, e2;
  spawn(ctx.get_executor(), producer(), [&](std::exception_ptr e) { e1 = e; });
  spawn(ctx.get_executor(), consumer(), [&](std::exception_ptr e) { e2 = e; });
  ctx.run();
  CHECK_FALSE(e1);
  CHECK_FALSE(e2);
  CHECK(log == std::vector<std::string>{"put 1", "put 2", "consumer starts", "took 1", "took 2",
                                        "took 3", "put 3"});
}

TEST_CASE("errors reach the awaiting coroutine as exceptions", "[tokens]") {
  asio::io_context ctx;
  channel<int> c(ctx.get_executor(), {"c"});
  for (std::size_t i = 0; i < max_pending; ++i)
    c.async_take([](std::error_code, std::optional<int>) {});
  std::error_code got;
  c.async_take([&](std::error_code ec, std::optional<int>) { got = ec; });
  ctx.run();
  CHECK(got == errc::too_many_pending_takes);
  CHECK(got.message() == "No more than 1024 pending takes are allowed on a single channel.");
  std::exception_ptr failure;
  // A coroutine lambda's captures live in the lambda object: keep it alive while it runs.
  auto one_more_take = [&]() -> task<void> { co_await c.async_take(use_task); };
  spawn(ctx.get_executor(), one_more_take(), [&](std::exception_ptr e) { failure = e; });
  ctx.restart();
  ctx.run();
  REQUIRE(failure);
  CHECK_THROWS_AS(std::rethrow_exception(failure), std::system_error);
}

namespace {

// Sets its flag when the copy that owns it (moved into a coroutine frame) is destroyed.
struct on_destroy {
  bool* flag;
  explicit on_destroy(bool* f) : flag(f) {}
  on_destroy(on_destroy&& o) noexcept : flag(std::exchange(o.flag, nullptr)) {}
  ~on_destroy() {
    if (flag) *flag = true;
  }
};

task<void> never_started(on_destroy, bool& ran) {
  ran = true;
  co_return;
}

}  // namespace

TEST_CASE("spawn runs nothing inside the caller, and a task that never starts is freed",
          "[tokens]") {
  bool freed = false, ran = false, done = false;
  {
    asio::io_context ctx;
    spawn(ctx.get_executor(), never_started(on_destroy(&freed), ran),
          [&](std::exception_ptr) { done = true; });
    CHECK_FALSE(ran);    // queued, not run inside spawn
    CHECK_FALSE(freed);  // the frame is alive, waiting for its start
  }  // the io_context goes without ever running: its queued start frees the frame
  CHECK_FALSE(ran);
  CHECK_FALSE(done);
  CHECK(freed);
}
