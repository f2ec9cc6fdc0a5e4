// `hotdog explore` and `hotdog explore-merge`: a scenario under many schedules, grouped by
// outcome, and shards of that put back together.
#include "commands.hpp"

#include <hotdog/sim/model/duration.hpp>
#include <hotdog/sim/explore/explore.hpp>
#include <hotdog/sim/run/golden.hpp>
#include <hotdog/sim/text/printable.hpp>
#include <hotdog/sim/sweep/sweep.hpp>

#include <fstream>
#include <iostream>

namespace hotdog::cli {

namespace {

using namespace hotdog::sim;

int print(const exploration& e, const std::string& format, const std::string& title,
          const std::string& prefix) {
  std::cout << (format == "json" ? exploration_json(e, prefix) : exploration_text(e, title, prefix))
            << std::flush;
  if (!std::cout) {
    std::cerr << "hotdog: cannot write the output\n";
    return exit_invalid;
  }
  return e.all_expected() ? 0 : 1;
}

}  // namespace

int explore(const explore_args& args) {
  const auto settings = parse_settings(args.sets);
  if (!settings) return exit_invalid;
  const auto shard = parse_shard(args.shard);
  if (const auto* err = std::get_if<std::string>(&shard)) {
    std::cerr << "hotdog: " << *err << '\n';
    return exit_invalid;
  }
  auto sc = load(args.scenario_path, *settings);
  if (!sc) return exit_invalid;
  explore_options o;
  o.runs = args.runs;
  o.jobs = args.jobs;
  std::tie(o.shard, o.shards) = std::get<0>(shard);
  o.run.max_events = args.max_events;
  o.strategy = args.strategy == "pct" ? schedule_strategy::pct : schedule_strategy::random;
  o.depth = args.depth;
  // The replay command repeats what shaped the runs: the scenario and the --set overrides.
  std::string prefix = "hotdog run " + shell_word(args.scenario_path);
  for (const auto& s : args.sets) prefix += " --set " + shell_word(s);
  if (o.strategy == schedule_strategy::pct)
    prefix += " --strategy pct --depth " + std::to_string(args.depth);
  if (args.max_events != run_args{}.max_events)
    prefix += " --max-events " + std::to_string(args.max_events);
  return print(sim::explore(*sc, o), args.format, sc->name.empty() ? args.scenario_path : sc->name,
               prefix);
}

int explore_merge(const std::vector<std::string>& paths, const std::string& format) {
  std::vector<std::ifstream> files;
  std::vector<std::istream*> inputs;
  if (!open_inputs(paths, files, inputs)) return exit_invalid;
  auto merged = merge_explorations(inputs);
  if (const auto* err = std::get_if<std::string>(&merged)) {
    std::cerr << "hotdog: " << *err << '\n';
    return exit_invalid;
  }
  const auto& e = std::get<exploration>(merged);
  return print(e, format, "merged exploration", e.replay_prefix);
}

}  // namespace hotdog::cli
