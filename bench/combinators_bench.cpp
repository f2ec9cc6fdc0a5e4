// Benchmarks of the core.async combinators on one thread (the deterministic runtime): each
// reports time per value (mult: per value per tap). bench/compare runs the same workloads in
// core.async and Go beside them.
#include <hotdog/channel.hpp>
#include <hotdog/collect.hpp>
#include <hotdog/deterministic_runtime.hpp>
#include <hotdog/merge.hpp>
#include <hotdog/mult.hpp>
#include <hotdog/pipeline.hpp>
#include <hotdog/pub.hpp>
#include <hotdog/task.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <vector>

using namespace hotdog;

namespace {

// HOTDOG_BENCH_TINY=1 divides every size by 1000: CI runs each benchmark once that way.
const std::int64_t tiny = std::getenv("HOTDOG_BENCH_TINY") ? 1000 : 1;
// The buffer of every channel a value waits in on its way (the same in every peer).
constexpr std::size_t buffer = 64;

task<void> produce(channel<std::int64_t> c, std::int64_t from, std::int64_t n) {
  for (std::int64_t i = from; i < from + n; ++i) co_await c.async_put(i, use_task);
  c.close();
}

task<void> drain(channel<std::int64_t> c, std::int64_t& sum) {
  sum =
      co_await reduce([](std::int64_t acc, std::int64_t v) { return acc + v; }, std::int64_t{0}, c);
}

void ignore(std::exception_ptr) {}

// pipeline with n = 4 workers of trivial work (v + 1), outputs in input order, per value.
void pipeline_4(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  std::int64_t sum = 0;
  for (auto _ : state) {
    deterministic_runtime rt(1);
    channel<std::int64_t> from(rt.get_executor(), {"from", buffer});
    channel<std::int64_t> to(rt.get_executor(), {"to", buffer});
    pipeline(
        4, to, [](std::int64_t v) { return v + 1; }, from);
    spawn(rt.get_executor(), produce(from, 0, n), ignore);
    spawn(rt.get_executor(), drain(to, sum), ignore);
    rt.run();
  }
  if (sum != n * (n + 1) / 2) state.SkipWithError("pipeline lost or changed values");
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(pipeline_4)->Arg(1000000 / tiny)->Unit(benchmark::kMillisecond)->UseRealTime();

// mult of one source to 8 taps, each drained by its own consumer: per value per tap.
void mult_8_taps(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  constexpr int taps = 8;
  std::vector<std::int64_t> sums(taps);
  for (auto _ : state) {
    deterministic_runtime rt(1);
    channel<std::int64_t> source(rt.get_executor(), {"source", buffer});
    mult<std::int64_t> m(source);
    for (int t = 0; t < taps; ++t) {
      channel<std::int64_t> tap(rt.get_executor(), {"tap", buffer});
      m.tap(tap);
      spawn(rt.get_executor(), drain(tap, sums[static_cast<std::size_t>(t)]), ignore);
    }
    spawn(rt.get_executor(), produce(source, 0, n), ignore);
    rt.run();
  }
  for (std::int64_t s : sums)
    if (s != n * (n - 1) / 2) state.SkipWithError("a tap missed values");
  state.SetItemsProcessed(state.iterations() * n * taps);
}
BENCHMARK(mult_8_taps)->Arg(1000000 / tiny)->Unit(benchmark::kMillisecond)->UseRealTime();

// pub over 16 topics (value mod 16), one subscriber each: per value.
void pub_16_topics(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  constexpr int topics = 16;
  std::vector<std::int64_t> sums(topics);
  for (auto _ : state) {
    deterministic_runtime rt(1);
    channel<std::int64_t> source(rt.get_executor(), {"source", buffer});
    pub<std::int64_t, std::int64_t> p(
        source, [](std::int64_t v) { return v % topics; },
        [](const std::int64_t&) { return buffer; });
    for (int t = 0; t < topics; ++t) {
      channel<std::int64_t> sub(rt.get_executor(), {"sub", buffer});
      p.sub(t, sub);
      spawn(rt.get_executor(), drain(sub, sums[static_cast<std::size_t>(t)]), ignore);
    }
    spawn(rt.get_executor(), produce(source, 0, n), ignore);
    rt.run();
  }
  std::int64_t total = 0;
  for (std::int64_t s : sums) total += s;
  if (total != n * (n - 1) / 2) state.SkipWithError("pub lost values");
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(pub_16_topics)->Arg(1000000 / tiny)->Unit(benchmark::kMillisecond)->UseRealTime();

// merge of 8 inputs, each fed by its own producer, into one drained channel: per value.
void merge_8_inputs(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  constexpr std::int64_t inputs = 8;
  std::int64_t sum = 0;
  for (auto _ : state) {
    deterministic_runtime rt(1);
    std::vector<channel<std::int64_t>> in;
    for (std::int64_t i = 0; i < inputs; ++i) {
      in.emplace_back(rt.get_executor(), channel_options<std::int64_t>{"in", buffer});
      spawn(rt.get_executor(), produce(in.back(), i * (n / inputs), n / inputs), ignore);
    }
    channel<std::int64_t> to(rt.get_executor(), {"to", buffer});
    merge(in, to, rt.random());
    spawn(rt.get_executor(), drain(to, sum), ignore);
    rt.run();
  }
  const std::int64_t m = n / inputs * inputs;
  if (sum != m * (m - 1) / 2) state.SkipWithError("merge lost values");
  state.SetItemsProcessed(state.iterations() * m);
}
BENCHMARK(merge_8_inputs)->Arg(1000000 / tiny)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
