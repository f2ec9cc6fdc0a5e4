#include "hotdog/sim/run/golden.hpp"

#include "hotdog/sim/trace/trace_writer.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
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
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return "cannot read " + path + ": it is a folder, not a trace file";
  return "cannot read " + path + ": " + std::strerror(errno);
}

// The longest line a trace may hold: far beyond any event's (a value's text is bounded by
// the work limit), so a file with no line breaks (/dev/zero) is refused, not read for ever.
constexpr std::size_t max_line_bytes = std::size_t{64} << 20;

// Reads lines without their '\n' or "\r\n", noting which line endings it saw; a line longer
// than max_line_bytes ends the reading with too_long set.
struct line_reader {
  std::istream& in;
  bool crlf = false;
  bool lf = false;
  bool too_long = false;
  std::optional<std::string> next() {
    std::string line;
    if (too_long || !bounded_getline(in, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
      crlf = true;
    } else if (!in.eof()) {
      lf = true;
    }
    return line;
  }
  // std::getline, but giving up past max_line_bytes.
  bool bounded_getline(std::istream& stream, std::string& line) {
    std::streambuf* buf = stream.rdbuf();
    bool any = false;
    for (;;) {
      const int c = buf->sbumpc();
      if (c == std::char_traits<char>::eof()) {
        stream.setstate(any ? std::ios::eofbit : std::ios::eofbit | std::ios::failbit);
        return any;
      }
      any = true;
      if (c == '\n') return true;
      line.push_back(static_cast<char>(c));
      if (line.size() > max_line_bytes) {
        too_long = true;
        stream.setstate(std::ios::failbit);
        return false;
      }
    }
  }
};

// What a comparison says when a file's line is too long to be a trace's.
std::string too_long_error(const std::string& path) {
  return "cannot compare " + path + ": it has a line longer than " +
         std::to_string(max_line_bytes >> 20) + " MiB, so it is not a trace";
}

std::string describe_endings(const line_reader& r) {
  return r.crlf && r.lf ? "both CRLF and LF" : r.crlf ? "CRLF (Windows)" : "LF";
}

// The comparison's line_endings note when the two traces end their lines differently.
std::string line_endings_note(const line_reader& expected, const line_reader& actual,
                              const std::string& expected_name, const std::string& actual_name) {
  if (expected.crlf == actual.crlf && expected.lf == actual.lf) return {};
  if (!expected.crlf && !expected.lf) return {};  // empty, or one line without an ending
  if (!actual.crlf && !actual.lf) return {};
  return "line endings differ: " + expected_name + " has " + describe_endings(expected) +
         " line endings, " + actual_name + " has " + describe_endings(actual);
}

const char* format_name(trace_format f) { return f == trace_format::jsonl ? "JSONL" : "text"; }

// The format of the trace `in` holds, which is left at its start.
trace_format format_of(std::istream& in, const std::string& path) {
  line_reader reader{in};
  const std::string first = reader.next().value_or("");
  in.clear();
  in.seekg(0);
  return detect_format(path, first);
}

}  // namespace

trace_comparison compare_with_golden(const scenario& sc, const run_options& opts,
                                     const std::string& golden_path) {
  trace_comparison c;
  std::ifstream golden(golden_path, std::ios::binary);
  std::error_code ec;
  if (!golden || std::filesystem::is_directory(golden_path, ec)) {
    c.error = cannot_read(golden_path);
    return c;
  }
  c.format = format_of(golden, golden_path);
  c.comparer = trace_comparer(c.format);
  std::ostringstream ignored_summary;
  line_reader expected{golden};
  line_reader actual{golden};  // stands for the run's lines, which end in LF
  actual.lf = true;
  line_splitter sink(c.format, process_width(sc), ignored_summary,
                     [&](std::string line) { c.comparer.feed(expected.next(), std::move(line)); });
  simulate(sc, opts, sink);
  for (auto e = expected.next(); e; e = expected.next()) c.comparer.feed(e, std::nullopt);
  if (expected.too_long) c.error = too_long_error(golden_path);
  c.line_endings = line_endings_note(expected, actual, golden_path, "this run");
  return c;
}

trace_comparison compare_trace_files(const std::string& expected, const std::string& actual) {
  trace_comparison c;
  std::ifstream a(expected, std::ios::binary), b(actual, std::ios::binary);
  for (auto [stream, path] : {std::pair{&a, &expected}, std::pair{&b, &actual}}) {
    std::error_code ec;
    if (!*stream || std::filesystem::is_directory(*path, ec)) {
      c.error = cannot_read(*path);
      return c;
    }
  }
  c.format = format_of(a, expected);
  const trace_format other = format_of(b, actual);
  const bool both_have_lines =
      a.peek() != std::char_traits<char>::eof() && b.peek() != std::char_traits<char>::eof();
  a.clear();
  b.clear();
  if (both_have_lines && other != c.format) {
    c.error = "the formats differ: " + expected + " is a " + format_name(c.format) + " trace, " +
              actual + " a " + format_name(other) +
              " trace; compare traces of one format (hotdog run --format)";
    return c;
  }
  c.comparer = trace_comparer(c.format);
  line_reader ra{a}, rb{b};
  for (;;) {
    auto ea = ra.next(), eb = rb.next();
    if ((!ea && !eb) || ra.too_long || rb.too_long) break;
    c.comparer.feed(ea, eb);
  }
  if (ra.too_long || rb.too_long) c.error = too_long_error(ra.too_long ? expected : actual);
  c.line_endings = line_endings_note(ra, rb, expected, actual);
  return c;
}

}  // namespace hotdog::sim
