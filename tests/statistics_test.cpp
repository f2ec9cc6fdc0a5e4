// Statistics a queueing modeller can trust: checked against closed forms and Little's law.
#include <hotdog/sim/analysis/statistics.hpp>

#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <string>

using namespace hotdog;
using namespace hotdog::sim;
using nlohmann::json;

namespace {

json stats_of(const scenario& sc, std::uint64_t seed) {
  statistics st(sc);
  run_options o;
  o.seed = seed;
  simulate(sc, o, st);
  return json::parse(st.json());
}

scenario load_text(const std::string& text) {
  auto r = load_scenario(text, "s.json");
  for (const auto& e : r.errors()) FAIL(e.to_string());
  return std::move(*r);
}

}  // namespace

TEST_CASE("an M/M/1 machine agrees with queueing theory", "[stats][theory]") {
  // lambda = 1/s, mu = 1/0.8s = 1.25/s: rho = 0.8, W = 1/(mu - lambda) = 4 s,
  // Lq = rho^2/(1 - rho) = 3.2. 20 seeds of 2000 customers: the means of the runs' means
  // are within a few percent (the runs' spread at rho = 0.8 is wide; 20 x 2000 makes the
  // tolerance below about three standard errors).
  const scenario sc = load_text(R"({"hotdog": 1, "processes": [
    {"name": "server", "kind": "machine", "stock": "unlimited", "serve_time": {"exponential": "800ms"}},
    {"name": "arrivals", "kind": "customer", "machine": "server", "count": 2000,
     "interval": {"exponential": "1s"}}]})");
  double w = 0, lq = 0, rho = 0;
  const int seeds = 20;
  for (int seed = 1; seed <= seeds; ++seed) {
    const json s = stats_of(sc, static_cast<std::uint64_t>(seed));
    REQUIRE(s["balanced"] == true);
    REQUIRE(s["served"] == 2000);
    w += s["waits"]["served"]["mean"].get<double>() / 1000.0 / seeds;
    lq += s["machines"]["server"]["queue_mean"].get<double>() / seeds;
    rho += s["machines"]["server"]["utilization"].get<double>() / seeds;
  }
  CHECK(std::abs(w - 4.0) / 4.0 < 0.08);
  CHECK(std::abs(lq - 3.2) / 3.2 < 0.12);
  CHECK(std::abs(rho - 0.8) < 0.02);
}

TEST_CASE("Little's law holds for every machine of the busy scenarios", "[stats][theory]") {
  for (const char* name : {"morning-rush", "two-machines", "sold-out-late-chef", "mm1"}) {
    auto r = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/" + name + ".json");
    REQUIRE(r.has_value());
    for (std::uint64_t seed : {1, 2, 3}) {
      const json s = stats_of(*r, seed);
      const double t = s["t"].get<double>();
      for (const auto& [machine, m] : s["machines"].items()) {
        INFO(name << " seed " << seed << " machine " << machine);
        // L: customers at the machine on average (in its queue, or being served);
        // lambda W: its customers per ms times their mean time there.
        const double l = m["queue_mean"].get<double>() + m["utilization"].get<double>();
        const double lambda_w = m["customers"].get<double>() / t * m["wait_mean"].get<double>();
        CHECK(l == Approx(lambda_w).epsilon(1e-9).margin(1e-9));
      }
    }
  }
}

TEST_CASE("channel and process statistics from a small script", "[stats]") {
  // p puts 1, 2, 3 into a buffer of 2: the third put waits 1 s for c's first take.
  const scenario sc = load_text(R"({"hotdog": 1, "channels": [{"name": "b", "buffer": 2},
      {"name": "d", "buffer": 1, "policy": "dropping"}],
    "processes": [
    {"name": "p", "kind": "script", "steps": [{"put": "b", "value": 1}, {"put": "b", "value": 2},
      {"put": "b", "value": 3}, {"put": "d", "value": 1}, {"put": "d", "value": 2}]},
    {"name": "c", "kind": "script", "start": 1000, "steps": [{"take": "b"}, {"take": "b"},
      {"take": "b"}, {"sleep": 1000}]}]})");
  const json s = stats_of(sc, 1);
  CHECK(s["end"] == "done");
  CHECK(s["t"] == 2000);
  CHECK(s["channels"]["b"]["puts"] == 3);
  CHECK(s["channels"]["b"]["takes"] == 3);
  CHECK(s["channels"]["b"]["max_waiting_puts"] == 1);
  CHECK(s["channels"]["b"]["max_waiting_takes"] == 0);
  // Two values from 0 to 1 s, then none (all three taken at 1 s): mean 1 over 2 s.
  CHECK(s["channels"]["b"]["buffer_mean"].get<double>() == Approx(1.0));
  CHECK(s["channels"]["d"]["puts"] == 2);
  CHECK(s["channels"]["d"]["drops"] == 1);
  // p reaches d at 1 s (its third put waited): one value for the last of the run's 2 s.
  CHECK(s["channels"]["d"]["buffer_mean"].get<double>() == Approx(0.5));
  CHECK(s["processes"]["p"]["parked"] == 1000);
  CHECK(s["processes"]["c"]["parked"] == 0);
  CHECK(s["machines"].empty());
  CHECK_FALSE(s.contains("sold"));  // no hot dog world, no summary event
}

TEST_CASE("waits of served and hungry customers are kept apart", "[stats]") {
  const scenario sc = load_text(R"({"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "stock": 1, "serve_time": 500},
    {"name": "first", "kind": "customer", "machine": "m"},
    {"name": "second", "kind": "customer", "machine": "m", "patience": "2s"}]})");
  const json s = stats_of(sc, 1);
  CHECK(s["waits"]["served"]["n"] == 1);
  CHECK(s["waits"]["served"]["mean"].get<double>() == Approx(500));
  CHECK(s["waits"]["hungry"]["n"] == 1);
  CHECK(s["waits"]["hungry"]["max"] == 2000);
  CHECK(s["waits"]["all"]["n"] == 2);
  CHECK(s["machines"]["m"]["served"] == 1);
  // Busy 0.5 s of the run's 2 s; then sold out (waiting for a chef) until the end.
  CHECK(s["machines"]["m"]["utilization"].get<double>() == Approx(0.25));
  CHECK(s["machines"]["m"]["sold_out"] == 1500);
  CHECK(s["machines"]["m"]["queue_max"] == 1);
}
