// `hotdog sweep` and `hotdog merge`: many runs of one scenario, and shards put back together.
#include "commands.hpp"

#include <hotdog/sim/model/duration.hpp>
#include <hotdog/sim/text/output_file.hpp>
#include <hotdog/sim/text/printable.hpp>
#include <hotdog/sim/sweep/sweep.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace hotdog::cli {

namespace {

using namespace hotdog::sim;

void print_errors(const std::vector<diagnostic>& ds) {
  for (const auto& d : ds)
    std::cerr << d.file << ':' << d.where.line << ':' << d.where.column << ": error: " << d.message
              << '\n';
}

// Writes `produce`'s output to --out (all or nothing) or stdout, aggregated unless jsonl.
int write_output(const std::string& format, const std::string& title, const std::string& out_path,
                 const std::function<std::optional<std::string>(std::ostream&)>& produce) {
  std::optional<output_file> file;
  if (!out_path.empty()) {
    file.emplace(out_path);
    if (!file->error().empty()) {
      std::cerr << "hotdog: " << file->error() << '\n';
      return exit_invalid;
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
    std::cerr << "hotdog: " << *error << '\n';
    return exit_invalid;
  }
  if (!out) {
    std::cerr << "hotdog: cannot write the output\n";
    return exit_invalid;
  }
  if (file)
    if (auto e = file->commit()) {
      std::cerr << "hotdog: " << *e << '\n';
      return exit_invalid;
    }
  return 0;
}

}  // namespace

std::optional<std::vector<setting>> parse_settings(const std::vector<std::string>& sets) {
  std::vector<setting> out;
  bool ok = true;
  for (const auto& text : sets) {
    auto s = parse_setting(text);
    if (!s) {
      std::cerr << "hotdog: --set: " << s.error().message() << '\n';
      ok = false;
    } else {
      out.push_back(std::move(*s));
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

int sweep(const sweep_args& args) {
  sweep_options o;
  const auto seeds = parse_seed_range(args.seeds);
  const auto shard = parse_shard(args.shard);
  for (const auto* err : {std::get_if<std::string>(&seeds), std::get_if<std::string>(&shard)})
    if (err) {
      std::cerr << "hotdog: " << *err << '\n';
      return exit_invalid;
    }
  std::tie(o.first_seed, o.last_seed) = std::get<0>(seeds);
  std::tie(o.shard, o.shards) = std::get<0>(shard);
  for (const auto& text : args.sets) {
    auto axis = parse_sweep_setting(text);
    if (auto* err = std::get_if<std::string>(&axis)) {
      std::cerr << "hotdog: --set: " << *err << '\n';
      return exit_invalid;
    }
    auto& a = std::get<sweep_axis>(axis);
    if (a.values.size() == 1) {
      a.key.value = a.values[0];
      o.fixed.push_back(a.key);
    } else {
      o.axes.push_back(std::move(a));
    }
  }
  o.jobs = args.jobs;
  if (!args.until.empty()) {
    o.run.until = parse_duration(args.until);
    if (!o.run.until) {
      std::cerr << "hotdog: --until: expected a duration like 5000, \"90s\" or \"10m\", not \""
                << args.until << "\"\n";
      return exit_invalid;
    }
  }
  o.run.max_events = args.max_events;
  // A progress line for people: only when stderr is a terminal, never in CI logs.
  const bool tty = ::isatty(2);
  const auto start = std::chrono::steady_clock::now();
  auto progress = [&](std::uint64_t done, std::uint64_t total) {
    if (!tty) return;
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = s > 0 ? static_cast<double>(done) / s : 0;
    std::fprintf(stderr, "\r%llu/%llu runs, %.0f/s, %.0f s left   ",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 rate, rate > 0 ? static_cast<double>(total - done) / rate : 0.0);
    if (done == total) std::fprintf(stderr, "\n");
  };
  bool invalid = false;
  const int status = write_output(args.format, args.scenario_path, args.out_path,
                                  [&](std::ostream& out) -> std::optional<std::string> {
                                    auto errors = run_sweep(args.scenario_path, o, out, progress);
                                    if (errors.empty()) return std::nullopt;
                                    print_errors(errors);
                                    invalid = true;
                                    return "the sweep did not run: a point is not a valid scenario";
                                  });
  return invalid ? exit_invalid : status;
}

bool open_inputs(const std::vector<std::string>& paths, std::vector<std::ifstream>& files,
                 std::vector<std::istream*>& inputs) {
  files.reserve(paths.size());  // inputs point into it: no reallocation
  for (const auto& p : paths) {
    files.emplace_back(p, std::ios::binary);
    if (!files.back()) {
      std::cerr << "hotdog: cannot read " << sim::printable(p) << '\n';
      return false;
    }
    inputs.push_back(&files.back());
  }
  return true;
}

int merge(const std::vector<std::string>& paths, const std::string& format,
          const std::string& out_path) {
  std::vector<std::ifstream> files;
  std::vector<std::istream*> inputs;
  if (!open_inputs(paths, files, inputs)) return exit_invalid;
  return write_output(format, "merged sweep", out_path,
                      [&](std::ostream& out) { return merge_sweeps(inputs, out); });
}

}  // namespace hotdog::cli
