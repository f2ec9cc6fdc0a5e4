// Golden traces are approval tests: every scenario has NAME.golden.txt and NAME.golden.jsonl
// beside it, and a run must reproduce both byte for byte (twice in one process).
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/trace/trace_diff.hpp>
#include <hotdog/sim/trace/trace_writer.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hotdog;
using namespace hotdog::sim;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trace(const scenario& sc, trace_format f) {
  std::ostringstream out, summary;
  const std::size_t width = process_width(sc);
  if (f == trace_format::jsonl) {
    jsonl_writer w(out);
    simulate(sc, {}, w);
  } else {
    text_writer w(out, width, false, summary);
    simulate(sc, {}, w);
  }
  return out.str();
}

bool is_scenario(const fs::path& p) { return p.extension() == ".json"; }

}  // namespace

TEST_CASE("every scenario reproduces its golden traces, twice in one process", "[golden]") {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(HOTDOG_SCENARIO_DIR)) {
    if (!is_scenario(entry.path())) continue;
    const fs::path base = entry.path().parent_path() / entry.path().stem();
    auto r = load_scenario_file(entry.path().string());
    REQUIRE(r.has_value());
    for (auto [ext, f] : {std::pair{".golden.txt", trace_format::text},
                          std::pair{".golden.jsonl", trace_format::jsonl}}) {
      const fs::path golden = base.string() + ext;
      INFO(golden.string() << " (refresh with scripts/update-goldens if the change is meant)");
      REQUIRE(fs::exists(golden));
      const std::string expected = read_file(golden);
      const std::string first = trace(*r, f);
      CHECK(first == expected);
      CHECK(trace(*r, f) == first);
      ++checked;
    }
  }
  CHECK(checked >= 30);
}

TEST_CASE("every golden trace has its scenario", "[golden]") {
  for (const auto& entry : fs::directory_iterator(HOTDOG_SCENARIO_DIR)) {
    const std::string name = entry.path().filename().string();
    for (const std::string ext : {".golden.txt", ".golden.jsonl"}) {
      if (name.size() <= ext.size() || name.compare(name.size() - ext.size(), ext.size(), ext) != 0)
        continue;
      const fs::path scenario =
          entry.path().parent_path() / (name.substr(0, name.size() - ext.size()) + ".json");
      INFO(name << " has no scenario: delete it");
      CHECK(fs::exists(scenario));
    }
  }
}

TEST_CASE("the trace comparer finds the first difference and counts the rest", "[golden][diff]") {
  trace_comparer cmp(trace_format::jsonl, 2);
  auto feed = [&](const char* a, const char* b) {
    cmp.feed(a ? std::optional<std::string>(a) : std::nullopt,
             b ? std::optional<std::string>(b) : std::nullopt);
  };
  feed(R"({"seq":1,"ev":"start"})", R"({"seq":1,"ev":"start"})");
  feed(R"({"seq":2,"ev":"put","value":"a","ok":true})",
       R"({"seq":2,"ev":"put","value":"b","ok":true})");
  feed(R"({"seq":3,"ev":"exit"})", R"({"seq":3,"ev":"exit"})");
  feed(R"({"seq":4,"ev":"end"})", nullptr);
  CHECK_FALSE(cmp.equal());
  CHECK(cmp.differences() == 2);
  CHECK(cmp.expected_lines() == 4);
  CHECK(cmp.actual_lines() == 3);
  std::ostringstream out;
  cmp.report(out, "golden", "actual", false);
  CHECK_THAT(out.str(), Catch::Contains("the traces differ at event 2") &&
                            Catch::Contains("differs: value: \"a\" -> \"b\"") &&
                            Catch::Contains("1 more event differ"));
  CHECK(cmp.field_differences(R"({"a":1,"b":2})", R"({"a":1,"c":2})") ==
        std::vector<std::string>{"b: 2 -> (absent)", "c: (absent) -> 2"});
  trace_comparer text(trace_format::text);
  CHECK(text.field_differences("      0.000s  p  put      chan=\"c\" value=\"hot dog\" ok=true",
                               "      0.010s  p  put      chan=\"c\" value=\"hot dogs\" ok=true") ==
        std::vector<std::string>{"t: 0.000s -> 0.010s", "value: \"hot dog\" -> \"hot dogs\""});
  trace_comparer same(trace_format::text);
  same.feed("x", "x");
  CHECK(same.equal());
  CHECK(detect_format("a.txt", "{\"seq\":1}") == trace_format::jsonl);
  CHECK(detect_format("a.jsonl", "") == trace_format::jsonl);
  CHECK(detect_format("a.txt", "  0.000s") == trace_format::text);
}
