// Many producers and consumers on a real thread pool, some using alts with puts and takes
// on shared unbuffered channels: every num arrives exactly once.
#include <hotdog/alts.hpp>

#include <hotdog/channel.hpp>
#include <hotdog/task.hpp>

#include <asio/thread_pool.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <future>
#include <mutex>
#include <vector>

using namespace hotdog;
using num = std::int64_t;
using op = alt_op<num>;

namespace {

constexpr int producers = 4, consumers = 4;

num stress_values() {
  if (const char* s = std::getenv("HOTDOG_STRESS_VALUES")) return std::atoll(s);
  return 1'000'000;
}

struct world {
  explicit world(const asio::any_io_executor& ex, num n)
      : a(ex, {"a"}),
        b(ex, {"b"}),
        c(ex, {"c", 16}),
        total(n),
        seen(static_cast<std::size_t>(n) + 1) {}
  channel<num> a, b, c;
  locked_prng random{99};
  const num total;
  std::vector<std::atomic<std::uint8_t>> seen;
  std::atomic<num> count{0}, sum{0};
  std::atomic<int> producers_left{producers}, consumers_left{consumers};
  std::promise<void> all_done;
};

// Even producers offer each num to a or b by alts; odd ones put to c or a.
task<void> produce(world& w, int p) {
  for (num v = p + 1; v <= w.total; v += producers) {
    if (p % 2 == 0)
      co_await async_alts(alt_ops(op::put(w.a, v), op::put(w.b, v)), {}, w.random, use_task);
    else
      co_await (v % 3 == 0 ? w.c : w.a).async_put(v, use_task);
  }
  if (w.producers_left.fetch_sub(1) == 1) {
    w.a.close();
    w.b.close();
    w.c.close();
  }
}

// Even consumers take by alts over all three; odd ones take from b or c, then from a.
task<void> consume(world& w, int k) {
  for (;;) {
    std::optional<num> v;
    if (k % 2 == 0) {
      auto r = co_await async_alts(alt_ops(op::take(w.a), op::take(w.b), op::take(w.c)), {},
                                   w.random, use_task);
      v = r.value;
    } else {
      v = co_await (k == 1 ? w.b : w.c).async_take(use_task);
      if (!v) v = co_await w.a.async_take(use_task);
    }
    if (!v) break;
    w.seen[static_cast<std::size_t>(*v)].fetch_add(1);
    w.count.fetch_add(1);
    w.sum.fetch_add(*v);
  }
  if (w.consumers_left.fetch_sub(1) == 1) w.all_done.set_value();
}

}  // namespace

TEST_CASE("a million values through alts and plain ops on 4 threads: none lost or doubled",
          "[stress]") {
  asio::thread_pool pool(4);
  world w(pool.get_executor(), stress_values());
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto on_done = [&](std::exception_ptr e) {
    std::lock_guard lock(failure_mutex);
    if (e) failure = e;
  };
  for (int p = 0; p < producers; ++p) spawn(pool.get_executor(), produce(w, p), on_done);
  for (int k = 0; k < consumers; ++k) spawn(pool.get_executor(), consume(w, k), on_done);
  w.all_done.get_future().wait();
  pool.join();
  REQUIRE_FALSE(failure);
  // Consumers stop at the first nil; values still buffered in c are taken by the others,
  // so by the time all have stopped every num must have been counted exactly once.
  CHECK(w.count.load() == w.total);
  CHECK(w.sum.load() == w.total * (w.total + 1) / 2);
  num wrong = 0;
  for (num v = 1; v <= w.total; ++v) wrong += w.seen[static_cast<std::size_t>(v)].load() != 1;
  CHECK(wrong == 0);
}
