#include <hotdog/task.hpp>

#include <hotdog/channel.hpp>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

using namespace hotdog;
using strings = std::vector<std::string>;

namespace {

// Counts its destructions (a moved-from one does not count): a coroutine parameter of this
// type tells when the coroutine's frame is destroyed.
struct frame_probe {
  int* destroyed;
  explicit frame_probe(int* d) : destroyed(d) {}
  frame_probe(frame_probe&& o) noexcept : destroyed(std::exchange(o.destroyed, nullptr)) {}
  frame_probe& operator=(frame_probe&&) = delete;
  ~frame_probe() {
    if (destroyed) ++*destroyed;
  }
};

task<int> answer(int base) { co_return base + 2; }

task<std::string> words(std::string a, std::string b) {
  const int n = co_await answer(40);
  co_return a + " " + b + " " + std::to_string(n);
}

task<int> fails(std::string why) {
  throw std::runtime_error(why);
  co_return 0;
}

task<void> probed(frame_probe, bool* ran) {
  *ran = true;
  co_return;
}

// Runs t on a fresh io_context until it finishes; returns what spawn's done was given.
std::exception_ptr run(asio::io_context& ctx, task<void> t) {
  std::exception_ptr failure;
  bool done = false;
  spawn(ctx.get_executor(), std::move(t), [&](std::exception_ptr e) {
    failure = e;
    done = true;
  });
  ctx.run();
  CHECK(done);
  return failure;
}

struct waits_seen final : wait_observer {
  int n = 0;
  void waiting() override { ++n; }
};

}  // namespace

TEST_CASE("a task returns its value to the task that awaits it", "[task]") {
  asio::io_context ctx;
  std::string got;
  int n = 0;
  auto failure = run(ctx, [](std::string* out, int* num) -> task<void> {
    *out = co_await words("hot", "dog");
    *num = co_await answer(1);
  }(&got, &n));
  CHECK_FALSE(failure);
  CHECK(got == "hot dog 42");
  CHECK(n == 3);
}

TEST_CASE("an exception in a task propagates to its awaiter and to spawn's done", "[task]") {
  SECTION("the awaiting task can catch it") {
    asio::io_context ctx;
    std::string caught;
    auto failure = run(ctx, [](std::string* out) -> task<void> {
      try {
        co_await fails("no mustard");
      } catch (const std::runtime_error& e) {
        *out = e.what();
      }
    }(&caught));
    CHECK_FALSE(failure);
    CHECK(caught == "no mustard");
  }
  SECTION("uncaught, it reaches done, through every level") {
    asio::io_context ctx;
    bool after = false;
    auto failure = run(ctx, [](bool* after_) -> task<void> {
      co_await [](bool*) -> task<void> { co_await fails("deep"); }(after_);
      *after_ = true;
    }(&after));
    REQUIRE(failure);
    CHECK_FALSE(after);
    CHECK_THROWS_WITH(std::rethrow_exception(failure), "deep");
  }
}

TEST_CASE("a task is lazy: it runs only when awaited or spawned", "[task]") {
  SECTION("never awaited, its frame is destroyed with it, its body never run") {
    int destroyed = 0;
    bool ran = false;
    {
      task<void> t = probed(frame_probe(&destroyed), &ran);
      CHECK(t.handle());
      CHECK(destroyed == 0);
    }
    CHECK_FALSE(ran);
    CHECK(destroyed == 1);
  }
  SECTION("move-assigning over a task destroys the frame it held") {
    int first = 0, second = 0;
    bool ran = false;
    task<void> t = probed(frame_probe(&first), &ran);
    t = probed(frame_probe(&second), &ran);
    CHECK(first == 1);
    CHECK(second == 0);
    task<void> moved(std::move(t));
    CHECK_FALSE(t.handle());  // a moved-from task is empty
    CHECK(moved.handle());
    moved = task<void>();
    CHECK(second == 1);
    CHECK_FALSE(ran);
  }
  SECTION("spawn posts: the task does not run inside the call") {
    asio::io_context ctx;
    bool ran = false, done = false;
    int destroyed = 0;
    spawn(ctx.get_executor(), probed(frame_probe(&destroyed), &ran),
          [&](std::exception_ptr) { done = true; });
    CHECK_FALSE(ran);
    ctx.run();
    CHECK(ran);
    CHECK(done);
    CHECK(destroyed == 1);
  }
  SECTION("a spawned task whose io_context goes away unrun is destroyed, not run") {
    int destroyed = 0;
    bool ran = false, done = false;
    {
      asio::io_context ctx;
      spawn(ctx.get_executor(), probed(frame_probe(&destroyed), &ran),
            [&](std::exception_ptr) { done = true; });
    }
    CHECK_FALSE(ran);
    CHECK_FALSE(done);
    CHECK(destroyed == 1);
  }
}

TEST_CASE("use_task makes a plain Asio operation awaitable", "[task]") {
  SECTION("a timer that expires") {
    asio::io_context ctx;
    bool woke = false;
    auto failure = run(ctx, [](asio::io_context& io, bool* woke_) -> task<void> {
      asio::steady_timer timer(io, std::chrono::milliseconds(1));
      co_await timer.async_wait(use_task);
      *woke_ = true;
    }(ctx, &woke));
    CHECK_FALSE(failure);
    CHECK(woke);
  }
  SECTION("an operation that fails throws std::system_error with its code") {
    asio::io_context ctx;
    std::error_code code;
    asio::steady_timer timer(ctx, std::chrono::hours(1));
    spawn(
        ctx.get_executor(),
        [](asio::steady_timer& t, std::error_code* out) -> task<void> {
          try {
            co_await t.async_wait(use_task);
          } catch (const std::system_error& e) {
            *out = e.code();
          }
        }(timer, &code),
        [](std::exception_ptr) {});
    // Cancelled from another task, after the first has started waiting.
    spawn(
        ctx.get_executor(),
        [](asio::steady_timer& t) -> task<void> {
          t.cancel();
          co_return;
        }(timer),
        [](std::exception_ptr) {});
    ctx.run();
    CHECK(code == asio::error::operation_aborted);
  }
}

TEST_CASE("use_task continues at once when the operation can complete at once", "[task]") {
  // A put into a buffer with room does not go through the scheduler: the task runs on
  // until it first waits, before any other task gets a turn (core.async's rule).
  asio::io_context ctx;
  channel<int> c(ctx.get_executor(), {"c", 1});
  strings log;
  waits_seen seen;
  spawn(
      ctx.get_executor(),
      [](channel<int> ch, strings* out, waits_seen* obs) -> task<void> {
        out->push_back("a puts");
        const bool ok = co_await ch.async_put(1, use_task[*obs]);
        out->push_back(ok ? "a put true" : "a put false");
        out->push_back("a puts again");
        co_await ch.async_put(2, use_task[*obs]);  // full: waits for b's take
        out->push_back("a put again");
      }(c, &log, &seen),
      [](std::exception_ptr) {});
  spawn(
      ctx.get_executor(),
      [](channel<int> ch, strings* out) -> task<void> {
        out->push_back("b takes");
        auto v = co_await ch.async_take(use_task);
        out->push_back("b took " + std::to_string(v.value_or(-1)));
      }(c, &log),
      [](std::exception_ptr) {});
  ctx.run();
  CHECK(log ==
        strings{"a puts", "a put true", "a puts again", "b takes", "b took 1", "a put again"});
  CHECK(seen.n == 1);  // told only of the put that had to wait
  CHECK(c.inspect().buffered == std::vector<int>{2});
}
