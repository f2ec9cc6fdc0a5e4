// The hotdog CLI: parse, call the library, map outcomes to the documented exit codes.
#include <hotdog/sim/html_writer.hpp>
#include <hotdog/sim/scenario.hpp>
#include <hotdog/sim/simulation.hpp>
#include <hotdog/sim/stepper.hpp>
#include <hotdog/sim/trace_diff.hpp>
#include <hotdog/sim/trace_writer.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace {

using namespace hotdog;
using namespace hotdog::sim;

constexpr int exit_invalid = 2;

void print(const std::vector<diagnostic>& ds, const char* severity) {
  for (const auto& d : ds)
    std::cerr << d.file << ':' << d.where.line << ':' << d.where.column << ": " << severity << ": "
              << d.message << '\n';
}

std::optional<scenario> load(const std::string& path) {
  auto r = load_scenario_file(path);
  print(r.errors, "error");
  print(r.warnings, "warning");
  return std::move(r.value);
}

std::size_t width_of(const scenario& sc) {
  std::size_t width = 1;
  for (const auto& p : sc.processes) width = std::max(width, p.name.size());
  return width;
}

bool env_is(const char* name, const char* value) {
  const char* v = std::getenv(name);
  return v && std::string(v) == value;
}

// Hands each complete trace line to a callback, as the run produces it.
class line_splitter final : public hotdog::observer {
 public:
  line_splitter(trace_format f, std::size_t width, std::ostream& summary,
                std::function<void(std::string)> on_line)
      : on_line_(std::move(on_line)) {
    if (f == trace_format::jsonl)
      writer_ = std::make_unique<jsonl_writer>(buf_);
    else
      writer_ = std::make_unique<text_writer>(buf_, width, false, summary);
  }
  void on_event(const hotdog::event& e) override {
    writer_->on_event(e);
    std::string text = buf_.str();
    buf_.str({});
    std::size_t start = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
      on_line_(text.substr(start, nl - start));
      start = nl + 1;
    }
  }

 private:
  std::ostringstream buf_;
  std::unique_ptr<hotdog::observer> writer_;
  std::function<void(std::string)> on_line_;
};

int diff_files(const std::string& expected, const std::string& actual, bool color) {
  std::ifstream a(expected, std::ios::binary), b(actual, std::ios::binary);
  for (auto [stream, path] : {std::pair{&a, &expected}, std::pair{&b, &actual}})
    if (!*stream) {
      std::cerr << "hotdog: cannot read " << *path << ": " << std::strerror(errno) << '\n';
      return exit_invalid;
    }
  std::string first;
  std::getline(a, first);
  a.clear();
  a.seekg(0);
  trace_comparer cmp(detect_format(expected, first));
  for (;;) {
    std::string la, lb;
    std::optional<std::string> ea, eb;
    if (std::getline(a, la)) ea = std::move(la);
    if (std::getline(b, lb)) eb = std::move(lb);
    if (!ea && !eb) break;
    cmp.feed(ea, eb);
  }
  if (cmp.equal()) return 0;
  cmp.report(std::cerr, expected, actual, color);
  return 1;
}

std::optional<std::int64_t> duration_option(const std::string& text) {
  if (text.empty()) return std::nullopt;
  nlohmann::json v = text;
  if (!text.empty() && std::all_of(text.begin(), text.end(), ::isdigit)) v = std::stoll(text);
  return parse_duration(v);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hotdog: independent processes talking over core.async channels, simulated"};
  app.set_version_flag("--version", std::string("hotdog ") + HOTDOG_VERSION);
  app.require_subcommand(1);

  auto* run = app.add_subcommand("run", "Run a scenario and print its event trace");
  std::string scenario_path, format = "text", until_text, out_path, color = "auto";
  std::optional<std::uint64_t> seed;
  std::uint64_t max_events = 100'000'000;
  bool realtime = false;
  std::size_t threads = 8;
  double speed = 1.0;
  run->add_option("SCENARIO", scenario_path, "The scenario file (JSON)")->required();
  run->add_option("--format", format, "Trace format")
      ->check(CLI::IsMember({"text", "jsonl", "mermaid", "html"}))
      ->capture_default_str();
  run->add_option("--seed", seed, "Override the scenario's seed (unsigned 64-bit)");
  run->add_option("--until", until_text, "Stop at this virtual time (e.g. 5000, \"90s\", \"10m\")");
  run->add_option("--out", out_path, "Write the trace to FILE (completely or not at all)");
  run->add_option("--color", color, "Colour in the text format")
      ->check(CLI::IsMember({"never", "always", "auto"}))
      ->capture_default_str();
  run->add_option("--max-events", max_events, "Stop with exit 4 after this many events")
      ->capture_default_str();
  std::string expect_path, update_path;
  run->add_option("--expect", expect_path, "Compare the trace with GOLDEN (exit 1 if it differs)");
  run->add_option("--update", update_path,
                  "Write the trace to GOLDEN (format by its name), refused when CI=true");
  bool explain = false;
  run->add_flag("--explain", explain,
                "Text format: under each event, what it means in core.async terms");
  run->add_flag("--realtime", realtime,
                "Run on a thread pool with the wall clock (not reproducible)");
  run->add_option("--threads", threads, "Pool threads for --realtime")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  run->add_option("--speed", speed, "Virtual ms per wall ms for --realtime")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  auto* validate = app.add_subcommand("validate", "Check scenario files without running them");
  std::vector<std::string> to_validate;
  validate->add_option("SCENARIO", to_validate, "Scenario files")->required();

  auto* step =
      app.add_subcommand("step", "Step through a scenario one event at a time (Enter, c, q)");
  std::string step_path;
  std::optional<std::uint64_t> step_seed;
  step->add_option("SCENARIO", step_path, "The scenario file (JSON)")->required();
  step->add_option("--seed", step_seed, "Override the scenario's seed");

  auto* diff = app.add_subcommand("diff", "Compare two traces: exit 0 when equal, 1 when not");
  std::string diff_expected, diff_actual;
  diff->add_option("EXPECTED", diff_expected, "The expected trace")->required();
  diff->add_option("ACTUAL", diff_actual, "The actual trace")->required();
  diff->add_option("--color", color, "Colour in the report")
      ->check(CLI::IsMember({"never", "always", "auto"}))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_invalid;
  }

  if (*validate) {
    int status = 0;
    for (const auto& path : to_validate) {
      if (auto sc = load(path))
        std::cout << path << ": ok (" << sc->channels.size() << " channels, "
                  << sc->processes.size() << " processes)\n";
      else
        status = exit_invalid;
    }
    return status;
  }

  if (*diff)
    return diff_files(diff_expected, diff_actual,
                      color == "always" || (color == "auto" && ::isatty(2)));

  if (*step) {
    auto stepped = load(step_path);
    if (!stepped) return exit_invalid;
    run_options o;
    o.seed = step_seed;
    // One key at a time, unechoed, when the keys come from a terminal.
    termios saved{};
    const bool tty = ::isatty(0) && ::tcgetattr(0, &saved) == 0;
    if (tty) {
      termios raw = saved;
      raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
      raw.c_cc[VMIN] = 1;
      raw.c_cc[VTIME] = 0;
      ::tcsetattr(0, TCSANOW, &raw);
    }
    run_result r = step_through(*stepped, o, std::cin, std::cout);
    if (tty) ::tcsetattr(0, TCSANOW, &saved);
    return r.message == "quit" ? 0 : exit_status(r.reason);
  }

  auto sc = load(scenario_path);
  if (!sc) return exit_invalid;
  if (!expect_path.empty() && !update_path.empty()) {
    std::cerr << "hotdog: --expect and --update do not go together\n";
    return exit_invalid;
  }
  if (realtime && (!expect_path.empty() || !update_path.empty())) {
    std::cerr
        << "hotdog: a --realtime trace is the order things really happened in and differs from run "
           "to run; --expect and --update need the deterministic runtime\n";
    return exit_invalid;
  }
  if (!update_path.empty() && env_is("CI", "true")) {
    std::cerr
        << "hotdog: --update is refused when CI=true: goldens are updated by people, not by CI\n";
    return exit_invalid;
  }
  run_options opts;
  opts.seed = seed;
  if (!until_text.empty()) {
    opts.until = duration_option(until_text);
    if (!opts.until) {
      std::cerr << "hotdog: --until: expected a duration like 5000, \"90s\" or \"10m\", not \""
                << until_text << "\"\n";
      return exit_invalid;
    }
  }
  opts.max_events = max_events;
  opts.realtime = realtime;
  opts.threads = threads;
  opts.speed = speed;

  if (!expect_path.empty()) {
    std::ifstream golden(expect_path, std::ios::binary);
    if (!golden) {
      std::cerr << "hotdog: cannot read " << expect_path << ": " << std::strerror(errno) << '\n';
      return exit_invalid;
    }
    std::string first;
    std::getline(golden, first);
    golden.clear();
    golden.seekg(0);
    const trace_format f = detect_format(expect_path, first);
    trace_comparer cmp(f);
    auto next_expected = [&]() -> std::optional<std::string> {
      std::string line;
      if (std::getline(golden, line)) return line;
      return std::nullopt;
    };
    std::ostringstream ignored_summary;
    line_splitter sink(f, width_of(*sc), ignored_summary,
                       [&](std::string line) { cmp.feed(next_expected(), std::move(line)); });
    simulate(*sc, opts, sink);
    for (auto e = next_expected(); e; e = next_expected()) cmp.feed(e, std::nullopt);
    if (cmp.equal()) return 0;
    cmp.report(std::cerr, expect_path, "this run",
               color == "always" || (color == "auto" && ::isatty(2)));
    std::cerr << "reproduce: hotdog run " << scenario_path << " --seed "
              << opts.seed.value_or(sc->seed)
              << (opts.until ? " --until " + std::to_string(*opts.until) : std::string())
              << (max_events != 100'000'000 ? " --max-events " + std::to_string(max_events)
                                            : std::string())
              << " --format " << (f == trace_format::jsonl ? "jsonl" : "text") << " --expect "
              << expect_path << "\n"
              << "accept the change: hotdog run " << scenario_path << " --update " << expect_path
              << "\n";
    return 1;
  }
  if (!update_path.empty()) {
    out_path = update_path;
    format = detect_format(update_path, "") == trace_format::jsonl ? "jsonl" : "text";
    color = "never";
  }

  // --out writes to a temporary file renamed into place, so a reader never sees half a trace.
  std::ofstream file;
  std::string tmp_path;
  if (!out_path.empty()) {
    // A device or a pipe (/dev/null, a FIFO) is written to, never replaced by a rename.
    std::error_code ec;
    const auto kind = std::filesystem::status(out_path, ec).type();
    const bool special = !ec && kind != std::filesystem::file_type::regular &&
                         kind != std::filesystem::file_type::not_found;
    if (!special) tmp_path = out_path + ".tmp." + std::to_string(::getpid());
    file.open(special ? out_path : tmp_path, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "hotdog: cannot write " << out_path << ": " << std::strerror(errno) << '\n';
      return exit_invalid;
    }
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  const bool use_color = format == "text" && (color == "always" ||
                                              (color == "auto" && out_path.empty() && ::isatty(1)));
  const std::size_t width = width_of(*sc);
  std::unique_ptr<observer> writer;
  if (format == "jsonl")
    writer = std::make_unique<jsonl_writer>(out);
  else if (format == "mermaid")
    writer = std::make_unique<mermaid_writer>(out);
  else if (format == "html")
    writer = std::make_unique<html_writer>(out, sc->name.empty() ? scenario_path : sc->name);
  else {
    auto text = std::make_unique<text_writer>(out, width, use_color, std::cerr);
    text->set_explain(explain);
    writer = std::move(text);
  }

  run_result r = simulate(*sc, opts, *writer);
  out.flush();
  if (!out_path.empty()) {
    file.close();
    if (!file || (!tmp_path.empty() && std::rename(tmp_path.c_str(), out_path.c_str()) != 0)) {
      std::cerr << "hotdog: cannot write " << out_path << '\n';
      if (!tmp_path.empty()) std::remove(tmp_path.c_str());
      return exit_invalid;
    }
  }
  if (r.reason == end_reason::error) std::cerr << "hotdog: the run failed: " << r.message << '\n';
  if (r.reason == end_reason::limit) std::cerr << "hotdog: " << r.message << '\n';
  if (r.reason == end_reason::deadlock) {
    std::cerr << "hotdog: deadlock at " << format_time(r.t)
              << ": nothing can run and nothing will.\n";
    for (const auto& w : r.waiting)
      std::cerr << "  " << w.proc << " waits forever to " << w.op << " on " << w.chan << '\n';
  }
  // An update succeeded when the golden was written, however the run itself ended.
  if (!update_path.empty()) return 0;
  return exit_status(r.reason);
}
