// `hotdog shrink`: the smallest schedule and scenario that still fail as a given run did.
#include "commands.hpp"

#include <hotdog/sim/text/output_file.hpp>
#include <hotdog/sim/run/golden.hpp>
#include <hotdog/sim/text/printable.hpp>
#include <hotdog/sim/explore/shrink.hpp>

#include <iostream>
#include <sstream>

namespace hotdog::cli {

int shrink(const shrink_args& args) {
  const auto settings = parse_settings(args.sets);
  if (!settings) return exit_invalid;
  auto parsed = schedule::parse(args.schedule);
  if (const auto* err = std::get_if<std::string>(&parsed)) {
    std::cerr << "hotdog: --schedule: " << sim::printable(*err) << '\n';
    return exit_invalid;
  }
  auto& sched = std::get<schedule>(parsed);
  sched.strategy = args.strategy == "pct" ? schedule_strategy::pct : schedule_strategy::random;
  sched.depth = args.depth;
  if (!load(args.scenario_path, *settings)) return exit_invalid;
  sim::run_options opts;
  opts.max_events = args.max_events;
  auto result = sim::shrink(args.scenario_path, *settings, sched, opts);
  if (const auto* err = std::get_if<std::string>(&result)) {
    std::cerr << "hotdog: " << sim::printable(*err) << '\n';
    return exit_invalid;
  }
  const auto& r = std::get<sim::shrink_result>(result);
  std::ostringstream report;
  std::string failed;
  for (const auto& f : r.failure.failed) failed += (failed.empty() ? "" : ", ") + f;
  report << "kept the failure: end " << r.failure.end << (failed.empty() ? "" : ", broke " + failed)
         << "\n"
         << "schedule: " << r.deviations_before << " deviations from the default order -> "
         << r.shrunk.deviations->size() << " (" << r.shrunk.text() << ")\n"
         << "scenario: " << r.size_before << " processes, channels and steps -> " << r.size_after
         << "\n"
         << "runs: " << r.runs << (r.gave_up ? " (stopped there: a smaller one may exist)" : "")
         << "\n";
  std::string replay =
      "hotdog run " + (args.out_path.empty() ? "MIN.json" : sim::shell_word(args.out_path));
  for (const auto& s : args.sets) replay += " --set " + sim::shell_word(s);
  replay += " --schedule " + sim::shell_word(r.shrunk.text());
  report << "replay: " << replay << "\n";
  if (args.out_path.empty()) {
    std::cout << r.scenario_json << std::flush;
    std::cerr << report.str();
    return 0;
  }
  sim::output_file file(args.out_path);
  if (!file.error().empty()) {
    std::cerr << "hotdog: " << sim::printable(file.error()) << '\n';
    return exit_invalid;
  }
  file.stream() << r.scenario_json;
  if (auto e = file.commit()) {
    std::cerr << "hotdog: " << sim::printable(*e) << '\n';
    return exit_invalid;
  }
  std::cout << report.str() << std::flush;
  return 0;
}

}  // namespace hotdog::cli
