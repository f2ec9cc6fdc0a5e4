// `hotdog step` without a terminal: keys from a stream, the view into a string.
#include <hotdog/sim/run/stepper.hpp>

#include <hotdog/sim/load/load.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using namespace hotdog;
using namespace hotdog::sim;

namespace {

scenario load(const std::string& name) {
  auto r = load_scenario_file(std::string(HOTDOG_SCENARIO_DIR) + "/" + name + ".json");
  REQUIRE(r.has_value());
  return std::move(*r);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const std::string prompt = "  Enter: next event   c: run on to the end   q: quit\n";

}  // namespace

TEST_CASE("step shows one event at a time with the channels' state", "[step]") {
  std::istringstream keys("\n\n\nq");
  std::ostringstream out;
  const run_result r = step_through(load("sliding-buffer"), {}, keys, out);
  CHECK(r.reason == end_reason::quit);
  CHECK(r.message == "quit");
  const std::string s = out.str();
  CHECK(count(s, prompt) == 4);
  // Three Enters show events 2 to 4; q ends the run there, and its end event is shown.
  CHECK(s.find("[4] ") != std::string::npos);
  // The end says why: quit, not "until" (the scenario has no until).
  CHECK(s.find("[5]       0.000s  -         end      reason=\"quit\"\n") != std::string::npos);
  CHECK(s.find("reason=\"until\"") == std::string::npos);
  CHECK(s.find("[6] ") == std::string::npos);
  CHECK(s.find("    news  sliding 2  holds [\"a\",\"b\"]  parked: -\n") != std::string::npos);
}

TEST_CASE("step shows who is parked on a channel", "[step]") {
  std::istringstream keys("\nq");
  std::ostringstream out;
  step_through(load("echo"), {}, keys, out);
  CHECK(out.str().find("    echo  unbuffered  parked: printer (take)\n") != std::string::npos);
}

TEST_CASE("c runs on to the end / the end of the keys quits", "[step]") {
  std::istringstream run_on("c");
  std::ostringstream out;
  const run_result r = step_through(load("echo"), {}, run_on, out);
  CHECK(r.reason == end_reason::done);
  CHECK(count(out.str(), prompt) == 1);
  CHECK(out.str().find("reason=\"done\"") != std::string::npos);

  std::istringstream none;
  std::ostringstream quit;
  CHECK(step_through(load("echo"), {}, none, quit).message == "quit");
  CHECK(count(quit.str(), prompt) == 1);
}
