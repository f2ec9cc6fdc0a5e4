// `hotdog sweep` and `hotdog merge`: many runs of one scenario, and shards put back together.
#include "commands.hpp"
#include "progress.hpp"
#include "report_error.hpp"
#include "run_request.hpp"

#include <hotdog/sim/sweep/sweep.hpp>
#include <hotdog/sim/text/output_file.hpp>
#include <hotdog/sim/text/printable.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
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
  std::string shard = "1/1";
  std::string format = "jsonl";  // jsonl, csv, text or html
  std::string out_path;
};

// Writes `produce`'s output to --out (all or nothing) or stdout, aggregated unless jsonl.
exit_status write_output(const std::string& format, const std::string& title,
                         const std::string& out_path,
                         const std::function<std::optional<std::string>(std::ostream&)>& produce) {
  std::optional<output_file> file;
  if (!out_path.empty()) {
    file.emplace(out_path);
    if (!file->error().empty()) {
      report_error(file->error());
      return exit_status::invalid;
    }
  }
  std::ostream& out = file ? file->stream() : std::cout;
  std::optional<std::string> error;
  if (format == "jsonl") {
    error = produce(out);
  } else {
    // Aggregated: the lines go through a buffer, one point at a time would do, but the
    // aggregate keeps a running mean per field, so a stream of any length is fine.
    std::stringstream lines;
    error = produce(lines);
    if (!error) error = aggregate_sweep(lines, format, title, out);
  }
  out.flush();
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

// The --set axes: one value is the same in every run, several are swept.
bool parse_axes(const std::vector<std::string>& sets, sweep_options& o) {
  for (const auto& text : sets) {
    auto axis = parse_sweep_setting(text);
    if (!axis) {
      report_error("--set: " + axis.error().message());
      return false;
    }
    auto& a = *axis;
    if (a.values.size() == 1) {
      a.key.value = a.values[0];
      o.fixed.push_back(a.key);
    } else {
      o.axes.push_back(std::move(a));
    }
  }
  return true;
}

exit_status sweep(const sweep_args& args) {
  run_request request = args.request;
  if (!request.validate()) return exit_status::invalid;
  sweep_options o;
  const auto seeds = parse_seed_range(args.seeds);
  const auto shard = parse_shard(args.shard);
  for (const auto* r : {&seeds, &shard})
    if (!*r) {
      report_error(r->error().message());
      return exit_status::invalid;
    }
  std::tie(o.first_seed, o.last_seed) = *seeds;
  std::tie(o.shard, o.shards) = *shard;
  if (!parse_axes(args.sets, o)) return exit_status::invalid;
  o.jobs = args.jobs;
  o.run = request.run_options();
  progress_line progress("sweep", "run", "runs");
  bool invalid = false;
  const exit_status status =
      write_output(args.format, request.scenario_path, args.out_path,
                   [&](std::ostream& out) -> std::optional<std::string> {
                     auto errors = run_sweep(request.scenario_path, o, out, progress.callback());
                     progress.finish();
                     if (errors.empty()) return std::nullopt;
                     print_diagnostics(errors, "error");
                     invalid = true;
                     return "the sweep did not run: a point is not a valid scenario";
                   });
  return invalid ? exit_status::invalid : status;
}

}  // namespace

bool open_inputs(const std::vector<std::string>& paths, std::vector<std::ifstream>& files,
                 std::vector<std::istream*>& inputs) {
  files.reserve(paths.size());  // inputs point into it: no reallocation
  for (const auto& p : paths) {
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
  return write_output(format, "merged sweep", out_path, [&](std::ostream& out) {
    auto error = merge_sweeps(inputs, out, [&](std::uint64_t done, std::uint64_t) {
      progress.update(done, std::max(total, done));
    });
    progress.finish();
    return error;
  });
}

void add_format_and_out(CLI::App& cmd, std::string& format, std::string& out_path,
                        const char* format_help) {
  cmd.add_option("--format", format, format_help)
      ->check(CLI::IsMember({"jsonl", "csv", "text", "html"}))
      ->capture_default_str();
  cmd.add_option("--out", out_path, "Write to FILE (completely or not at all)");
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
  cmd->add_option("--shard", args->shard, "Run only share K of M: K/M")->capture_default_str();
  add_format_and_out(*cmd, args->format, args->out_path,
                     "jsonl (a line per run) or aggregated per point");
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
