// Payments that something other than a customer carries to a machine: customers pay into a
// channel, and a pipe, merge, mult or pipeline takes each payment on to the machine's line.
// The customer then waits on its reply while the payment is on its way, and neither the
// deadlock check nor the books may lose sight of it.
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

using namespace hotdog;
using namespace hotdog::sim;

namespace {

struct finished {
  run_result result;
  std::string trace;  // JSONL
  nlohmann::json summary;
  std::size_t deadlocks = 0;  // deadlock events
};

finished run(const std::string& text, run_options opts = {}) {
  auto sc = load_scenario(text, "carried.json");
  REQUIRE(sc.has_value());
  std::ostringstream out;
  jsonl_writer w(out);
  finished f;
  f.result = simulate(*sc, opts, w);
  f.trace = out.str();
  std::istringstream lines(f.trace);
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["ev"] == "summary") f.summary = j;
    if (j["ev"] == "deadlock") ++f.deadlocks;
  }
  return f;
}

// Five customers a tenth of a second apart pay 3 into `a`; `carrier` takes their payments to
// `m.in`, where a machine with unlimited stock serves one a second.
std::string carried_by(const std::string& channels, const std::string& carrier) {
  return R"({"hotdog": 1, "seed": 7, "channels": [)" + channels + R"(],
    "processes": [
      {"name": "m", "kind": "machine", "price": 3, "stock": "unlimited", "serve_time": "1s"},
      )" +
         carrier + R"(,
      {"name": "c", "kind": "customer", "line": "a", "count": 5, "interval": "100ms", "amount": 3}]})";
}

const char* const line_a = R"({"name": "a"})";
const char* const pipe = R"({"name": "hose", "kind": "pipe", "from": "a", "to": "m.in"})";

struct model {
  const char* name;
  std::string text;
};

// The carriers whose payments wait in a channel's buffer or put at every instant's end.
std::vector<model> carriers() {
  return {
      {"a pipe from an unbuffered line", carried_by(line_a, pipe)},
      {"a pipe from a buffered line", carried_by(R"({"name": "a", "buffer": 3})", pipe)},
      {"a merge of the line and another channel",
       carried_by(R"({"name": "a"}, {"name": "b"})",
                  R"({"name": "join", "kind": "merge", "from": ["a", "b"], "to": "m.in"})")},
      {"a mult with one tap",
       carried_by(R"({"name": "a"})",
                  R"({"name": "fan", "kind": "mult", "from": "a", "taps": ["m.in"]})")},
  };
}

// A pipeline holds the payments it works on in its own state, not in a channel: its reach
// names their replies, but a run cut while it holds one does not find that money.
model pipeline() {
  return {"a pipeline of two workers that keeps every payment",
          carried_by(R"({"name": "a"})",
                     R"({"name": "shop", "kind": "pipeline", "from": "a", "to": "m.in", "n": 2,
                         "work_time": "300ms", "xform": [{"filter": true}]})")};
}

// A run to `until` ms, under schedule `number` (0: none).
run_options cut_at(std::int64_t until, std::uint64_t number) {
  run_options opts;
  opts.until = until;
  if (number > 0) {
    opts.sched.emplace();
    opts.sched->number = number;
  }
  return opts;
}

}  // namespace

TEST_CASE("a payment carried to a machine is answered: no customer is called deadlocked",
          "[sim][conservation][deadlock]") {
  auto models = carriers();
  models.push_back(pipeline());
  for (const auto& m : models) {
    INFO(m.name);
    const finished f = run(m.text);
    // Before, the customers behind the first were reported deadlocked on their replies while
    // the carrier waited to hand their payments on, and the run ended early.
    CHECK(f.result.reason == end_reason::done);
    CHECK(f.deadlocks == 0);
    CHECK(f.summary["served"] == 5);
    CHECK(f.summary["present"] == 0);
    CHECK(f.summary["balanced"] == true);
  }
}

TEST_CASE("a run cut while payments are on their way to a machine still balances its books",
          "[sim][conservation]") {
  // Each cut falls between instants (--until), under three schedules: the payments then wait
  // in a buffer, or in the put of the carrier that took them, and are counted there.
  for (const auto& m : carriers()) {
    for (std::uint64_t schedule_number = 0; schedule_number <= 2; ++schedule_number)
      for (std::int64_t until = 50; until <= 6000; until += 150) {
        const finished f = run(m.text, cut_at(until, schedule_number));
        INFO(m.name << " --until " << until << "ms --schedule " << schedule_number);
        CHECK(f.result.reason != end_reason::error);
        CHECK(f.summary["balanced"] == true);
        CHECK(f.deadlocks == 0);
      }
  }
}

TEST_CASE("a payment carried where no machine reads is still a deadlock, its money counted",
          "[sim][conservation][deadlock]") {
  SECTION("a pipe into a channel nobody takes from") {
    const finished f =
        run(carried_by(R"({"name": "a"}, {"name": "nowhere"})",
                       R"({"name": "hose", "kind": "pipe", "from": "a", "to": "nowhere"})"));
    // The machine waits on m.in, the pipe to put the first payment, every customer on the
    // pipe or on its reply: nobody can go on.
    CHECK(f.result.reason == end_reason::deadlock);
    CHECK(f.summary["served"] == 0);
    CHECK(f.summary["balanced"] == true);
    CHECK(f.trace.find(R"("proc":"c-1","op":"take","chan":"c-1.reply")") != std::string::npos);
  }
  SECTION("a pipe into a dropping channel: the dropped payments are lost, their customers stuck") {
    // The machine serves from `d`, a dropping buffer of one: while it serves, one payment
    // waits in d and the others are dropped. Their customers wait for a reply that never
    // comes, found while the machine still serves; the money dropped is booked as lost.
    const finished f = run(R"({"hotdog": 1, "seed": 7,
      "channels": [{"name": "a"}, {"name": "d", "buffer": 1, "policy": "dropping"}],
      "processes": [
        {"name": "m", "kind": "machine", "price": 3, "stock": "unlimited", "serve_time": "1s",
         "in": "d"},
        {"name": "hose", "kind": "pipe", "from": "a", "to": "d"},
        {"name": "c", "kind": "customer", "line": "a", "count": 5, "interval": "100ms",
         "amount": 3}]})");
    CHECK(f.result.reason == end_reason::deadlock);
    CHECK(f.summary["served"] == 2);
    CHECK(f.summary["present"] == 3);
    CHECK(f.summary["balanced"] == true);
    CHECK(f.deadlocks >= 1);
  }
}
