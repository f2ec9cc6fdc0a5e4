// Comparing a run, or a trace file, with a golden trace (`run --expect`, `diff`).
#include <hotdog/sim/run/golden.hpp>

#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace hotdog;
using namespace hotdog::sim;
namespace fs = std::filesystem;

namespace {

const std::string scenarios = HOTDOG_SCENARIO_DIR;

scenario load(const std::string& name) {
  auto r = load_scenario_file(scenarios + "/" + name + ".json");
  REQUIRE(r.has_value());
  return std::move(*r);
}

std::string read(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// A copy of a trace, changed, in a folder removed afterwards.
struct edited_copy {
  fs::path dir, path;
  edited_copy(const std::string& from, const std::string& name, std::size_t drop_line,
              const std::string& replace_with, bool drop_instead = false) {
    dir = fs::temp_directory_path() / ("hotdog-golden-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    path = dir / name;
    auto lines = lines_of(read(from));
    REQUIRE(drop_line < lines.size());
    if (drop_instead)
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(drop_line));
    else
      lines[drop_line] = replace_with;
    std::ofstream out(path, std::ios::binary);
    for (const auto& l : lines) out << l << '\n';
  }
  ~edited_copy() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

}  // namespace

TEST_CASE("a run compared with its own goldens is equal, in either format", "[golden][compare]") {
  const scenario sc = load("echo");
  const auto text = compare_with_golden(sc, {}, scenarios + "/echo.golden.txt");
  CHECK(text.error.empty());
  CHECK(text.format == trace_format::text);
  CHECK(text.equal());
  CHECK(text.comparer.expected_lines() == lines_of(read(scenarios + "/echo.golden.txt")).size());
  CHECK(text.comparer.actual_lines() == text.comparer.expected_lines());

  const auto jsonl = compare_with_golden(sc, {}, scenarios + "/echo.golden.jsonl");
  CHECK(jsonl.format == trace_format::jsonl);
  CHECK(jsonl.equal());
  CHECK(jsonl.comparer.differences() == 0);
}

TEST_CASE("a changed event is one difference, reported with its fields", "[golden][compare]") {
  const scenario sc = load("echo");
  const std::string golden = scenarios + "/echo.golden.jsonl";
  const auto original = lines_of(read(golden));
  REQUIRE(original[3].find("\"ketchup\"") != std::string::npos);
  std::string changed = original[3];
  changed.replace(changed.find("\"ketchup\""), 9, "\"mustard\"");
  edited_copy copy(golden, "echo.golden.jsonl", 3, changed);

  const auto c = compare_with_golden(sc, {}, copy.path.string());
  CHECK(c.error.empty());
  CHECK_FALSE(c.equal());
  CHECK(c.comparer.differences() == 1);
  std::ostringstream report;
  c.comparer.report(report, "golden", "this run", false);
  CHECK(report.str().find("mustard") != std::string::npos);
  CHECK(report.str().find("ketchup") != std::string::npos);
}

TEST_CASE("a golden shorter than the run, or another seed, differs", "[golden][compare]") {
  const scenario sc = load("echo");
  const std::string golden = scenarios + "/echo.golden.txt";
  edited_copy shorter(golden, "echo.golden.txt", lines_of(read(golden)).size() - 1, "", true);
  const auto c = compare_with_golden(sc, {}, shorter.path.string());
  CHECK_FALSE(c.equal());
  CHECK(c.comparer.expected_lines() + 1 == c.comparer.actual_lines());

  const scenario rush = load("morning-rush");
  run_options other;
  other.seed = rush.seed + 1;
  CHECK(compare_with_golden(rush, {}, scenarios + "/morning-rush.golden.jsonl").equal());
  CHECK_FALSE(compare_with_golden(rush, other, scenarios + "/morning-rush.golden.jsonl").equal());
}

TEST_CASE("a golden that cannot be read is an error, not a difference", "[golden][compare]") {
  const auto c = compare_with_golden(load("echo"), {}, scenarios + "/no-such.golden.txt");
  CHECK(c.error == "cannot read " + scenarios + "/no-such.golden.txt: No such file or directory");
  CHECK_FALSE(c.equal());
  CHECK(c.comparer.actual_lines() == 0);  // nothing ran
}

TEST_CASE("two trace files compare line by line in the expected one's format",
          "[golden][compare]") {
  const std::string txt = scenarios + "/echo.golden.txt", jsonl = scenarios + "/echo.golden.jsonl";
  CHECK(compare_trace_files(txt, txt).equal());
  const auto same = compare_trace_files(jsonl, jsonl);
  CHECK(same.equal());
  CHECK(same.format == trace_format::jsonl);
  // A text trace against a JSONL one is no comparison: the formats differ.
  const auto formats = compare_trace_files(txt, jsonl);
  CHECK_FALSE(formats.equal());
  CHECK(formats.error.find("the formats differ") != std::string::npos);

  edited_copy shorter(jsonl, "echo.jsonl", 0, "", true);
  const auto c = compare_trace_files(jsonl, shorter.path.string());
  CHECK_FALSE(c.equal());
  CHECK(c.comparer.expected_lines() == c.comparer.actual_lines() + 1);

  const auto missing = compare_trace_files(txt, scenarios + "/missing.txt");
  CHECK(missing.error == "cannot read " + scenarios + "/missing.txt: No such file or directory");
  CHECK(compare_trace_files(scenarios + "/missing.txt", txt).error ==
        "cannot read " + scenarios + "/missing.txt: No such file or directory");
}

TEST_CASE("line_splitter hands on each line of the trace, without its newline",
          "[golden][compare]") {
  const scenario sc = load("sliding-buffer");
  for (auto [ext, f] : {std::pair{".golden.txt", trace_format::text},
                        std::pair{".golden.jsonl", trace_format::jsonl}}) {
    std::vector<std::string> got;
    std::ostringstream summary;
    line_splitter sink(f, process_width(sc), summary, [&](std::string l) { got.push_back(l); });
    simulate(sc, {}, sink);
    CHECK(got == lines_of(read(scenarios + "/sliding-buffer" + ext)));
    for (const auto& l : got) CHECK(l.find('\n') == std::string::npos);
  }
}
