// libFuzzer target: the trace reader behind `hotdog diff` never crashes, hangs or leaks.
// The input is two traces split at the first NUL byte (expected, then actual; with no NUL,
// actual is empty); each is fed a line at a time, as compare_trace_files does, then the
// report is written with and without colour, and field_differences is asked about the first
// lines in both formats.
#include "hotdog/sim/trace/trace_diff.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace {

std::optional<std::string> next_line(std::istringstream& in) {
  std::string line;
  if (std::getline(in, line)) return line;
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotdog::sim;
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const auto nul = all.find('\0');
  const std::string expected(all.substr(0, nul));
  const std::string actual(nul == std::string_view::npos ? std::string_view{}
                                                         : all.substr(nul + 1));

  std::istringstream a(expected), b(actual);
  const std::string first_expected = expected.substr(0, expected.find('\n'));
  const std::string first_actual = actual.substr(0, actual.find('\n'));

  for (auto f : {trace_format::text, trace_format::jsonl})
    (void)trace_comparer(f).field_differences(first_expected, first_actual);

  trace_comparer comparer(detect_format("fuzz.trace", first_expected));
  for (;;) {
    auto ea = next_line(a), eb = next_line(b);
    if (!ea && !eb) break;
    comparer.feed(ea, eb);
  }
  for (bool color : {false, true}) {
    std::ostringstream out;
    comparer.report(out, "expected", "actual", color);
  }
  return 0;
}
