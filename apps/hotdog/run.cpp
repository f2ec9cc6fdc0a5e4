// `hotdog run`: a scenario's trace to stdout or a file, or compared with a golden trace.
#include "commands.hpp"
#include "progress.hpp"
#include "report_error.hpp"
#include "run_request.hpp"

#include <hotdog/sim/analysis/explainer.hpp>
#include <hotdog/sim/analysis/statistics.hpp>
#include <hotdog/sim/events/sim_events.hpp>
#include <hotdog/sim/model/duration.hpp>
#include <hotdog/sim/run/expectation.hpp>
#include <hotdog/sim/run/golden.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/run/stepper.hpp>
#include <hotdog/sim/text/output_file.hpp>
#include <hotdog/sim/text/printable.hpp>
#include <hotdog/sim/trace/html_writer.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include <unistd.h>

namespace hotdog::cli {

namespace {

using namespace hotdog::sim;

// `hotdog run`'s own options, beside the run request.
struct run_args {
  run_request request;
  std::string format = "text";                 // text, jsonl, mermaid, html or summary
  const CLI::Option* format_option = nullptr;  // tells a --format given from the default
  std::string out_path;
  std::string color = "auto";  // never, always or auto
  std::string expect_path;
  std::string update_path;
  bool explain = false;
  bool realtime = false;
  std::string threads_text, speed_text;  // as typed
  std::size_t threads = 8;
  double speed = 1.0;
};

// --speed: a finite number from min_speed to max_speed.
constexpr double min_speed = 0.001, max_speed = 1'000'000;
std::optional<double> parse_speed(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const double v = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (end == text.c_str() + text.size() && errno == 0 && std::isfinite(v) && v >= min_speed &&
      v <= max_speed)
    return v;
  report_error("--speed: expected a number from 0.001 to 1000000 (virtual ms per wall ms), not \"" +
               text + "\"");
  return std::nullopt;
}

bool env_is(const char* name, const char* value) {
  const char* v = std::getenv(name);
  return v && std::string(v) == value;
}

// --expect: ok when the run reproduces the golden, failed with a report when not.
exit_status expect(const run_args& args, const scenario& sc, const run_options& opts) {
  const trace_comparison c = compare_with_golden(sc, opts, args.expect_path);
  if (const auto s = report_comparison(c, args.expect_path, "this run", args.color);
      s != exit_status::failed)
    return s;
  const std::string format = c.format == trace_format::jsonl ? "jsonl" : "text";
  std::cerr << "reproduce: "
            << printable(args.request.reproduce_command(sc.seed, format, args.expect_path)) << "\n"
            << "accept the change: " << printable(args.request.accept_command(args.expect_path))
            << "\n";
  return exit_status::failed;
}

// What the pictures show beyond the events: the title, the crowds, the buffered channels.
page_info picture_info(const run_args& args, const scenario& sc) {
  page_info info{sc.name.empty() ? args.request.scenario_path : sc.name, sc.description, {}};
  for (const auto& p : sc.processes)
    if (const auto* c = std::get_if<customer_spec>(&p.body); c && c->count)
      info.crowds.push_back(p.name);
  // A machine's own hopper is left out: the hopper charts show its stock.
  for (const auto& c : sc.channels)
    if (c.buffer > 0 && c.owner.empty()) info.buffered.push_back(c.name);
  return info;
}

std::unique_ptr<observer> make_writer(const run_args& args, const scenario& sc, std::ostream& out,
                                      bool color) {
  if (args.format == "jsonl") {
    auto jsonl = std::make_unique<jsonl_writer>(out);
    jsonl->set_explain(args.explain);
    jsonl->know(sc);
    return jsonl;
  }
  if (args.format == "mermaid")
    return std::make_unique<mermaid_writer>(out, picture_info(args, sc));
  if (args.format == "html") {
    auto html = std::make_unique<html_writer>(out, picture_info(args, sc));
    html->know(sc);
    return html;
  }
  auto text = std::make_unique<text_writer>(out, process_width(sc), color, std::cerr);
  text->set_explain(args.explain);
  text->know(sc);
  return text;
}

void report_end(const run_result& r, const scenario& sc) {
  if (ended_before_warmup(r, sc))
    std::cerr << "hotdog: warning: the run ended at " << format_time(r.t)
              << ", no later than its warm-up (\"warmup\": " << format_time(sc.warmup)
              << "): the summary's utilization, queue and buffer means cover no time, and its "
                 "waits count only customers who arrived at "
              << format_time(sc.warmup) << " or later\n";
  if (r.failed_checks > 0)
    report_error("the run broke " + std::to_string(r.failed_checks) +
                 " of the scenario's expectations (see the expect_failed events)");
  if (r.reason == end_reason::error) report_error("the run failed: " + r.message);
  if (r.reason == end_reason::limit) report_error(r.message);
  if (r.reason == end_reason::stalled) report_error("the run stalled: " + r.message);
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

// The checks of options that go together only in some ways; false, having said why.
bool options_fit(const run_args& args) {
  if (!args.expect_path.empty() && !args.update_path.empty()) {
    report_error("--expect and --update do not go together");
    return false;
  }
  if (!args.expect_path.empty() && !args.out_path.empty()) {
    report_error(
        "--expect and --out do not go together: --expect writes no trace (use --out alone, then "
        "hotdog diff GOLDEN FILE)");
    return false;
  }
  if (args.realtime && (!args.expect_path.empty() || !args.update_path.empty())) {
    report_error(
        "a --realtime trace is the order things really happened in and differs from run to run; "
        "--expect and --update need the deterministic runtime");
    return false;
  }
  // The explanations are text about events: they go with the formats that list events.
  if (args.explain && args.format != "text" && args.format != "jsonl") {
    report_error(
        "--explain works with --format text (a line under each event) and jsonl (an \"explain\" "
        "field), not with " +
        args.format);
    return false;
  }
  // A golden is a trace, text or JSONL as its name says (.jsonl or not): a --format given
  // that is not the one its name says would be ignored without a word.
  const bool golden_jsonl = detect_format(args.update_path, "") == trace_format::jsonl;
  if (!args.update_path.empty() && args.format_option && args.format_option->count() > 0 &&
      args.format != (golden_jsonl ? "jsonl" : "text")) {
    report_error("--update writes a golden trace, text or JSONL by its file's name (" +
                 printable(args.update_path) + ": " + (golden_jsonl ? "JSONL" : "text") +
                 "), not --format " + args.format);
    return false;
  }
  if (!args.update_path.empty() && env_is("CI", "true")) {
    report_error("--update is refused when CI=true: goldens are updated by people, not by CI");
    return false;
  }
  if (args.request.sched && args.realtime) {
    report_error(
        "--schedule orders the deterministic runtime; a --realtime run takes whatever order the "
        "threads take");
    return false;
  }
  return true;
}

// --threads and --speed, checked as the run request's numbers are.
bool parse_realtime_options(run_args& args) {
  if (!args.threads_text.empty()) {
    const auto n = whole_option("--threads", args.threads_text, 1, 1024);
    if (!n) return false;
    args.threads = static_cast<std::size_t>(*n);
  }
  if (!args.speed_text.empty()) {
    const auto v = parse_speed(args.speed_text);
    if (!v) return false;
    args.speed = *v;
  }
  return true;
}

// Passes every event on to `inner` and now and then tells `line` how many events the run has
// made and where in virtual time it is (of `until`, when known: how long the rest takes in
// wall time is not known). It wants exactly what `inner` wants, so the run makes the same
// events with it.
class run_progress final : public observer {
 public:
  run_progress(observer& inner, progress_line& line, std::int64_t until)
      : inner_(inner), line_(line), until_(until) {}
  void on_event(const event& e) override {
    // At its end the run's summary goes to stderr (the text writer's): the line goes first.
    const bool ending = e.kind == event_kind::end || is(e, sim_event::summary);
    if (ending) line_.finish();
    inner_.on_event(e);
    if (!ending && ++events_ % 4096 == 0)
      line_.update(events_, 0, [&] {
        return "virtual time " + format_time(e.t) + (until_ ? " of " + format_time(until_) : "");
      });
  }
  event_mask wants() const override { return inner_.wants(); }

 private:
  observer& inner_;
  progress_line& line_;
  std::int64_t until_;
  std::uint64_t events_ = 0;
};

// Runs sc into `out`, with a progress line on a terminal once it has taken a second (a
// deterministic run only: a --realtime run's observers are the writers' alone).
// An HTML page (`page`, when given) gets every channel's state after each event too.
run_result simulate_with_progress(const scenario& sc, const run_options& opts, observer& out,
                                  html_writer* page = nullptr) {
  const auto go = [&](observer& o) {
    return page ? simulate_with_channel_panel(sc, opts, o, *page) : simulate(sc, opts, o);
  };
  progress_line line("run", "event", "events", std::chrono::seconds{1});
  if (!line.active() || opts.realtime) return go(out);
  run_progress counted(out, line, opts.until ? *opts.until : sc.until.value_or(0));
  const run_result r = go(counted);
  line.finish();
  return r;
}

// Opens --out when it is given; false (reported) when it cannot be written.
bool open_out(const run_args& args, std::optional<output_file>& file) {
  if (args.out_path.empty()) return true;
  file.emplace(args.out_path);
  if (file->error().empty()) return true;
  report_error(file->error());
  return false;
}

// Puts --out into place, or checks that stdout took everything; false (reported) when not.
bool close_out(std::optional<output_file>& file, const std::string& what) {
  if (file) {
    if (auto error = file->commit()) {
      report_error(*error);
      return false;
    }
  } else if (!std::cout) {
    // A full disk, /dev/full, a closed pipe: the output is incomplete, and the run must say so.
    report_error("cannot write " + what + " to standard output: it is incomplete");
    return false;
  }
  return true;
}

// --format summary: one JSON object, the run's statistics (hotdog::sim::statistics), to
// --out (completely or not at all) or stdout.
exit_status summarize(const run_args& args, const scenario& sc, const run_options& opts) {
  std::optional<output_file> file;
  if (!open_out(args, file)) return exit_status::invalid;
  statistics stats(sc);
  const run_result r = simulate_with_progress(sc, opts, stats);
  std::ostream& out = file ? file->stream() : std::cout;
  out << stats.json() << '\n' << std::flush;
  if (!close_out(file, "the summary")) return exit_status::invalid;
  report_end(r, sc);
  return exit_status_of(r, sc);
}

// Runs sc with its trace going to --out (completely or not at all) or stdout.
exit_status trace(const run_args& args, const scenario& sc, const run_options& opts) {
  std::optional<output_file> file;
  if (!open_out(args, file)) return exit_status::invalid;
  std::ostream& out = file ? file->stream() : std::cout;
  const bool color = args.format == "text" &&
                     (args.color == "always" || (args.color == "auto" && !file && ::isatty(1)));
  const auto writer = make_writer(args, sc, out, color);

  const run_result r =
      simulate_with_progress(sc, opts, *writer, dynamic_cast<html_writer*>(writer.get()));
  out.flush();
  if (!close_out(file, "the trace")) return exit_status::invalid;
  if (const auto* m = dynamic_cast<const mermaid_writer*>(writer.get());
      m && m->size() > mermaid_writer::mermaid_max_text)
    report_error("the Mermaid diagram is " + std::to_string(m->size()) +
                 " characters, over Mermaid's default limit of " +
                 std::to_string(mermaid_writer::mermaid_max_text) +
                 " (maxTextSize): Mermaid will not draw it unless its maxTextSize is raised; "
                 "--format html draws a run of any size (or try --until)");
  report_end(r, sc);
  // An update succeeded when the golden was written, however the run itself ended.
  if (!args.update_path.empty()) return exit_status::ok;
  return exit_status_of(r, sc);
}

exit_status run(run_args args, const context& ctx) {
  if (!args.request.validate()) return exit_status::invalid;
  if (!parse_realtime_options(args)) return exit_status::invalid;
  auto sc = load(args.request.scenario_path, args.request.settings);
  if (!sc) return exit_status::invalid;
  if (!options_fit(args)) return exit_status::invalid;
  run_options opts = args.request.run_options();
  opts.realtime = args.realtime;
  opts.threads = args.threads;
  opts.speed = args.speed;

  if (!args.expect_path.empty()) return expect(args, *sc, opts);
  if (!args.update_path.empty()) {
    args.out_path = args.update_path;
    args.format = detect_format(args.update_path, "") == trace_format::jsonl ? "jsonl" : "text";
    args.color = "never";
    args.explain = false;  // a golden holds the trace only
  }
  if (args.out_path.empty() && ctx.stdout_closed) {
    report_error("cannot write the trace: standard output is closed");
    return exit_status::invalid;
  }
  if (args.format == "summary") return summarize(args, *sc, opts);
  return trace(args, *sc, opts);
}

// `hotdog run`'s own options (the run request adds the rest).
void add_run_options(CLI::App& cmd, run_args& a) {
  a.format_option = cmd.add_option("--format", a.format, "Trace format")
                        ->check(CLI::IsMember({"text", "jsonl", "mermaid", "html", "summary"}))
                        ->capture_default_str();
  add_out_option(cmd, a.out_path, "Write the trace to FILE (completely or not at all)");
  add_color_option(cmd, a.color, "Colour in the text format");
  cmd.add_option("--expect", a.expect_path, "Compare the trace with GOLDEN (exit 1 if it differs)");
  cmd.add_option("--update", a.update_path,
                 "Write the trace to GOLDEN (format by its name), refused when CI=true");
  cmd.add_flag("--explain", a.explain,
               "Under each event (text) or in an \"explain\" field (jsonl): what it means in "
               "core.async terms");
  cmd.add_flag("--realtime", a.realtime,
               "Run on a thread pool with the wall clock (not reproducible)");
  cmd.add_option("--threads", a.threads_text, "Pool threads for --realtime (1 to 1024; default 8)");
  cmd.add_option("--speed", a.speed_text,
                 "Virtual ms per wall ms for --realtime (0.001 to 1000000; default 1)");
}

}  // namespace

void add_run(CLI::App& app, command& chosen) {
  auto* cmd = app.add_subcommand("run", "Run a scenario and print its event trace");
  auto args = std::make_shared<run_args>();
  args->request.add_options(*cmd, run_changing_options);
  add_run_options(*cmd, *args);
  cmd->callback(
      [&chosen, args] { chosen = [args](const context& ctx) { return run(*args, ctx); }; });
}

}  // namespace hotdog::cli
