// Benchmarks of the channel library. Each reports time per operation; the
// spawn-and-park benchmark also reports bytes per parked process.
#include <hotdog/alts.hpp>
#include <hotdog/channel.hpp>
#include <hotdog/deterministic_runtime.hpp>
#include <hotdog/process.hpp>
#include <hotdog/realtime_runtime.hpp>
#include <hotdog/task.hpp>
#include <hotdog/timeout.hpp>

#include <asio/io_context.hpp>
#include <asio/thread_pool.hpp>

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>

using namespace hotdog;

// Live heap bytes, as glibc's malloc counts them (chunk overheads included), for bytes per
// parked process. Read from mallinfo2 rather than by replacing operator new, which would
// slow every allocation in the other benchmarks.
static std::int64_t live_heap_bytes() { return static_cast<std::int64_t>(mallinfo2().uordblks); }

namespace {

// HOTDOG_BENCH_TINY=1 divides every size by 1000: CI runs each benchmark once that way.
const std::int64_t tiny = std::getenv("HOTDOG_BENCH_TINY") ? 1000 : 1;

task<void> pinger(channel<int> ping, channel<int> pong, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    co_await ping.async_put(1, use_task);
    co_await pong.async_take(use_task);
  }
}

task<void> ponger(channel<int> ping, channel<int> pong, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    co_await ping.async_take(use_task);
    co_await pong.async_put(1, use_task);
  }
}

// Unbuffered ping-pong in the deterministic runtime (one thread), per round trip.
void unbuffered_ping_pong_one_thread(benchmark::State& state) {
  for (auto _ : state) {
    deterministic_runtime rt(1);
    channel<int> ping(rt.get_executor()), pong(rt.get_executor());
    const std::int64_t n = state.range(0);
    spawn(rt.get_executor(), pinger(ping, pong, n), [](std::exception_ptr) {});
    spawn(rt.get_executor(), ponger(ping, pong, n), [](std::exception_ptr) {});
    rt.run();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(unbuffered_ping_pong_one_thread)
    ->Arg(100000 / tiny)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The same in the real-time runtime, on a pool of 1 or 2 threads.
void unbuffered_ping_pong_pool(benchmark::State& state) {
  for (auto _ : state) {
    realtime_runtime rt(1, static_cast<std::size_t>(state.range(1)));
    channel<int> ping(rt.get_executor()), pong(rt.get_executor());
    const std::int64_t n = state.range(0);
    std::promise<void> a, b;
    spawn(rt.get_executor(), pinger(ping, pong, n), [&](std::exception_ptr) { a.set_value(); });
    spawn(rt.get_executor(), ponger(ping, pong, n), [&](std::exception_ptr) { b.set_value(); });
    a.get_future().wait();
    b.get_future().wait();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(unbuffered_ping_pong_pool)
    ->Args({100000 / tiny, 1})
    ->Args({100000 / tiny, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

task<void> produce(channel<int> c, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) co_await c.async_put(1, use_task);
  c.close();
}
task<void> consume(channel<int> c) {
  for (;;) {
    auto v = co_await c.async_take(use_task);
    if (!v) break;
  }
}

// One producer, one consumer through a buffer of 1024, per value, for each policy.
void buffered_throughput(benchmark::State& state) {
  const auto policy = static_cast<buffer_policy>(state.range(1));
  for (auto _ : state) {
    asio::io_context ctx(1);
    channel<int> c(ctx.get_executor(), {"c", 1024, policy});
    spawn(ctx.get_executor(), produce(c, state.range(0)), [](std::exception_ptr) {});
    spawn(ctx.get_executor(), consume(c), [](std::exception_ptr) {});
    ctx.run();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetLabel(std::string(to_string(policy)));
}
BENCHMARK(buffered_throughput)
    ->Args({1000000 / tiny, static_cast<int>(buffer_policy::fixed)})
    ->Args({1000000 / tiny, static_cast<int>(buffer_policy::dropping)})
    ->Args({1000000 / tiny, static_cast<int>(buffer_policy::sliding)})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

task<void> park_on(channel<int> c) { co_await c.async_take(use_task); }

// Spawns n processes that each park on a channel (as Go's main goroutine and core.async's
// main thread do), waits a virtual millisecond so that all of them have run and parked,
// and reports how long that took and the heap bytes per parked process; then closes the
// channels so that every process finishes and frees its frame.
task<void> spawner(runtime& rt, std::int64_t n, double& seconds, double& bytes) {
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t before = live_heap_bytes();
  // Many channels, since one channel holds at most 1024 waiting takes.
  std::vector<channel<int>> chans;
  for (std::int64_t i = 0; i < n / 1000 + 1; ++i) chans.emplace_back(rt.get_executor());
  for (std::int64_t i = 0; i < n; ++i)
    spawn(rt.get_executor(), park_on(chans[static_cast<std::size_t>(i / 1000)]),
          [](std::exception_ptr) {});
  co_await rt.async_sleep(1, use_task);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  bytes = static_cast<double>(live_heap_bytes() - before) / static_cast<double>(n);
  for (auto& c : chans) c.close();
}

// One round of spawner in a fresh runtime: returns its seconds and sets bytes.
double spawn_park_round(std::int64_t n, double& bytes) {
  deterministic_runtime rt(1);
  double seconds = 0;
  spawn(rt.get_executor(), spawner(rt, n, seconds, bytes), [](std::exception_ptr) {});
  rt.run();
  return seconds;
}

void spawn_and_park(benchmark::State& state) {
  double bytes = 0;
  for (auto _ : state) state.SetIterationTime(spawn_park_round(state.range(0), bytes));
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["bytes_per_process"] = bytes;
}
BENCHMARK(spawn_and_park)->Arg(1000000 / tiny)->Unit(benchmark::kMillisecond)->UseManualTime();

// The same, warm, as core.async's row is measured (the second run in one JVM, whose heap
// stays committed): one unmeasured round first, with glibc told to keep what is freed
// rather than give it back to the kernel, so the measured rounds reuse memory already
// touched instead of paying a page fault per 4 KiB (the row above pays them). glibc's
// defaults are put back after.
void spawn_and_park_warm(benchmark::State& state) {
  constexpr int glibc_default = 128 * 1024;  // M_TRIM_THRESHOLD's and M_MMAP_THRESHOLD's
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc allows: the run queue's ring
  double bytes = 0;
  spawn_park_round(state.range(0), bytes);  // the unmeasured round
  for (auto _ : state) state.SetIterationTime(spawn_park_round(state.range(0), bytes));
  mallopt(M_TRIM_THRESHOLD, glibc_default);
  mallopt(M_MMAP_THRESHOLD, glibc_default);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(spawn_and_park_warm)->Arg(1000000 / tiny)->Unit(benchmark::kMillisecond)->UseManualTime();

task<void> alts_loop(channel<int> a, channel<int> b, channel<int> c, random_source& r,
                     std::int64_t n) {
  // Built once, as Go's select statement is: only the alts itself is measured.
  const auto ops = alt_ops(alt_op<int>::take(a), alt_op<int>::take(b), alt_op<int>::take(c));
  for (std::int64_t i = 0; i < n; ++i) {
    co_await c.async_put(1, use_task);  // c is buffered: now exactly one arm is ready
    co_await async_alts(ops, {}, r, use_task);
  }
}

// alts over three channels with one ready, per alts.
void alts_three_one_ready(benchmark::State& state) {
  prng r(1);
  for (auto _ : state) {
    asio::io_context ctx(1);
    channel<int> a(ctx.get_executor()), b(ctx.get_executor()), c(ctx.get_executor(), {"c", 1});
    spawn(ctx.get_executor(), alts_loop(a, b, c, r, state.range(0)), [](std::exception_ptr) {});
    ctx.run();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(alts_three_one_ready)->Arg(100000 / tiny)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same in the deterministic runtime, whose channels take no lock (every party runs on
// its one thread), as the ping-pong row above is measured.
void alts_three_one_ready_deterministic(benchmark::State& state) {
  prng r(1);
  for (auto _ : state) {
    deterministic_runtime rt(1);
    channel<int> a(rt.get_executor()), b(rt.get_executor()), c(rt.get_executor(), {"c", 1});
    spawn(rt.get_executor(), alts_loop(a, b, c, r, state.range(0)), [](std::exception_ptr) {});
    rt.run();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(alts_three_one_ready_deterministic)
    ->Arg(100000 / tiny)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A timeout that fires, in the deterministic runtime's virtual time, per timeout.
void timeout_fires(benchmark::State& state) {
  for (auto _ : state) {
    deterministic_runtime rt(1);
    const std::int64_t n = state.range(0);
    rt.spawn({"sleeper"}, [n](process& p) -> task<void> {
      for (std::int64_t i = 0; i < n; ++i) co_await p.rt().async_sleep(1, use_task);
    });
    rt.run();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(timeout_fires)->Arg(100000 / tiny)->Unit(benchmark::kMillisecond)->UseRealTime();

// Many real-time timeouts at once (n processes, each waiting 1 to 10 ms on the wall clock),
// per timeout: the cost of setting and firing a timer, once the 10 ms are spread over n.
void timeouts_realtime(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  for (auto _ : state) {
    realtime_runtime rt(1, 1, 1.0);
    std::atomic<std::int64_t> left{n};
    std::promise<void> all;
    for (std::int64_t i = 0; i < n; ++i) {
      spawn(
          rt.get_executor(),
          [](runtime& r, std::int64_t ms) -> task<void> { co_await r.async_sleep(ms, use_task); }(
                                              rt, 1 + i % 10),
          [&](std::exception_ptr) {
            if (left.fetch_sub(1) == 1) all.set_value();
          });
    }
    all.get_future().wait();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(timeouts_realtime)->Arg(100000 / tiny)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
