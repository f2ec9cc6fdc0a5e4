// Statistics a queueing modeller can trust: checked against closed forms and Little's law.
#include <hotdog/sim/analysis/statistics.hpp>

#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/events/payloads.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include "event_script.hpp"

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

TEST_CASE("Little's law holds on a buffered line", "[stats][theory]") {
  // A payment waiting in the line's buffer is in the queue as a parked put is: L counts
  // both, or L falls short of lambda W. Buffers smaller and larger than the queue gets.
  for (int buffer : {2, 1000}) {
    const scenario sc = load_text(R"({"hotdog": 1, "channels": [{"name": "l", "buffer": )" +
                                  std::to_string(buffer) + R"(}], "processes": [
      {"name": "server", "kind": "machine", "stock": "unlimited", "in": "l",
       "serve_time": {"exponential": "800ms"}},
      {"name": "arrivals", "kind": "customer", "line": "l", "count": 2000,
       "interval": {"exponential": "1s"}}]})");
    for (std::uint64_t seed : {1, 2}) {
      INFO("buffer " << buffer << " seed " << seed);
      const json s = stats_of(sc, seed);
      REQUIRE(s["balanced"] == true);
      const json& m = s["machines"]["server"];
      const double l = m["queue_mean"].get<double>() + m["utilization"].get<double>();
      const double lambda_w =
          m["customers"].get<double>() / s["t"].get<double>() * m["wait_mean"].get<double>();
      CHECK(l == Approx(lambda_w).epsilon(1e-9).margin(1e-9));
      CHECK(m["queue_max"].get<int>() > 2);  // the queue outgrew the small buffer
    }
  }
}

TEST_CASE("Little's law holds for a line shared by two machines, as a whole", "[stats][theory]") {
  // The machines share the line's queue: L is its queue_mean plus both utilizations, and
  // lambda W counts every customer of the line (waits.all: the impatient who gave up in the
  // line too, whom no machine's own counts hold).
  for (const char* line : {R"({"name": "l"})", R"({"name": "l", "buffer": 3})"}) {
    const scenario sc = load_text(R"({"hotdog": 1, "channels": [)" + std::string(line) +
                                  R"(], "processes": [
      {"name": "a", "kind": "machine", "stock": "unlimited", "in": "l",
       "serve_time": {"exponential": "1600ms"}},
      {"name": "b", "kind": "machine", "stock": "unlimited", "in": "l",
       "serve_time": {"exponential": "1600ms"}},
      {"name": "c", "kind": "customer", "line": "l", "count": 2000,
       "interval": {"exponential": "1s"}, "patience": {"exponential": "3s"}}]})");
    for (std::uint64_t seed : {1, 2}) {
      INFO(line << " seed " << seed);
      const json s = stats_of(sc, seed);
      REQUIRE(s["balanced"] == true);
      const json& a = s["machines"]["a"];
      const json& b = s["machines"]["b"];
      const double l = a["queue_mean"].get<double>() + a["utilization"].get<double>() +
                       b["utilization"].get<double>();
      CHECK(a["queue_mean"] == b["queue_mean"]);  // the line's, at each machine
      const json& all = s["waits"]["all"];
      const double lambda_w =
          all["n"].get<double>() / s["t"].get<double>() * all["mean"].get<double>();
      CHECK(l == Approx(lambda_w).epsilon(1e-9).margin(1e-9));
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

TEST_CASE("machine statistics follow the machine indices the events carry", "[stats]") {
  // Process 0 is the machine "b", process 1 the machine "a" (listed by name in the JSON).
  const scenario sc = load_text(R"({"hotdog": 1, "processes": [
    {"name": "b", "kind": "machine", "stock": 1},
    {"name": "a", "kind": "machine", "stock": 1},
    {"name": "c", "kind": "customer", "machine": "a"}]})");
  statistics st(sc);
  hotdog::test::event_script s;
  s.payload("c", arrive_event{"a", 1, 3});
  s.now = 100;
  s.payload("a", pay_event{1, "c", 3, 1});
  s.now = 300;
  s.payload("a", dispense_event{1, "c"});
  s.payload("c", leave_event{leave_reason::served, 300, 1});
  s.payload("b", sold_out_event{0, sold_out_action::wait_for_chef});
  s.now = 400;
  s.take("b", "b.hopper", "hot dog");                         // the sold-out machine gets a hot dog
  s.payload("a", sold_out_event{1, sold_out_action::close});  // closing is not waiting
  s.now = 1000;
  s.end("done");
  s.play(st);
  const json j = json::parse(st.json());
  CHECK(j["machines"].begin().key() == "a");  // by name
  CHECK(j["machines"]["a"]["served"] == 1);
  CHECK(j["machines"]["a"]["utilization"].get<double>() == Approx(0.2));
  CHECK(j["machines"]["a"]["customers"] == 1);
  CHECK(j["machines"]["a"]["wait_mean"].get<double>() == Approx(300));
  CHECK(j["machines"]["a"]["sold_out"] == 0);
  CHECK(j["machines"]["b"]["served"] == 0);
  CHECK(j["machines"]["b"]["customers"] == 0);
  CHECK(j["machines"]["b"]["sold_out"] == 100);
  CHECK(j["waits"]["served"]["n"] == 1);
  CHECK(j["waits"]["hungry"]["n"] == 0);
}

namespace {

// Passes each event to one statistics as it comes (tagged by the simulation) and to
// another with every tag cleared (as a library user's untagged channels report them).
class tagged_and_untagged final : public observer {
 public:
  explicit tagged_and_untagged(const scenario& sc) : tagged(sc), untagged(sc) {}
  void on_event(const event& e) override {
    procs_tagged = procs_tagged || e.proc_tag != 0;
    chans_tagged = chans_tagged || e.chan_tag != 0;
    alts_tagged = alts_tagged || !e.chan_tags.empty();
    members_tagged = members_tagged || e.proc_member != 0;
    tagged.on_event(e);
    untagged.on_event(hotdog::test::without_tags(e));
  }
  statistics tagged, untagged;
  bool procs_tagged = false, chans_tagged = false, alts_tagged = false, members_tagged = false;
};

}  // namespace

TEST_CASE("tagged and untagged events give the same statistics", "[stats]") {
  for (const char* name :
       {"morning-rush", "two-machines", "sold-out-late-chef", "alts-timeout", "alts-put",
        "dining-philosophers", "dropping-buffer", "sliding-buffer", "hot-dog-machine-v2-sim"}) {
    INFO(name);
    auto r = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/" + name + ".json");
    REQUIRE(r.has_value());
    tagged_and_untagged both(*r);
    run_options o;
    o.seed = 7;
    simulate(*r, o, both);
    CHECK(both.procs_tagged);
    CHECK(both.chans_tagged);
    CHECK(both.tagged.json() == both.untagged.json());
    CHECK(json::parse(both.tagged.json()) == stats_of(*r, 7));  // the observer alone
  }
}

TEST_CASE("a crowd's customers carry its tag and their member numbers", "[stats]") {
  auto r = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/morning-rush.json");
  REQUIRE(r.has_value());
  tagged_and_untagged both(*r);
  run_options o;
  o.seed = 1;
  simulate(*r, o, both);
  CHECK(both.members_tagged);
  CHECK(both.alts_tagged);
  const json s = json::parse(both.tagged.json());
  CHECK(s["processes"].size() == r->processes.size());  // members counted in their crowd
}
