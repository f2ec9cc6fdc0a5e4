// The hotdog CLI: parse the command line, then hand it to the subcommand (see commands.hpp).
#include "commands.hpp"

#include <hotdog/sim/model/duration.hpp>
#include <hotdog/sim/text/printable.hpp>

#include <CLI/CLI.hpp>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace {

using hotdog::sim::printable;

// A whole number of plain decimal digits from min to max, or nothing (then a message is printed).
std::optional<std::uint64_t> whole(const std::string& option, const std::string& text,
                                   std::uint64_t min, std::uint64_t max) {
  std::uint64_t n = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, n);
  if (!text.empty() && text[0] != '-' && text[0] != '+' && ec == std::errc{} && p == end &&
      n >= min && n <= max)
    return n;
  std::cerr << "hotdog: " << option << ": expected a whole number from " << min << " to " << max
            << ", not \"" << printable(text) << "\"\n";
  return std::nullopt;
}

// --speed: a finite number from min_speed to max_speed.
constexpr double min_speed = 0.001, max_speed = 1'000'000;
std::optional<double> speed(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const double v = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (end == text.c_str() + text.size() && errno == 0 && std::isfinite(v) && v >= min_speed &&
      v <= max_speed)
    return v;
  std::cerr << "hotdog: --speed: expected a number from 0.001 to 1000000 (virtual ms per wall ms), "
               "not \""
            << printable(text) << "\"\n";
  return std::nullopt;
}

// A closed standard stream would be reused by the next file opened, and the trace written
// into it: hold each closed one open on /dev/null. Returns whether stdout was closed.
bool hold_closed_standard_streams() {
  bool stdout_closed = false;
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      if (fd == 1) stdout_closed = true;
      const int null = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
      if (null != fd && null != -1) {
        ::dup2(null, fd);
        ::close(null);
      }
    }
  return stdout_closed;
}

int run_command_line(int argc, char** argv) {
  using namespace hotdog::cli;
  CLI::App app{"hotdog: independent processes talking over core.async channels, simulated"};
  app.set_version_flag("--version", std::string("hotdog ") + HOTDOG_VERSION);
  app.require_subcommand(1);

  auto* run_cmd = app.add_subcommand("run", "Run a scenario and print its event trace");
  run_args r;
  run_cmd->add_option("SCENARIO", r.scenario_path, "The scenario file (JSON)")->required();
  run_cmd->add_option("--format", r.format, "Trace format")
      ->check(CLI::IsMember({"text", "jsonl", "mermaid", "html", "summary"}))
      ->capture_default_str();
  std::string seed_text, max_events_text, threads_text, speed_text;
  run_cmd->add_option("--seed", seed_text,
                      "Override the scenario's seed (0 to 18446744073709551615)");
  run_cmd->add_option("--until", r.until,
                      "Stop at this virtual time (e.g. 5000, \"90s\", \"10m\")");
  run_cmd->add_option("--out", r.out_path, "Write the trace to FILE (completely or not at all)");
  run_cmd->add_option("--color", r.color, "Colour in the text format")
      ->check(CLI::IsMember({"never", "always", "auto"}))
      ->capture_default_str();
  run_cmd->add_option("--max-events", max_events_text,
                      "Stop with exit 4 after this many events (1 to 2^40; default 100000000)");
  run_cmd->add_option("--expect", r.expect_path,
                      "Compare the trace with GOLDEN (exit 1 if it differs)");
  run_cmd->add_option("--update", r.update_path,
                      "Write the trace to GOLDEN (format by its name), refused when CI=true");
  run_cmd->add_flag("--explain", r.explain,
                    "Under each event (text) or in an \"explain\" field (jsonl): what it means in "
                    "core.async terms");
  run_cmd->add_flag("--realtime", r.realtime,
                    "Run on a thread pool with the wall clock (not reproducible)");
  run_cmd->add_option("--threads", threads_text,
                      "Pool threads for --realtime (1 to 1024; default 8)");
  run_cmd->add_option("--speed", speed_text,
                      "Virtual ms per wall ms for --realtime (0.001 to 1000000; default 1)");
  const char* stall_help =
      "End the run (reason \"stalled\", exit 4) once virtual time has stood still for N steps "
      "(events, or loop iterations that make none); 0: never";
  run_cmd->add_option("--stall-steps", r.stall_steps, stall_help)->capture_default_str();

  run_cmd->add_option("--set", r.sets,
                      "Override a key: NAME.KEY=VALUE (a channel's or process's), or seed=N, "
                      "until=DURATION (repeatable)");

  run_cmd->add_option("--schedule", r.schedule,
                      "Run under schedule N (1 to 18446744073709551615): the order of processes "
                      "ready at the same time, and every random choice, come from N (or "
                      "N@DECISION:PICK,... as hotdog shrink prints it)");

  const char* strategy_help =
      "How a schedule orders ready processes: random (uniform at every choice) or pct "
      "(random priorities per process, depth - 1 priority change points)";
  const char* depth_help = "pct: the depth of the bugs it aims at (1 to 1000)";
  run_cmd->add_option("--strategy", r.strategy, strategy_help)
      ->check(CLI::IsMember({"random", "pct"}))
      ->capture_default_str();
  run_cmd->add_option("--depth", r.depth, depth_help)
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();

  auto* sweep_cmd = app.add_subcommand(
      "sweep", "Run every combination of --set values times every seed; one JSON line per run");
  sweep_args sw;
  sweep_cmd->add_option("SCENARIO", sw.scenario_path, "The scenario file (JSON)")->required();
  sweep_cmd->add_option("--seeds", sw.seeds, "Seeds A..B")->capture_default_str();
  sweep_cmd->add_option("--set", sw.sets, "NAME.KEY=V1,V2,... (repeatable)");
  sweep_cmd->add_option("--jobs", sw.jobs, "Runs at once, each on its own thread")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  sweep_cmd->add_option("--shard", sw.shard, "Run only share K of M: K/M")->capture_default_str();
  sweep_cmd->add_option("--format", sw.format, "jsonl (a line per run) or aggregated per point")
      ->check(CLI::IsMember({"jsonl", "csv", "text", "html"}))
      ->capture_default_str();
  sweep_cmd->add_option("--out", sw.out_path, "Write to FILE (completely or not at all)");
  sweep_cmd->add_option("--until", sw.until, "Stop each run at this virtual time");
  sweep_cmd->add_option("--max-events", sw.max_events, "Stop a run after this many events")
      ->capture_default_str();

  auto* merge_cmd = app.add_subcommand(
      "merge", "Put the JSONL of sweep shards back together, as one unsharded sweep writes it");
  std::vector<std::string> to_merge;
  std::string merge_format = "jsonl", merge_out;
  merge_cmd->add_option("FILE", to_merge, "Shards' JSONL files")->required();
  merge_cmd->add_option("--format", merge_format, "jsonl, or aggregated per point")
      ->check(CLI::IsMember({"jsonl", "csv", "text", "html"}))
      ->capture_default_str();
  merge_cmd->add_option("--out", merge_out, "Write to FILE (completely or not at all)");

  auto* explore_cmd = app.add_subcommand(
      "explore", "Run a scenario under schedules 1..N and group the runs by outcome");
  explore_args ex;
  explore_cmd->add_option("SCENARIO", ex.scenario_path, "The scenario file (JSON)")->required();
  explore_cmd->add_option("--runs", ex.runs, "Schedules 1..N")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
      ->capture_default_str();
  explore_cmd->add_option("--jobs", ex.jobs, "Runs at once, each on its own thread")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  explore_cmd->add_option("--shard", ex.shard, "Run only share K of M: K/M")->capture_default_str();
  explore_cmd->add_option("--format", ex.format, "A table for people, or one JSON object")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  explore_cmd->add_option("--strategy", ex.strategy, strategy_help)
      ->check(CLI::IsMember({"random", "pct"}))
      ->capture_default_str();
  explore_cmd->add_option("--depth", ex.depth, depth_help)
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  explore_cmd->add_option("--set", ex.sets, "Override a key: NAME.KEY=VALUE (repeatable)");
  explore_cmd->add_option("--max-events", ex.max_events, "Stop a run after this many events")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
      ->capture_default_str();

  auto* explore_merge_cmd = app.add_subcommand(
      "explore-merge", "Combine the JSON of explore shards into what one exploration prints");
  std::vector<std::string> to_explore_merge;
  std::string explore_merge_format = "text";
  explore_merge_cmd->add_option("FILE", to_explore_merge, "Shards' JSON files")->required();
  explore_merge_cmd->add_option("--format", explore_merge_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  auto* shrink_cmd = app.add_subcommand(
      "shrink", "Make a failing run's schedule and scenario as small as they can be");
  shrink_args sh;
  shrink_cmd->add_option("SCENARIO", sh.scenario_path, "The scenario file (JSON)")->required();
  shrink_cmd->add_option("--schedule", sh.schedule, "The failing run's schedule")->required();
  shrink_cmd->add_option("--out", sh.out_path,
                         "Write the smallest scenario to FILE (else to standard output)");
  shrink_cmd->add_option("--strategy", sh.strategy, strategy_help)
      ->check(CLI::IsMember({"random", "pct"}))
      ->capture_default_str();
  shrink_cmd->add_option("--depth", sh.depth, depth_help)
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  shrink_cmd->add_option("--set", sh.sets, "Override a key: NAME.KEY=VALUE (repeatable)");
  shrink_cmd->add_option("--max-events", sh.max_events, "Stop a run after this many events")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
      ->capture_default_str();

  auto* validate_cmd = app.add_subcommand("validate", "Check scenario files without running them");
  std::vector<std::string> to_validate;
  validate_cmd->add_option("SCENARIO", to_validate, "Scenario files")->required();

  auto* step_cmd =
      app.add_subcommand("step", "Step through a scenario one event at a time (Enter, c, q)");
  step_args s;
  step_cmd->add_option("SCENARIO", s.scenario_path, "The scenario file (JSON)")->required();
  std::string step_seed_text;
  step_cmd->add_option("--seed", step_seed_text,
                       "Override the scenario's seed (0 to 18446744073709551615)");
  step_cmd->add_option("--stall-steps", s.stall_steps, stall_help)->capture_default_str();

  auto* diff_cmd = app.add_subcommand("diff", "Compare two traces: exit 0 when equal, 1 when not");
  std::string diff_expected, diff_actual;
  diff_cmd->add_option("EXPECTED", diff_expected, "The expected trace")->required();
  diff_cmd->add_option("ACTUAL", diff_actual, "The actual trace")->required();
  diff_cmd->add_option("--color", r.color, "Colour in the report")
      ->check(CLI::IsMember({"never", "always", "auto"}))
      ->capture_default_str();

  // Hidden (no group): for the docs test, which checks that every name is documented.
  auto* kinds_cmd = app.add_subcommand("kinds", "Print the names this build knows, as JSON");
  kinds_cmd->group("");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_invalid;
  }

  const bool stdout_closed = hold_closed_standard_streams();
  if (*validate_cmd) return validate(to_validate);
  if (*kinds_cmd) return kinds();
  if (*explore_cmd) return explore(ex);
  if (*shrink_cmd) return shrink(sh);
  if (*explore_merge_cmd) return explore_merge(to_explore_merge, explore_merge_format);
  if (*sweep_cmd) return sweep(sw);
  if (*merge_cmd) return merge(to_merge, merge_format, merge_out);
  if (*diff_cmd) return diff(diff_expected, diff_actual, r.color);
  constexpr std::uint64_t max_seed = UINT64_MAX;
  if (*step_cmd) {
    if (!step_seed_text.empty()) {
      s.seed = whole("--seed", step_seed_text, 0, max_seed);
      if (!s.seed) return exit_invalid;
    }
    return step(s);
  }
  // Command-line numbers are checked as the scenario's are: same ranges, clear errors.
  if (!seed_text.empty() && !(r.seed = whole("--seed", seed_text, 0, max_seed)))
    return exit_invalid;
  if (!max_events_text.empty()) {
    const auto n = whole("--max-events", max_events_text, 1, std::uint64_t{1} << 40);
    if (!n) return exit_invalid;
    r.max_events = *n;
  }
  if (!threads_text.empty()) {
    const auto n = whole("--threads", threads_text, 1, 1024);
    if (!n) return exit_invalid;
    r.threads = static_cast<std::size_t>(*n);
  }
  if (!speed_text.empty()) {
    const auto v = speed(speed_text);
    if (!v) return exit_invalid;
    r.speed = *v;
  }
  r.stdout_closed = stdout_closed;
  return run(std::move(r));
}

}  // namespace

// One handler for whatever escapes a command: a message and exit 4, never an abort. (A run
// reports what escapes it as an `error` event itself; this is for everything else.)
int main(int argc, char** argv) {
  try {
    return run_command_line(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "hotdog: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "hotdog: internal error: unknown exception\n";
  }
  return 4;
}
