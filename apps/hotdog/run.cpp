// `hotdog run`: a scenario's trace to stdout or a file, or compared with a golden trace.
#include "commands.hpp"

#include <hotdog/sim/model/duration.hpp>
#include <hotdog/sim/analysis/explainer.hpp>
#include <hotdog/sim/run/expectation.hpp>
#include <hotdog/sim/run/golden.hpp>
#include <hotdog/sim/trace/html_writer.hpp>
#include <hotdog/sim/text/output_file.hpp>
#include <hotdog/sim/text/printable.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/analysis/statistics.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include <unistd.h>

namespace hotdog::cli {

namespace {

using namespace hotdog::sim;

bool env_is(const char* name, const char* value) {
  const char* v = std::getenv(name);
  return v && std::string(v) == value;
}

// --expect: exit 0 when the run reproduces the golden, 1 with a report when not.
int expect(const run_args& args, const scenario& sc, const run_options& opts) {
  const trace_comparison c = compare_with_golden(sc, opts, args.expect_path);
  if (!c.error.empty()) {
    std::cerr << "hotdog: " << printable(c.error) << '\n';
    return exit_invalid;
  }
  if (c.equal()) return 0;
  if (!c.line_endings.empty()) std::cerr << "hotdog: " << printable(c.line_endings) << '\n';
  if (!c.comparer.equal())
    c.comparer.report(std::cerr, args.expect_path, "this run", use_color(args.color, 2));
  std::cerr << "reproduce: "
            << printable(reproduce_command(args.scenario_path, sc, opts, c.format, args.expect_path,
                                           args.sets))
            << "\n"
            << "accept the change: "
            << printable(accept_command(args.scenario_path, opts, args.expect_path, args.sets))
            << "\n";
  return 1;
}

std::unique_ptr<observer> make_writer(const run_args& args, const scenario& sc, std::ostream& out,
                                      bool color) {
  if (args.format == "jsonl") {
    auto jsonl = std::make_unique<jsonl_writer>(out);
    jsonl->set_explain(args.explain);
    return jsonl;
  }
  if (args.format == "mermaid") return std::make_unique<mermaid_writer>(out);
  if (args.format == "html") {
    page_info info{sc.name.empty() ? args.scenario_path : sc.name, sc.description, {}};
    for (const auto& p : sc.processes)
      if (const auto* c = std::get_if<customer_spec>(&p.body); c && c->count)
        info.crowds.push_back(p.name);
    return std::make_unique<html_writer>(out, std::move(info));
  }
  auto text = std::make_unique<text_writer>(out, process_width(sc), color, std::cerr);
  text->set_explain(args.explain);
  return text;
}

void report_end(const run_result& r) {
  if (r.failed_checks > 0)
    std::cerr << "hotdog: the run broke " << r.failed_checks << " of the scenario's expectations "
              << "(see the expect_failed events)\n";
  if (r.reason == end_reason::error)
    std::cerr << "hotdog: the run failed: " << printable(r.message) << '\n';
  if (r.reason == end_reason::limit) std::cerr << "hotdog: " << printable(r.message) << '\n';
  if (r.reason == end_reason::stalled)
    std::cerr << "hotdog: the run stalled: " << printable(r.message) << '\n';
  if (r.reason == end_reason::deadlock) {
    std::cerr << "hotdog: deadlock at " << format_time(r.t)
              << (r.deadlock.others_run
                      ? ": these processes can never go on, though others still run.\n"
                      : ": nothing can run and nothing will.\n");
    for (const auto& w : r.deadlock.waiting) {
      std::string chans;
      for (const auto& c : w.chans) chans += (chans.empty() ? "" : "|") + c;
      std::cerr << "  " << printable(w.proc) << " waits forever to " << to_string(w.op) << " on "
                << printable(chans) << '\n';
    }
    if (!r.deadlock.cycle.empty())
      std::cerr << "  " << (r.deadlock.cycle.size() == 2 ? "waits on itself: " : "cycle: ")
                << printable(describe_cycle(r.deadlock)) << '\n';
  }
}

}  // namespace

int run(run_args args) {
  const auto settings = parse_settings(args.sets);
  if (!settings) return exit_invalid;
  auto sc = load(args.scenario_path, *settings);
  if (!sc) return exit_invalid;
  if (!args.expect_path.empty() && !args.update_path.empty()) {
    std::cerr << "hotdog: --expect and --update do not go together\n";
    return exit_invalid;
  }
  if (!args.expect_path.empty() && !args.out_path.empty()) {
    std::cerr << "hotdog: --expect and --out do not go together: --expect writes no trace (use "
                 "--out alone, then hotdog diff GOLDEN FILE)\n";
    return exit_invalid;
  }
  if (args.realtime && (!args.expect_path.empty() || !args.update_path.empty())) {
    std::cerr
        << "hotdog: a --realtime trace is the order things really happened in and differs from run "
           "to run; --expect and --update need the deterministic runtime\n";
    return exit_invalid;
  }
  // The explanations are text about events: they go with the formats that list events.
  if (args.explain && args.format != "text" && args.format != "jsonl") {
    std::cerr << "hotdog: --explain works with --format text (a line under each event) and jsonl "
                 "(an \"explain\" field), not with "
              << args.format << "\n";
    return exit_invalid;
  }
  if (!args.update_path.empty() && env_is("CI", "true")) {
    std::cerr
        << "hotdog: --update is refused when CI=true: goldens are updated by people, not by CI\n";
    return exit_invalid;
  }
  run_options opts;
  opts.seed = args.seed;
  if (!args.until.empty()) {
    opts.until = parse_duration(args.until);
    if (!opts.until) {
      std::cerr << "hotdog: --until: expected a duration like 5000, \"90s\" or \"10m\", at most "
                << max_duration_ms << " ms, not \"" << printable(args.until) << "\"\n";
      return exit_invalid;
    }
  }
  opts.max_events = args.max_events;
  opts.stall_steps = args.stall_steps;
  opts.realtime = args.realtime;
  opts.threads = args.threads;
  opts.speed = args.speed;
  if (args.schedule) {
    auto s = schedule::parse(*args.schedule);
    if (auto* err = std::get_if<std::string>(&s)) {
      std::cerr << "hotdog: --schedule: " << printable(*err) << '\n';
      return exit_invalid;
    }
    if (args.realtime) {
      std::cerr << "hotdog: --schedule orders the deterministic runtime; a --realtime run takes "
                   "whatever order the threads take\n";
      return exit_invalid;
    }
    opts.sched = std::get<schedule>(std::move(s));
    opts.sched->strategy =
        args.strategy == "pct" ? schedule_strategy::pct : schedule_strategy::random;
    opts.sched->depth = args.depth;
  } else if (args.strategy != "random" || args.depth != 3) {
    std::cerr << "hotdog: --strategy and --depth say how a --schedule orders the run: give one\n";
    return exit_invalid;
  }

  if (!args.expect_path.empty()) return expect(args, *sc, opts);
  if (!args.update_path.empty()) {
    args.out_path = args.update_path;
    args.format = detect_format(args.update_path, "") == trace_format::jsonl ? "jsonl" : "text";
    args.color = "never";
    args.explain = false;  // a golden holds the trace only
  }
  if (args.out_path.empty() && args.stdout_closed) {
    std::cerr << "hotdog: cannot write the trace: standard output is closed\n";
    return exit_invalid;
  }

  if (args.format == "summary") {
    // One JSON object: the run's statistics (hotdog::sim::statistics).
    statistics stats(*sc);
    const run_result r = simulate(*sc, opts, stats);
    std::cout << stats.json() << '\n' << std::flush;
    report_end(r);
    return exit_status(r, *sc);
  }

  std::optional<output_file> file;
  if (!args.out_path.empty()) {
    file.emplace(args.out_path);
    if (!file->error().empty()) {
      std::cerr << "hotdog: " << printable(file->error()) << '\n';
      return exit_invalid;
    }
  }
  std::ostream& out = file ? file->stream() : std::cout;
  const bool color = args.format == "text" &&
                     (args.color == "always" || (args.color == "auto" && !file && ::isatty(1)));
  const auto writer = make_writer(args, *sc, out, color);

  const run_result r = simulate(*sc, opts, *writer);
  out.flush();
  if (file) {
    if (auto error = file->commit()) {
      std::cerr << "hotdog: " << printable(*error) << '\n';
      return exit_invalid;
    }
  } else if (!std::cout) {
    // A full disk, /dev/full, a closed pipe: the trace is incomplete, and the run must say so.
    std::cerr << "hotdog: cannot write the trace to standard output: it is incomplete\n";
    return exit_invalid;
  }
  report_end(r);
  // An update succeeded when the golden was written, however the run itself ended.
  if (!args.update_path.empty()) return 0;
  return exit_status(r, *sc);
}

}  // namespace hotdog::cli
