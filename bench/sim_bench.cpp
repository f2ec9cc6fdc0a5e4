// The simulator's speed: events per second of a busy scenario written as JSONL to a sink
// that discards it (like /dev/null).
#include <hotdog/sim/explore/explore.hpp>
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>

#include <fstream>
#include <ostream>
#include <string>
#include <streambuf>

using namespace hotdog;
using namespace hotdog::sim;

namespace {

// HOTDOG_BENCH_TINY=1 divides every size by 1000: CI runs each benchmark once that way.
const std::int64_t tiny = std::getenv("HOTDOG_BENCH_TINY") ? 1000 : 1;

// This process's peak resident size (VmHWM): not getrusage's ru_maxrss, which also holds the
// peak of the image it was exec'd from (compare.py's python3, ~15 MB).
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // in kB
  return 0;
}

class null_buffer final : public std::streambuf {
  int_type overflow(int_type c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// Events are made but not written: how much of a run is the simulation itself.
class ignore_events final : public observer {
  void on_event(const event&) override {}
};

scenario crowd_scenario(std::int64_t customers) {
  const std::string text = R"({"hotdog": 1, "seed": 1, "processes": [
    {"name": "m", "kind": "machine", "price": 3, "stock": 100, "capacity": 100},
    {"name": "chef", "kind": "chef", "machine": "m", "cook_time": "50s", "batch": 10},
    {"name": "crowd", "kind": "customer", "machine": "m", "count": )" +
                           std::to_string(customers) + R"(, "interval": {"exponential": "5s"},
     "amount": {"choose": [2, 3, 4]}, "patience": "1m"}]})";
  return std::move(*load_scenario(text, "bench.json"));
}

// Runs sc into a new Sink each iteration; the counter: microseconds per customer (range(0)).
template <class Sink>
void per_customer(benchmark::State& state, const scenario& sc) {
  for (auto _ : state) {
    Sink sink;
    benchmark::DoNotOptimize(simulate(sc, {}, sink).events);
  }
  state.counters["us_per_customer"] =
      benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void crowd_without_writing(benchmark::State& state) {
  per_customer<ignore_events>(state, crowd_scenario(state.range(0)));
}
BENCHMARK(crowd_without_writing)->Arg(100000 / tiny)->Unit(benchmark::kMillisecond)->UseRealTime();

// The crowd with no trace at all, only the summary: the runtime makes no event for an
// observer that wants none (the case of statistics over many runs).
void crowd_summary_only(benchmark::State& state) {
  per_customer<null_writer>(state, crowd_scenario(state.range(0)));
}
BENCHMARK(crowd_summary_only)
    ->Arg(10000 / tiny)
    ->Arg(100000 / tiny)
    ->Arg(1000000 / tiny)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void crowd_events_per_second(benchmark::State& state) {
  const scenario sc = crowd_scenario(state.range(0));
  null_buffer nb;
  std::ostream out(&nb);
  std::uint64_t events = 0;
  for (auto _ : state) {
    jsonl_writer w(out);
    events += simulate(sc, {}, w).events;
  }
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["us_per_customer"] =
      benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  // The process's peak so far: the sizes run smallest first, so after the largest this is
  // that run's peak (which should not grow with the crowd's size).
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(crowd_events_per_second)
    ->Arg(10000 / tiny)
    ->Arg(100000 / tiny)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// A million customers (about 15 million events), once: time linear in the crowd's size,
// memory bounded by the customers present at once.
BENCHMARK(crowd_events_per_second)
    ->Arg(1000000 / tiny)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Customers who pay through a pipeline of two workers to a machine: microseconds per
// customer, and the process's peak memory after the run, which should not grow with the
// number of payments (a pipeline forgets the jobs it has put out; it kept every one, and the
// reply channel each payment holds, until 2026-12).
scenario pipeline_scenario(std::int64_t customers) {
  const std::string text = R"({"hotdog": 1, "seed": 1, "channels": [{"name": "a"}],
    "processes": [
      {"name": "m", "kind": "machine", "price": 3, "stock": "unlimited", "serve_time": "10ms"},
      {"name": "pl", "kind": "pipeline", "from": "a", "to": "m.in", "n": 2, "work_time": "5ms",
       "xform": [{"filter": true}]},
      {"name": "c", "kind": "customer", "line": "a", "count": )" +
                           std::to_string(customers) + R"(, "interval": "20ms", "amount": 3}]})";
  return std::move(*load_scenario(text, "bench.json"));
}

void pipeline_payments(benchmark::State& state) {
  per_customer<null_writer>(state, pipeline_scenario(state.range(0)));
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(pipeline_payments)
    ->Arg(100000 / tiny)
    ->Arg(1000000 / tiny)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

// Exploration on one thread: schedules run and classified per second, for a scenario of
// scenarios/ (0 echo, 1 pipeline, 2 the v2 race).
void explore_schedules(benchmark::State& state) {
  static const char* names[] = {"echo", "pipeline", "hot-dog-v2-race"};
  const char* name = names[state.range(0)];
  auto loaded = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/" + name + ".json");
  const scenario sc = std::move(*loaded);
  explore_options o;
  o.runs = static_cast<std::uint64_t>(10000 / tiny);
  o.jobs = 1;
  for (auto _ : state) benchmark::DoNotOptimize(explore(sc, o).classes.size());
  state.SetLabel(name);
  state.counters["schedules/s"] =
      benchmark::Counter(static_cast<double>(o.runs) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(explore_schedules)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
