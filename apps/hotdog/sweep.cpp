// `hotdog sweep` and `hotdog merge`: many runs of one scenario, and shards put back together.
#include "commands.hpp"
#include "progress.hpp"
#include "report_error.hpp"
#include "run_request.hpp"

#include <hotdog/sim/sweep/merge.hpp>
#include <hotdog/sim/sweep/sweep.hpp>
#include <hotdog/sim/sweep/sweep_writer.hpp>
#include <hotdog/sim/text/output_file.hpp>
#include <hotdog/sim/text/plural.hpp>
#include <hotdog/sim/text/printable.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

namespace hotdog::cli {

namespace {

using namespace hotdog::sim;

// `hotdog sweep`'s own options, beside the run request (until and max-events).
struct sweep_args {
  run_request request;
  std::string seeds = "1..1";
  std::vector<std::string> sets;  // NAME.KEY=V1,V2,...: axes, not one run's settings
  std::size_t jobs = 1;
  std::optional<std::string> shard;  // K/M; none: the whole sweep, with no shard header ("" is
                                     // refused, not taken as none)
  bool zip = false;
  std::string ci, max_seeds;
  std::string format = "jsonl";  // one of sweep_formats()
  std::string out_path;
};

using line_fn = std::function<std::optional<std::string>(const std::string&)>;

// What a line the format refuses (a runs-csv row the columns cannot hold) means: for merge, a
// shard file that is unusable (exit 2, the default); for sweep, which has made runs by then,
// something unexpected (exit 4), said with where the output stops.
struct refusal {
  exit_status status = exit_status::invalid;
  std::string note;  // appended to the writer's message
};

// Writes `produce`'s lines in `format` to --out (all or nothing) or stdout, one line at a
// time: no format holds the runs (the aggregates one point, the page a dot per point). The
// page's title is asked for when the first line comes (a merge learns it from the shards).
exit_status write_output(const std::string& format, const std::function<std::string()>& title,
                         const std::string& out_path,
                         const std::function<std::optional<std::string>(const line_fn&)>& produce,
                         const refusal& refused = {}) {
  std::optional<output_file> file;
  if (!out_path.empty()) {
    file.emplace(out_path);
    if (!file->error().empty()) {
      report_error(file->error());
      return exit_status::invalid;
    }
  }
  std::ostream& out = file ? file->stream() : std::cout;
  std::unique_ptr<sweep_writer> writer;
  const auto made = [&]() -> sweep_writer& {
    if (!writer) writer = make_sweep_writer(format, title(), out);
    return *writer;
  };
  bool writer_refused = false;
  std::optional<std::string> error = produce([&](const std::string& line) {
    auto e = made().add(line);
    if (e) writer_refused = true;
    if (!e && !out) e = "cannot write the output";
    return e;
  });
  if (!error) made().finish();
  out.flush();
  if (error && writer_refused) {
    report_error(*error + refused.note);
    return refused.status;
  }
  if (error) {
    report_error(*error);
    return exit_status::invalid;
  }
  if (!out) {
    report_error("cannot write the output");
    return exit_status::invalid;
  }
  if (file)
    if (auto e = file->commit()) {
      report_error(*e);
      return exit_status::invalid;
    }
  return exit_status::ok;
}

// The --set axes: one value is the same in every run, several are swept. With --zip every
// list must be as long as the first (the spec: the lists are the same length), a single value
// too: a list of one beside lists of two is a mistake to point out, not a constant to guess.
bool parse_axes(const std::vector<std::string>& sets, bool until_given, bool zip,
                sweep_options& o) {
  std::set<std::string, std::less<>> named;
  std::optional<std::pair<std::string, std::size_t>> first;  // with --zip: the first list
  for (const auto& text : sets) {
    // One key twice would make points whose two values the CSV columns cannot tell apart.
    const std::string name = text.substr(0, text.find('='));
    if (!named.insert(name).second) {
      report_error("--set: " + name + " is given twice; give all its values in one --set (" + name +
                   "=A,B,...)");
      return false;
    }
    auto axis = parse_sweep_setting(text);
    if (!axis) {
      report_error("--set: " + axis.error().message());
      return false;
    }
    auto& a = *axis;
    // --until would win over every point's until, which each row would still claim as its own.
    if (until_given && a.key.target.empty() && a.key.key == "until") {
      report_error(option_beside_set("until"));
      return false;
    }
    if (zip && !first) first.emplace(name, a.values.size());
    if (zip && a.values.size() != first->second) {
      report_error("--zip pairs the --set lists in step, so they must be as long as each other: " +
                   printable(first->first) + " has " + count_of(first->second, "value", "values") +
                   ", " + printable(name) + " has " + std::to_string(a.values.size()) +
                   " (to hold a key at one value in every run, give it that value " +
                   std::to_string(first->second) + " times)");
      return false;
    }
    if (a.values.size() == 1) {
      a.key.value = a.values[0];
      o.fixed.push_back(a.key);
    } else {
      o.axes.push_back(std::move(a));
    }
    o.set_texts.push_back(text);
  }
  return true;
}

// --seeds, --shard, --set, --zip, --ci and --max-seeds into `o` (`request` validated: its
// --until is known); false having said why not.
bool parse_sweep(const sweep_args& args, const run_request& request, sweep_options& o) {
  const auto seeds = parse_seed_range(args.seeds);
  if (!seeds) {
    report_error("--seeds: " + seeds.error().message());
    return false;
  }
  std::tie(o.first_seed, o.last_seed) = *seeds;
  if (args.shard) {
    // A shard is JSONL for `merge`, which writes every other format from the merged runs.
    if (args.format != "jsonl") {
      report_error("--shard writes a JSONL shard for merge: give --format " + args.format +
                   " to merge instead");
      return false;
    }
    const auto shard = parse_shard(*args.shard);
    if (!shard) {
      report_error(shard.error().message());
      return false;
    }
    std::tie(o.shard, o.shards) = *shard;
    o.sharded = true;
  }
  if (!parse_axes(args.sets, request.until.has_value(), args.zip, o)) return false;
  o.zip = args.zip;
  if (!args.ci.empty()) {
    auto goal = parse_ci(args.ci);
    if (!goal) {
      report_error(goal.error().message());
      return false;
    }
    o.ci = *goal;
    if (!args.max_seeds.empty()) {
      const auto n = whole_option("--max-seeds", args.max_seeds, 2, std::uint64_t{1} << 32);
      if (!n) return false;
      o.ci->max_seeds = *n;
    }
  } else if (!args.max_seeds.empty()) {
    report_error("--max-seeds is the most seeds --ci FIELD=REL may add: give --ci too");
    return false;
  }
  if (auto points = count_points(o); !points) {
    report_error(points.error().message());
    return false;
  }
  return true;
}

// The command that replays a run that did not end as expected.
std::string replay_command(const run_request& request, const unexpected_run& run) {
  std::string cmd =
      "hotdog run " + shell_word(request.scenario_path) + " --seed " + std::to_string(run.seed);
  for (const auto& s : run.settings)
    cmd +=
        " --set " + shell_word((s.target.empty() ? s.key : s.target + "." + s.key) + "=" + s.value);
  return cmd + request.words({run_option::until, run_option::max_events});
}

// What a sweep says on stderr after its lines: --ci's seeds per point, unexpected runs.
exit_status tell(const run_request& request, const sweep_options& o, const sweep_report& report) {
  if (o.ci)
    for (const auto& p : report.seeds_taken)
      std::cerr << "sweep: " << printable(p.point) << ": " << p.seeds << " seeds, "
                << (p.met ? "the 95% interval of " + printable(o.ci->field) + " is within the goal"
                          : "the most --max-seeds allows; the interval of " +
                                printable(o.ci->field) + " is still wider than the goal")
                << '\n';
  if (report.before_warmup)
    std::cerr << "sweep: warning: " << report.before_warmup << " of " << report.runs
              << (report.runs == 1 ? " run" : " runs")
              << " ended no later than the scenario's \"warmup\": their utilization, queue and "
                 "buffer means cover no time, their waits count only customers who arrived "
                 "once it was over (none did before the end), and they count in the averages "
                 "as they are\n";
  if (!report.unexpected) return exit_status::ok;
  const unexpected_run& first = *report.first_unexpected;
  std::cerr << "sweep: " << report.unexpected << " of " << report.runs
            << " runs did not end as expected (the first ended \"" << printable(first.end)
            << "\"); replay it:\n  " << printable(replay_command(request, first)) << '\n';
  return exit_status::failed;
}

exit_status sweep(const sweep_args& args) {
  run_request request = args.request;
  if (!request.validate()) return exit_status::invalid;
  sweep_options o;
  if (!parse_sweep(args, request, o)) return exit_status::invalid;
  o.jobs = args.jobs;
  o.run = request.run_options();
  progress_line progress("sweep", "run", "runs");
  bool invalid = false;
  sweep_report report;
  const exit_status status = write_output(
      args.format, [&] { return request.scenario_path; }, args.out_path,
      [&](const line_fn& line) -> std::optional<std::string> {
        auto r = run_sweep(request.scenario_path, o, line, progress.callback());
        progress.finish();
        if (r) {
          report = std::move(*r);
          return std::nullopt;
        }
        invalid = true;
        if (r.errors().empty()) return r.error().message();
        print_diagnostics(r.errors(), "error");
        return "the sweep did not run: the scenario, or the scenario at one of its "
               "points, is not valid";
      },
      refusal{exit_status::error,
              "; the sweep stopped at that run (" +
                  std::string(args.out_path.empty() ? "what was printed before it stands"
                                                    : "--out is not written") +
                  ")"});
  if (status == exit_status::error) return status;  // runs were made: not "nothing is run"
  if (invalid || status != exit_status::ok) return invalid ? exit_status::invalid : status;
  return tell(request, o, report);
}

}  // namespace

void add_out_option(CLI::App& cmd, std::string& path, const std::string& description) {
  cmd.add_option("--out", path, description)
      ->check(CLI::Validator(
          [](const std::string& file) {
            return file.empty()
                       ? std::string("FILE may not be empty (leave --out out for standard output)")
                       : std::string();
          },
          "FILE"));
}

bool open_inputs(const std::vector<std::string>& paths, std::vector<std::ifstream>& files,
                 std::vector<std::istream*>& inputs) {
  files.reserve(paths.size());  // inputs point into it: no reallocation
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      report_error(p + " is a directory; give the shard files in it (as DIR/*)");
      return false;
    }
    files.emplace_back(p, std::ios::binary);
    if (!files.back()) {
      report_error("cannot read " + p);
      return false;
    }
    inputs.push_back(&files.back());
  }
  return true;
}

namespace {

// "12.3 MiB"
std::string mebibytes(std::uint64_t n) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(n) / (1 << 20));
  return text;
}

exit_status merge(const std::vector<std::string>& paths, const std::string& format,
                  const std::string& out_path) {
  std::vector<std::ifstream> files;
  std::vector<std::istream*> inputs;
  if (!open_inputs(paths, files, inputs)) return exit_status::invalid;
  // Shards can be gigabytes: the line says how many bytes of them are read.
  std::uint64_t total = 0;
  for (const auto& p : paths) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(p, ec);
    if (!ec) total += size;
  }
  progress_line progress("merge", "byte", "bytes");
  progress.show_amounts([](std::uint64_t n) { return mebibytes(n); });
  std::vector<shard_input> shards;
  for (std::size_t i = 0; i < paths.size(); ++i) shards.push_back({inputs[i], paths[i]});
  merge_report report;
  const exit_status status = write_output(
      format, [&] { return report.title.value_or("merged sweep"); }, out_path,
      [&](const line_fn& line) {
        auto error = merge_sweeps(shards, line, report, [&](std::uint64_t done, std::uint64_t) {
          progress.update(done, std::max(total, done));
        });
        progress.finish();
        return error;
      });
  if (status != exit_status::ok || !report.unexpected) return status;
  std::cerr << "merge: " << report.unexpected << " of " << report.runs
            << " runs did not end as expected (their lines say \"expected\":false)\n";
  return exit_status::failed;
}

void add_format_and_out(CLI::App& cmd, std::string& format, std::string& out_path,
                        const char* format_help) {
  cmd.add_option("--format", format, format_help)
      ->check(CLI::IsMember(sweep_formats()))
      ->capture_default_str();
  add_out_option(cmd, out_path, "Write to FILE (completely or not at all)");
}

}  // namespace

void add_sweep(CLI::App& app, command& chosen) {
  auto* cmd = app.add_subcommand(
      "sweep", "Run every combination of --set values times every seed; one JSON line per run");
  auto args = std::make_shared<sweep_args>();
  args->request.add_options(*cmd, {run_option::until, run_option::max_events});
  cmd->add_option("--seeds", args->seeds, "Seeds A..B")->capture_default_str();
  cmd->add_option("--set", args->sets, "NAME.KEY=V1,V2,... (repeatable)");
  cmd->add_option("--jobs", args->jobs, "Runs at once, each on its own thread")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--shard", args->shard,
                  "Run only share K of M: K/M (its lines follow a header; merge them)");
  cmd->add_flag("--zip", args->zip, "Pair the --set lists in step instead of crossing them");
  cmd->add_option("--ci", args->ci,
                  "FIELD=REL: add seeds to each point until the 95% half-width of FIELD is at most "
                  "REL times its mean");
  cmd->add_option("--max-seeds", args->max_seeds,
                  "With --ci: at most N seeds a point (default 1000)");
  add_format_and_out(*cmd, args->format, args->out_path,
                     "jsonl (a line per run), runs-csv (a row per run) or aggregated per point");
  cmd->callback([&chosen, args] { chosen = [args](const context&) { return sweep(*args); }; });
}

void add_merge(CLI::App& app, command& chosen) {
  auto* cmd = app.add_subcommand(
      "merge", "Put the JSONL of sweep shards back together, as one unsharded sweep writes it");
  struct merge_args {
    std::vector<std::string> paths;
    std::string format = "jsonl", out_path;
  };
  auto args = std::make_shared<merge_args>();
  cmd->add_option("FILE", args->paths, "Shards' JSONL files")->required();
  add_format_and_out(*cmd, args->format, args->out_path, "jsonl, or aggregated per point");
  cmd->callback([&chosen, args] {
    chosen = [args](const context&) { return merge(args->paths, args->format, args->out_path); };
  });
}

}  // namespace hotdog::cli
