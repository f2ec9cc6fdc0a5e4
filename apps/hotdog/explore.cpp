// `hotdog explore` and `hotdog explore-merge`: a scenario under many schedules, grouped by
// outcome, and shards of that put back together.
#include "commands.hpp"
#include "progress.hpp"
#include "report_error.hpp"
#include "run_request.hpp"

#include <hotdog/sim/explore/explore.hpp>
#include <hotdog/sim/sweep/sweep.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace hotdog::cli {

namespace {

using namespace hotdog::sim;

// `hotdog explore`'s own options, beside the run request.
struct explore_args {
  run_request request;
  std::uint64_t runs = 100;
  std::size_t jobs = 1;
  std::string shard = "1/1";
  std::string format = "text";  // text or json
};

exit_status print(const exploration& e, const std::string& format, const std::string& title,
                  const replay_command& replay) {
  std::cout << (format == "json" ? exploration_json(e, replay) : exploration_text(e, title, replay))
            << std::flush;
  if (!std::cout) {
    report_error("cannot write the output");
    return exit_status::invalid;
  }
  return e.all_expected() ? exit_status::ok : exit_status::failed;
}

exit_status explore(const explore_args& args) {
  run_request request = args.request;
  if (!request.validate()) return exit_status::invalid;
  const auto shard = parse_shard(args.shard);
  if (!shard) {
    report_error(shard.error().message());
    return exit_status::invalid;
  }
  // Every schedule named then lies in 1..runs, so every replay printed is one `run` accepts.
  if (const auto mine = shard_runs(args.runs, shard->first, shard->second); !mine) {
    report_error(mine.error().message());
    return exit_status::invalid;
  }
  // Read once: the digest and the scenario come from the same bytes (a pipe or /dev/stdin
  // can be read only once; read twice, the digest was an empty file's).
  auto text = sim::read_scenario_text(request.scenario_path);
  if (!text) {
    print_diagnostics(sim::load_result(std::move(text).error()).errors(), "error");
    return exit_status::invalid;
  }
  auto sc = load_text(*text, request.scenario_path, request.settings);
  if (!sc) return exit_status::invalid;
  // The JSON names the scenario as shards run elsewhere name it too: by name, else file name.
  const std::string name =
      sc->name.empty() ? std::filesystem::path(request.scenario_path).stem().string() : sc->name;
  // JSON holds only UTF-8: a path or --set that is not is refused before anything runs.
  if (args.format == "json" &&
      (!json_can_hold(name) || !json_can_hold(request.explore_replay(1)))) {
    report_error(
        "the scenario's path or a --set is not valid UTF-8, which JSON cannot hold: "
        "rename the file, or use --format text");
    return exit_status::invalid;
  }
  explore_options o;
  o.runs = args.runs;
  o.jobs = args.jobs;
  std::tie(o.shard, o.shards) = *shard;
  o.run = request.run_options();
  o.strategy = request.strategy;
  o.depth = request.depth;
  progress_line progress("explore", "run", "runs");
  o.progress = progress.callback();
  exploration e = sim::explore(*sc, o);
  progress.finish();
  e.scenario = name;
  e.digest = sim::scenario_digest(*text);
  e.sets = request.sets;
  return print(e, args.format, sc->name.empty() ? request.scenario_path : sc->name,
               [&](std::uint64_t n) { return request.explore_replay(n); });
}

exit_status explore_merge(const std::vector<std::string>& paths, const std::string& format) {
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      report_error(p + " is a directory: give the shards' JSON files (DIR/*.json)");
      return exit_status::invalid;
    }
  }
  std::vector<std::ifstream> files;
  std::vector<std::istream*> streams;
  if (!open_inputs(paths, files, streams)) return exit_status::invalid;
  std::vector<exploration_input> inputs;
  for (std::size_t i = 0; i < paths.size(); ++i) inputs.push_back({paths[i], streams[i]});
  auto merged = merge_explorations(inputs, replay_prefix);
  if (!merged) {
    report_error(merged.error().message());
    return exit_status::invalid;
  }
  const auto& e = *merged;
  // Shards from before explorations named their scenario say only that they were merged.
  return print(
      e, format, e.scenario.empty() ? "merged exploration" : e.scenario,
      [&](std::uint64_t n) { return e.replay_prefix + schedule_words(std::to_string(n)); });
}

}  // namespace

void add_explore(CLI::App& app, command& chosen) {
  auto* cmd = app.add_subcommand(
      "explore", "Run a scenario under schedules 1..N and group the runs by outcome");
  auto args = std::make_shared<explore_args>();
  args->request.add_options(*cmd, {run_option::max_events, run_option::sets, run_option::strategy},
                            "Override a key: NAME.KEY=VALUE (repeatable)");
  cmd->add_option("--runs", args->runs, "Schedules 1..N")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
      ->capture_default_str();
  cmd->add_option("--jobs", args->jobs, "Runs at once, each on its own thread")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--shard", args->shard, "Run only share K of M: K/M")->capture_default_str();
  cmd->add_option("--format", args->format, "A table for people, or one JSON object")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([&chosen, args] { chosen = [args](const context&) { return explore(*args); }; });
}

void add_explore_merge(CLI::App& app, command& chosen) {
  auto* cmd = app.add_subcommand(
      "explore-merge", "Combine the JSON of explore shards into what one exploration prints");
  struct merge_args {
    std::vector<std::string> paths;
    std::string format = "text";
  };
  auto args = std::make_shared<merge_args>();
  cmd->add_option("FILE", args->paths, "Shards' JSON files")->required();
  cmd->add_option("--format", args->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([&chosen, args] {
    chosen = [args](const context&) { return explore_merge(args->paths, args->format); };
  });
}

}  // namespace hotdog::cli
