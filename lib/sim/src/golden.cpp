#include "hotdog/sim/golden.hpp"

#include "hotdog/sim/trace_writer.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

namespace hotdog::sim {

line_splitter::line_splitter(trace_format f, std::size_t process_width, std::ostream& summary,
                             std::function<void(std::string)> on_line)
    : on_line_(std::move(on_line)) {
  if (f == trace_format::jsonl)
    writer_ = std::make_unique<jsonl_writer>(buf_);
  else
    writer_ = std::make_unique<text_writer>(buf_, process_width, false, summary);
}

void line_splitter::on_event(const event& e) {
  writer_->on_event(e);
  std::string text = buf_.str();
  buf_.str({});
  std::size_t start = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    on_line_(text.substr(start, nl - start));
    start = nl + 1;
  }
}

namespace {

std::string cannot_read(const std::string& path) {
  return "cannot read " + path + ": " + std::strerror(errno);
}

// The format of the trace `in` holds, which is left at its start.
trace_format format_of(std::istream& in, const std::string& path) {
  std::string first;
  std::getline(in, first);
  in.clear();
  in.seekg(0);
  return detect_format(path, first);
}

std::optional<std::string> next_line(std::istream& in) {
  std::string line;
  if (std::getline(in, line)) return line;
  return std::nullopt;
}

}  // namespace

trace_comparison compare_with_golden(const scenario& sc, const run_options& opts,
                                     const std::string& golden_path) {
  trace_comparison c;
  std::ifstream golden(golden_path, std::ios::binary);
  if (!golden) {
    c.error = cannot_read(golden_path);
    return c;
  }
  c.format = format_of(golden, golden_path);
  c.comparer = trace_comparer(c.format);
  std::ostringstream ignored_summary;
  line_splitter sink(c.format, process_width(sc), ignored_summary, [&](std::string line) {
    c.comparer.feed(next_line(golden), std::move(line));
  });
  simulate(sc, opts, sink);
  for (auto e = next_line(golden); e; e = next_line(golden)) c.comparer.feed(e, std::nullopt);
  return c;
}

trace_comparison compare_trace_files(const std::string& expected, const std::string& actual) {
  trace_comparison c;
  std::ifstream a(expected, std::ios::binary), b(actual, std::ios::binary);
  for (auto [stream, path] : {std::pair{&a, &expected}, std::pair{&b, &actual}})
    if (!*stream) {
      c.error = cannot_read(*path);
      return c;
    }
  c.format = format_of(a, expected);
  c.comparer = trace_comparer(c.format);
  for (;;) {
    auto ea = next_line(a), eb = next_line(b);
    if (!ea && !eb) break;
    c.comparer.feed(ea, eb);
  }
  return c;
}

std::string reproduce_command(const std::string& scenario_path, const scenario& sc,
                              const run_options& opts, trace_format f,
                              const std::string& golden_path) {
  std::string cmd =
      "hotdog run " + scenario_path + " --seed " + std::to_string(opts.seed.value_or(sc.seed));
  if (opts.until) cmd += " --until " + std::to_string(*opts.until);
  if (opts.max_events != run_options{}.max_events)
    cmd += " --max-events " + std::to_string(opts.max_events);
  cmd += std::string(" --format ") + (f == trace_format::jsonl ? "jsonl" : "text");
  return cmd + " --expect " + golden_path;
}

std::string accept_command(const std::string& scenario_path, const std::string& golden_path) {
  return "hotdog run " + scenario_path + " --update " + golden_path;
}

}  // namespace hotdog::sim
