// The hotdog CLI: parse the command line, then hand it to the subcommand (see commands.hpp).
#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include <string>
#include <vector>

namespace {

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
  run_cmd->add_option("--seed", r.seed, "Override the scenario's seed (unsigned 64-bit)");
  run_cmd->add_option("--until", r.until,
                      "Stop at this virtual time (e.g. 5000, \"90s\", \"10m\")");
  run_cmd->add_option("--out", r.out_path, "Write the trace to FILE (completely or not at all)");
  run_cmd->add_option("--color", r.color, "Colour in the text format")
      ->check(CLI::IsMember({"never", "always", "auto"}))
      ->capture_default_str();
  run_cmd->add_option("--max-events", r.max_events, "Stop with exit 4 after this many events")
      ->capture_default_str();
  run_cmd->add_option("--expect", r.expect_path,
                      "Compare the trace with GOLDEN (exit 1 if it differs)");
  run_cmd->add_option("--update", r.update_path,
                      "Write the trace to GOLDEN (format by its name), refused when CI=true");
  run_cmd->add_flag("--explain", r.explain,
                    "Text format: under each event, what it means in core.async terms");
  run_cmd->add_flag("--realtime", r.realtime,
                    "Run on a thread pool with the wall clock (not reproducible)");
  run_cmd->add_option("--threads", r.threads, "Pool threads for --realtime")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  run_cmd->add_option("--speed", r.speed, "Virtual ms per wall ms for --realtime")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  const char* stall_help =
      "End the run (reason \"stalled\", exit 4) once virtual time has stood still for N steps "
      "(events, or loop iterations that make none); 0: never";
  run_cmd->add_option("--stall-steps", r.stall_steps, stall_help)->capture_default_str();

  run_cmd->add_option("--set", r.sets,
                      "Override a key: NAME.KEY=VALUE (a channel's or process's), or seed=N, "
                      "until=DURATION (repeatable)");

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

  auto* validate_cmd = app.add_subcommand("validate", "Check scenario files without running them");
  std::vector<std::string> to_validate;
  validate_cmd->add_option("SCENARIO", to_validate, "Scenario files")->required();

  auto* step_cmd =
      app.add_subcommand("step", "Step through a scenario one event at a time (Enter, c, q)");
  step_args s;
  step_cmd->add_option("SCENARIO", s.scenario_path, "The scenario file (JSON)")->required();
  step_cmd->add_option("--seed", s.seed, "Override the scenario's seed");
  step_cmd->add_option("--stall-steps", s.stall_steps, stall_help)->capture_default_str();

  auto* diff_cmd = app.add_subcommand("diff", "Compare two traces: exit 0 when equal, 1 when not");
  std::string diff_expected, diff_actual;
  diff_cmd->add_option("EXPECTED", diff_expected, "The expected trace")->required();
  diff_cmd->add_option("ACTUAL", diff_actual, "The actual trace")->required();
  diff_cmd->add_option("--color", r.color, "Colour in the report")
      ->check(CLI::IsMember({"never", "always", "auto"}))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_invalid;
  }

  if (*validate_cmd) return validate(to_validate);
  if (*sweep_cmd) return sweep(sw);
  if (*merge_cmd) return merge(to_merge, merge_format, merge_out);
  if (*diff_cmd) return diff(diff_expected, diff_actual, r.color);
  if (*step_cmd) return step(s);
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
