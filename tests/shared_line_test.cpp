// Modelling v2: shared lines (M/M/c against Erlang C), the machine-choice policies,
// per-process random streams and the warm-up.
#include <hotdog/sim/run/simulation.hpp>

#include <hotdog/sim/analysis/statistics.hpp>
#include <hotdog/sim/events/payloads.hpp>
#include <hotdog/sim/load/load.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;
using nlohmann::json;

namespace {

scenario load_text(const std::string& text) {
  auto r = load_scenario(text, "s.json");
  for (const auto& e : r.errors()) FAIL(e.to_string());
  return std::move(*r);
}

std::vector<std::string> load_errors(const std::string& text) {
  auto r = load_scenario(text, "s.json");
  std::vector<std::string> out;
  for (const auto& d : r.errors()) out.push_back(d.to_string());
  return out;
}

// Each customer's arrival, the machine that took its payment and when.
struct visit {
  std::int64_t arrived = -1, paid = -1;
  std::string at;  // the arrive event's machine or line
  std::size_t machine = no_process;
  std::int64_t amount = 0;
};

class visits final : public observer {
 public:
  void on_event(const event& e) override {
    if (const auto* a = payload_of<arrive_event>(e)) {
      visit& v = by_name[std::string(e.proc)];
      v.arrived = e.t;
      v.at = std::string(a->machine_name);
      v.amount = a->amount;
      order.push_back(std::string(e.proc));
    } else if (const auto* p = payload_of<pay_event>(e)) {
      visit& v = by_name[std::string(p->from)];
      v.paid = e.t;
      v.machine = p->machine;
    } else if (const auto* s = payload_of<summary_event>(e)) {
      summary = *s;
    }
  }
  std::map<std::string, visit> by_name;
  std::vector<std::string> order;  // customers in order of arrival
  summary_event summary;
};

visits run(const scenario& sc, std::uint64_t seed = 1) {
  visits v;
  run_options o;
  o.seed = seed;
  simulate(sc, o, v);
  return v;
}

json stats_of(const scenario& sc, std::uint64_t seed = 1) {
  statistics st(sc);
  run_options o;
  o.seed = seed;
  simulate(sc, o, st);
  return json::parse(st.json());
}

}  // namespace

TEST_CASE("M/M/3 on a shared line agrees with Erlang C", "[shared_line][theory]") {
  // lambda = 1/s, mean service 2.4 s, c = 3: a = 2.4, rho = 0.8. Erlang C:
  // P(wait > 0) = C(3, 2.4) = 11.52 / (6.28 + 11.52) = 0.6472, Wq = C * S / (c - a) = 2.589 s.
  // 20 seeds of 4000 customers each, the first 10 minutes left out (the empty start): the
  // pooled estimates are within 5% (about three standard errors of these sizes).
  const scenario sc = load_text(R"({"hotdog": 1, "channels": [{"name": "line"}],
    "processes": [
    {"name": "m1", "kind": "machine", "stock": "unlimited", "in": "line", "serve_time": {"exponential": "2.4s"}},
    {"name": "m2", "kind": "machine", "stock": "unlimited", "in": "line", "serve_time": {"exponential": "2.4s"}},
    {"name": "m3", "kind": "machine", "stock": "unlimited", "in": "line", "serve_time": {"exponential": "2.4s"}},
    {"name": "crowd", "kind": "customer", "line": "line", "count": 4000, "interval": {"exponential": "1s"}}]})");
  const double a = 2.4, c = 3;
  const double top = std::pow(a, 3) / 6 * c / (c - a);
  const double erlang_c = top / (1 + a + a * a / 2 + top);
  const double wq = erlang_c * 2400 / (c - a);
  double waited = 0, waiting = 0, n = 0;
  std::vector<std::size_t> served_by(4, 0);
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const visits v = run(sc, seed);
    for (const auto& [name, x] : v.by_name) {
      REQUIRE(x.paid >= x.arrived);
      if (x.arrived < 600'000) continue;
      waited += static_cast<double>(x.paid - x.arrived);
      waiting += x.paid > x.arrived ? 1 : 0;
      n += 1;
      ++served_by.at(x.machine);
    }
  }
  INFO("Wq " << waited / n << " ms (Erlang C " << wq << "), P(wait > 0) " << waiting / n
             << " (Erlang C " << erlang_c << ") over " << n << " customers");
  CHECK(std::abs(waited / n - wq) / wq < 0.05);
  CHECK(std::abs(waiting / n - erlang_c) / erlang_c < 0.05);
  // Every machine takes from the line, about a third each.
  for (std::size_t m = 0; m < 3; ++m) CHECK(served_by[m] > n / 4);
}

TEST_CASE("a shared line is served by whichever machine is free", "[shared_line]") {
  // Three customers at once, two machines of 10 s: two are served at once, the third by the
  // first machine free, at 10 s; each leaves from the machine that took its payment.
  const scenario sc = load_text(R"({"hotdog": 1, "channels": [{"name": "q"}], "processes": [
    {"name": "a", "kind": "machine", "stock": "unlimited", "in": "q", "serve_time": "10s"},
    {"name": "b", "kind": "machine", "stock": "unlimited", "in": "q", "serve_time": "10s"},
    {"name": "c", "kind": "customer", "line": "q", "count": 3}]})");
  const visits v = run(sc);
  CHECK(v.by_name.at("c-1").paid == 0);
  CHECK(v.by_name.at("c-2").paid == 0);
  CHECK(v.by_name.at("c-3").paid == 10'000);
  CHECK(v.by_name.at("c-1").at == "q");
  CHECK(v.by_name.at("c-1").machine != v.by_name.at("c-2").machine);
  const json s = stats_of(sc);
  CHECK(s["served"] == 3);
  CHECK(s["balanced"] == true);
  CHECK(s["machines"]["a"]["served"].get<int>() + s["machines"]["b"]["served"].get<int>() == 3);
  CHECK(s["machines"]["a"]["customers"].get<int>() + s["machines"]["b"]["customers"].get<int>() ==
        3);
  CHECK(s["channels"].contains("q"));
  CHECK(!s["channels"].contains("a.in"));  // a machine with "in" has no own in channel
}

TEST_CASE("customers choose among machines by policy", "[shared_line]") {
  const auto arrivals = [](const std::string& choose) {
    // Machines of 10 s, a customer every second.
    const scenario sc = load_text(R"({"hotdog": 1, "processes": [
      {"name": "m1", "kind": "machine", "stock": "unlimited", "serve_time": "10s"},
      {"name": "m2", "kind": "machine", "stock": "unlimited", "serve_time": "10s"},
      {"name": "c", "kind": "customer", "machine": ["m1", "m2"], "choose": ")" +
                                  choose + R"(", "count": 6, "interval": "1s"}]})");
    const visits v = run(sc);
    std::string out;
    for (const auto& name : v.order) out += v.by_name.at(name).at + " ";
    return out;
  };
  // The 1st pays m1 at once (no payment waits anywhere); the 2nd finds none waiting either
  // (tie: the first listed) and waits at m1; the 3rd finds one waiting at m1, none at m2; ...
  CHECK(arrivals("shortest") == "m1 m1 m2 m2 m1 m2 ");
  CHECK(arrivals("round_robin") == "m1 m2 m1 m2 m1 m2 ");
  const std::string random = arrivals("random");
  CHECK(random != arrivals("shortest"));
  CHECK(random != arrivals("round_robin"));
}

TEST_CASE("shared lines and choices are checked at load", "[shared_line][load]") {
  const auto one = [](const std::string& text) {
    const auto errors = load_errors(text);
    REQUIRE(errors.size() == 1);
    return errors[0];
  };
  CHECK_THAT(one(R"({"hotdog": 1, "channels": [{"name": "line"}], "processes": [
    {"name": "m", "kind": "machine", "in": "lien"}]})"),
             Catch::Contains("unknown channel \"lien\"; did you mean \"line\"?"));
  CHECK_THAT(one(R"({"hotdog": 1, "channels": [{"name": "line"}], "processes": [
    {"name": "m", "kind": "machine", "in": "line"},
    {"name": "c", "kind": "customer", "line": "lines"}]})"),
             Catch::Contains("unknown channel \"lines\"; did you mean \"line\"?"));
  CHECK_THAT(one(R"({"hotdog": 1, "channels": [{"name": "line"}], "processes": [
    {"name": "m", "kind": "machine", "in": "line"},
    {"name": "c", "kind": "customer", "line": "line", "machine": "m"}]})"),
             Catch::Contains("give \"machine\" or \"line\", not both"));
  CHECK_THAT(one(R"({"hotdog": 1, "processes": [{"name": "m", "kind": "machine"},
    {"name": "c", "kind": "customer", "machine": ["m"], "choose": "shortes"}]})"),
             Catch::Contains("did you mean \"shortest\"?"));
  CHECK_THAT(one(R"({"hotdog": 1, "processes": [{"name": "m", "kind": "machine"},
    {"name": "c", "kind": "customer", "machine": "m", "choose": "shortest"}]})"),
             Catch::Contains("\"choose\" picks among a list of machines"));
  // A machine's own channel is not a line: "in" names a declared channel.
  CHECK_THAT(one(R"({"hotdog": 1, "processes": [{"name": "m", "kind": "machine"},
    {"name": "n", "kind": "machine", "in": "m.in"}]})"),
             Catch::Contains("unknown channel \"m.in\""));
  // A promise would hand one payment to every machine; a transducer cannot read a payment.
  CHECK_THAT(
      one(R"({"hotdog": 1, "channels": [{"name": "line", "promise": true}],
    "processes": [{"name": "m", "kind": "machine", "in": "line"}]})"),
      Catch::Contains(
          R"(s.json:2:58: error: channel "line" cannot be a line of payments: it is a promise channel)"));
  CHECK_THAT(one(R"({"hotdog": 1, "channels": [{"name": "line", "buffer": 2,
    "xform": [{"map": {"var": ""}}]}], "processes": [{"name": "m", "kind": "machine"},
    {"name": "c", "kind": "customer", "line": "line"}]})"),
             Catch::Contains(R"(cannot be a line of payments: it has an "xform")"));
  CHECK_THAT(one(R"({"hotdog": 1, "random": "per-process", "processes": [
    {"name": "m", "kind": "machine"}]})"),
             Catch::Contains("did you mean \"per_process\"?"));
}

TEST_CASE("per-process streams: changing one process leaves the others' draws alone",
          "[shared_line][random]") {
  const auto arrivals = [](const std::string& random, const std::string& serve_time) {
    const scenario sc = load_text(R"({"hotdog": 1, "random": ")" + random + R"(", "processes": [
      {"name": "m", "kind": "machine", "stock": "unlimited", "serve_time": )" +
                                  serve_time + R"(},
      {"name": "c", "kind": "customer", "machine": "m", "count": 50,
       "interval": {"exponential": "1s"}, "amount": {"uniform": [1, 9]}}]})");
    const visits v = run(sc, 7);
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (const auto& name : v.order)
      out.emplace_back(v.by_name.at(name).arrived, v.by_name.at(name).amount);
    return out;
  };
  // The machine's serve_time changes; the crowd's arrival times and amounts do not.
  const auto a = arrivals("per_process", R"({"exponential": "500ms"})");
  const auto b = arrivals("per_process", R"({"normal": ["900ms", "100ms"]})");
  CHECK(a.size() == 50);
  CHECK(a == b);
  // With the one shared stream they do (the machine's draws interleave with the crowd's).
  CHECK(arrivals("shared", R"({"exponential": "500ms"})") !=
        arrivals("shared", R"({"normal": ["900ms", "100ms"]})"));
  // Each process's stream is made from the seed and its name alone.
  CHECK(per_process_seed(7, "c") == per_process_seed(7, "c"));
  CHECK(per_process_seed(7, "c") != per_process_seed(7, "m"));
  CHECK(per_process_seed(7, "c") != per_process_seed(8, "c"));
}

TEST_CASE("the warm-up leaves the first minutes out of the summary", "[shared_line][warmup]") {
  // No hot dog for the first 10 minutes (the chef's first batch is ready at 10m): the
  // customers of those minutes wait for it; from then on a hot dog is always at hand.
  const auto summary = [](const std::string& warmup) {
    return stats_of(load_text(R"({"hotdog": 1, )" + warmup + R"( "processes": [
      {"name": "m", "kind": "machine", "stock": 0, "capacity": 100},
      {"name": "chef", "kind": "chef", "machine": "m", "cook_time": "10m", "batch": 100, "batches": 1},
      {"name": "c", "kind": "customer", "machine": "m", "count": 40, "interval": "30s"}]})"));
  };
  const json all = summary("");
  const json later = summary(R"("warmup": "10m",)");
  // 20 customers arrive in the first 10 minutes (every 30 s) and wait on average 5m15s.
  CHECK(all["served"] == 40);
  CHECK(later["served"] == 40);  // counts are the whole run's
  CHECK(all["waits"]["served"]["n"] == 40);
  CHECK(later["waits"]["served"]["n"] == 20);
  CHECK(all["waits"]["served"]["mean"].get<double>() == Approx(315'000.0 / 2));
  CHECK(later["waits"]["served"]["mean"].get<double>() == 0);
  CHECK(later["wait_max"] == 0);
  CHECK(all["wait_max"] == 600'000);
  CHECK(all["machines"]["m"]["queue_mean"].get<double>() > 1);
  CHECK(later["machines"]["m"]["queue_mean"].get<double>() == 0);
  CHECK(later["machines"]["m"]["sold_out"] == 0);
  CHECK(all["machines"]["m"]["sold_out"] == 600'000);
}

TEST_CASE("wait_mean means one thing at the top and per machine", "[shared_line][summary]") {
  // two-machines has hungry customers: the top-level wait_mean, waits.all and the machines'
  // wait_mean all count every customer who left, from arrival to leaving, in ms with fractions.
  auto r = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/two-machines.json");
  REQUIRE(r.has_value());
  for (std::uint64_t seed : {1, 2, 3}) {
    const json s = stats_of(*r, seed);
    REQUIRE(s["hungry"].get<int>() > 0);
    double total = 0, customers = 0;
    for (const auto& [name, m] : s["machines"].items()) {
      total += m["wait_mean"].get<double>() * m["customers"].get<double>();
      customers += m["customers"].get<double>();
    }
    CHECK(s["waits"]["all"]["n"].get<double>() == customers);
    CHECK(s["wait_mean"].get<double>() == Approx(total / customers).epsilon(1e-12));
    CHECK(s["wait_mean"].get<double>() == Approx(s["waits"]["all"]["mean"].get<double>()));
    CHECK(s["wait_max"] == s["waits"]["all"]["max"]);
    CHECK(s["stock_left"].is_number());
  }
  const json unlimited = stats_of(load_text(R"({"hotdog": 1, "processes": [
    {"name": "m", "kind": "machine", "stock": "unlimited"},
    {"name": "c", "kind": "customer", "machine": "m", "count": 3}]})"));
  CHECK(unlimited["stock_left"] == "unlimited");
}

TEST_CASE("payments waiting in a buffered line are neither stuck nor lost", "[shared_line]") {
  // A customer whose payment waits in the line's buffer waits on its reply, which only a
  // machine that takes the payment answers: that is no deadlock while a machine can go on,
  // and the money in the buffer is accounted for when the run is cut.
  const auto line = [](const std::string& channel, const std::string& until) {
    return load_text(R"({"hotdog": 1, "channels": [)" + channel + R"(], "processes": [
      {"name": "m", "kind": "machine", "stock": "unlimited", "in": "l", "serve_time": "1s"},
      {"name": "c", "kind": "customer", "line": "l", "count": 3}])" +
                     until + "}");
  };
  const auto end_of = [](const scenario& sc, std::optional<std::int64_t> until = {}) {
    statistics st(sc);
    run_options o;
    o.until = until;
    const run_result r = simulate(sc, o, st);
    return std::pair(r, json::parse(st.json()));
  };
  for (const char* buffer : {R"({"name": "l", "buffer": 1})", R"({"name": "l", "buffer": 5})",
                             R"({"name": "l", "buffer": 2, "policy": "sliding"})"}) {
    INFO(buffer);
    const scenario sc = line(buffer, "");
    const visits v = run(sc);
    CHECK(v.by_name.at("c-1").paid == 0);
    CHECK(v.by_name.at("c-2").paid == 1000);
    CHECK(v.by_name.at("c-3").paid == 2000);
    const auto [r, s] = end_of(sc);
    CHECK(r.reason == end_reason::done);
    CHECK(s["served"] == 3);
    CHECK(s["balanced"] == true);
    // Cut while two payments wait in the buffer (or one, and one waits to be put).
    const auto [cut, at_cut] = end_of(sc, 500);
    CHECK(cut.reason == end_reason::until);
    CHECK(at_cut["served"] == 0);
    CHECK(at_cut["balanced"] == true);
  }
  // A full dropping line discards c-3's payment: its money is accounted for as discarded,
  // and c-3, whom no machine will ever answer, is the one deadlocked.
  const scenario dropping = line(R"({"name": "l", "buffer": 1, "policy": "dropping"})", "");
  const auto [r, s] = end_of(dropping);
  CHECK(r.reason == end_reason::deadlock);
  REQUIRE(r.deadlock.waiting.size() == 1);
  CHECK(r.deadlock.waiting[0].proc == "c-3");
  CHECK(r.deadlock.waiting[0].chans == std::vector<std::string>{"c-3.reply"});
  CHECK(s["served"] == 2);
  CHECK(s["balanced"] == true);
}

TEST_CASE("a buffered line's queue counts the payments in its buffer", "[shared_line][summary]") {
  // Three customers at once, a machine of 1 s: c-1's payment is taken at once, two wait
  // for 1 s and one for 1 s more, whether they wait as parked puts (no buffer, a buffer of
  // 1) or in the buffer (5). Mean over the 3 s run: (2 + 1 + 0) / 3 = 1; at most 2: c-1's
  // payment, put into the buffer and taken at the same instant, never waited there.
  for (int buffer : {0, 1, 5}) {
    INFO("buffer " << buffer);
    const scenario sc = load_text(R"({"hotdog": 1, "channels": [{"name": "l", "buffer": )" +
                                  std::to_string(buffer) + R"(}], "processes": [
      {"name": "m", "kind": "machine", "stock": "unlimited", "in": "l", "serve_time": "1s"},
      {"name": "c", "kind": "customer", "line": "l", "count": 3}]})");
    const json s = stats_of(sc);
    CHECK(s["t"] == 3000);
    CHECK(s["machines"]["m"]["queue_mean"] == 1.0);
    CHECK(s["machines"]["m"]["queue_max"] == 2);
  }
}

TEST_CASE("a queue that lasts no time is no queue, however the line is buffered",
          "[shared_line][summary]") {
  // A machine that answers at once: three customers at the same instant each wait 0 ms, on
  // a line unbuffered or buffered, or on the machine's own in. A put that parks and is taken
  // at the same instant waited no more than one put into a buffer and taken at once.
  for (const std::string& channels :
       {std::string(R"("channels": [{"name": "l"}], )"),
        std::string(R"("channels": [{"name": "l", "buffer": 5}], )"), std::string()}) {
    INFO(channels);
    const std::string at = channels.empty() ? R"("machine": "m")" : R"("line": "l")";
    const std::string in = channels.empty() ? "" : R"(, "in": "l")";
    const scenario sc = load_text(R"({"hotdog": 1, )" + channels + R"("processes": [
      {"name": "m", "kind": "machine", "stock": "unlimited")" +
                                  in + R"(},
      {"name": "c", "kind": "customer", )" +
                                  at + R"(, "count": 3}]})");
    const json s = stats_of(sc);
    CHECK(s["waits"]["all"]["max"] == 0);
    CHECK(s["machines"]["m"]["queue_max"] == 0);
    CHECK(s["machines"]["m"]["queue_mean"] == 0.0);
  }
}

TEST_CASE("choosing the shortest counts the payments in a buffered line", "[shared_line]") {
  // As "customers choose among machines by policy", but each machine takes from a line of
  // its own: a payment in a line's buffer is waiting there as a parked put is, so the
  // choices are the same with buffers as without.
  const auto arrivals = [](int buffer) {
    const std::string b = std::to_string(buffer);
    const scenario sc = load_text(R"({"hotdog": 1, "channels": [{"name": "l1", "buffer": )" + b +
                                  R"(}, {"name": "l2", "buffer": )" + b + R"(}], "processes": [
      {"name": "m1", "kind": "machine", "stock": "unlimited", "in": "l1", "serve_time": "10s"},
      {"name": "m2", "kind": "machine", "stock": "unlimited", "in": "l2", "serve_time": "10s"},
      {"name": "c", "kind": "customer", "machine": ["m1", "m2"], "choose": "shortest",
       "count": 6, "interval": "1s"}]})");
    const visits v = run(sc);
    std::string out;
    for (const auto& name : v.order)
      out += v.by_name.at(name).machine == 0 ? "m1 " : "m2 ";  // by who took the payment
    return out;
  };
  CHECK(arrivals(0) == "m1 m1 m2 m2 m1 m2 ");
  CHECK(arrivals(5) == "m1 m1 m2 m2 m1 m2 ");
}
