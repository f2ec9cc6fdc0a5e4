// `hotdog shrink`: the smallest schedule and scenario that still fail as a given run did.
#include "commands.hpp"
#include "progress.hpp"
#include "report_error.hpp"
#include "run_request.hpp"

#include <hotdog/sim/explore/shrink.hpp>
#include <hotdog/sim/text/output_file.hpp>
#include <hotdog/sim/text/plural.hpp>
#include <hotdog/sim/text/printable.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <sstream>

namespace hotdog::cli {

namespace {

struct shrink_args {
  run_request request;
  std::string out_path;
};

// What shrinking kept and how much smaller it got, and the command that replays the result.
std::string report(const sim::shrink_result& r, const run_request& request,
                   const std::string& out_path) {
  std::ostringstream out;
  std::string failed;
  for (const auto& f : r.failure.failed) failed += (failed.empty() ? "" : ", ") + f;
  out << "kept the failure: end " << r.failure.end << (failed.empty() ? "" : ", broke " + failed)
      << "\n"
      << "schedule: " << sim::count_of(r.deviations_before, "deviation", "deviations")
      << " from the default order -> " << r.shrunk.deviations->size() << " (" << r.shrunk.text()
      << ")\n"
      << "scenario: " << r.size_before << " processes, channels and steps -> " << r.size_after
      << "\n"
      << "runs: " << r.runs << (r.gave_up ? " (stopped there: a smaller one may exist)" : "")
      << "\n";
  // The deviations replay the run whatever the strategy: the replay names the file, them and
  // the event limit the failure was found under (a failure may be that limit: end limit).
  run_request replay = request;
  replay.scenario_path = out_path.empty() ? "MIN.json" : out_path;
  replay.sched = r.shrunk;
  out << "replay: "
      << sim::printable(
             replay.command({run_option::sets, run_option::max_events, run_option::schedule}))
      << "\n";
  return out.str();
}

exit_status shrink(const shrink_args& args, const context& ctx) {
  run_request request = args.request;
  if (!request.validate()) return exit_status::invalid;
  // The smallest scenario goes to stdout without --out: said before the search, not after.
  if (args.out_path.empty() && ctx.stdout_closed) {
    report_error("cannot write the smallest scenario: standard output is closed (give --out)");
    return exit_status::invalid;
  }
  // Read once: the file may be a pipe.
  auto sc = load(request.scenario_path, request.settings);
  if (!sc) return exit_status::invalid;
  progress_line progress("shrink", "run", "runs");
  auto result = sim::shrink(std::move(*sc), request.scenario_path, request.settings, *request.sched,
                            request.run_options(), progress.callback());
  progress.finish();
  if (!result) {
    report_error(result.error().message());
    return exit_status::invalid;
  }
  const auto& r = *result;
  const std::string text = report(r, request, args.out_path);
  if (args.out_path.empty()) {
    std::cout << r.scenario_json << std::flush;
    std::cerr << text;
    return exit_status::ok;
  }
  sim::output_file file(args.out_path);
  if (!file.error().empty()) {
    report_error(file.error());
    return exit_status::invalid;
  }
  file.stream() << r.scenario_json;
  if (auto e = file.commit()) {
    report_error(*e);
    return exit_status::invalid;
  }
  // The report goes where the user reads it: stdout, or stderr when stdout is closed (the
  // scenario, the output that matters, is in FILE).
  (ctx.stdout_closed ? std::cerr : std::cout) << text << std::flush;
  return exit_status::ok;
}

}  // namespace

void add_shrink(CLI::App& app, command& chosen) {
  auto* cmd = app.add_subcommand(
      "shrink", "Make a failing run's schedule and scenario as small as they can be");
  auto args = std::make_shared<shrink_args>();
  args->request.add_options(
      *cmd, {run_option::max_events, run_option::sets, run_option::schedule, run_option::strategy},
      "Override a key: NAME.KEY=VALUE (repeatable)");
  cmd->get_option("--schedule")->required()->description("The failing run's schedule");
  add_out_option(*cmd, args->out_path,
                 "Write the smallest scenario to FILE (else to standard output)");
  cmd->callback(
      [&chosen, args] { chosen = [args](const context& ctx) { return shrink(*args, ctx); }; });
}

}  // namespace hotdog::cli
