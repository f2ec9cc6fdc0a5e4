// Runs cut short (--max-events, --until) wherever the cut falls: the conservation check
// counts a value that changed hands as delivered, so a cut never reports a failure that did
// not happen.
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace hotdog;
using namespace hotdog::sim;

namespace {

// Counts the events and remembers the last error's text.
class tally final : public observer {
 public:
  void on_event(const event& e) override {
    ++events;
    if (e.kind == event_kind::error) error = std::string(e.text);
  }
  std::uint64_t events = 0;
  std::string error;
};

// The shipped scenarios with machines, customers or chefs, whose books are checked.
const char* const with_books[] = {"hot-dog-machine.json",
                                  "hot-dog-machine-v2.json",
                                  "hot-dog-machine-v2-sim.json",
                                  "hot-dog-v2-race.json",
                                  "mm1.json",
                                  "morning-rush.json",
                                  "sold-out-late-chef.json",
                                  "two-machines.json"};

}  // namespace

TEST_CASE("a run cut after any number of events never fails its conservation check",
          "[sim][conservation]") {
  for (const char* file : with_books) {
    auto sc = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/" + file);
    REQUIRE(sc.has_value());
    tally whole;
    simulate(*sc, {}, whole);
    const std::uint64_t cuts = std::min<std::uint64_t>(whole.events, 300);
    for (std::uint64_t schedule_number = 0; schedule_number <= 2; ++schedule_number)
      for (std::uint64_t n = 1; n <= cuts; ++n) {
        run_options opts;
        opts.max_events = n;
        if (schedule_number > 0) {
          schedule s;
          s.number = schedule_number;
          opts.sched = s;
        }
        tally t;
        const run_result r = simulate(*sc, opts, t);
        INFO(file << " --max-events " << n << " --schedule " << schedule_number << ": " << t.error);
        CHECK(r.reason != end_reason::error);
      }
  }
}

TEST_CASE("a run cut at any time never fails its conservation check", "[sim][conservation]") {
  for (const char* file : with_books) {
    auto sc = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/" + file);
    REQUIRE(sc.has_value());
    for (std::int64_t until = 0; until <= 60'000; until += 250) {
      run_options opts;
      opts.until = until;
      tally t;
      const run_result r = simulate(*sc, opts, t);
      INFO(file << " --until " << until << ": " << t.error);
      CHECK(r.reason != end_reason::error);
    }
  }
}
