// libFuzzer target: the readers of sweep JSONL (merge of shards, and the per-point aggregates
// as CSV, text and HTML) never crash, hang or leak, whatever the bytes. The input is one or
// more shards separated by form feeds ('\f'). A merge that succeeds writes each non-empty
// line once, and merging its own output again gives the same bytes.
#include "hotdog/sim/sweep/sweep.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::vector<std::string> split_shards(std::string_view text) {
  std::vector<std::string> shards;
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = text.find('\f', from);
    shards.emplace_back(text.substr(from, at == std::string_view::npos ? at : at - from));
    if (at == std::string_view::npos) return shards;
    from = at + 1;
  }
}

std::size_t lines_in(const std::string& text) {
  std::size_t n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) ++n;
  return n;
}

void aggregate_every_format(const std::string& text) {
  for (const char* format : {"csv", "text", "html"}) {
    std::istringstream in(text);
    std::ostringstream out;
    (void)hotdog::sim::aggregate_sweep(in, format, "fuzz", out);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto shards = split_shards(text);
  std::vector<std::istringstream> streams(shards.begin(), shards.end());
  std::vector<std::istream*> inputs;
  for (auto& s : streams) inputs.push_back(&s);
  std::ostringstream merged;
  const auto error = hotdog::sim::merge_sweeps(inputs, merged);
  if (!error) {
    std::size_t expected = 0;
    for (const auto& s : shards) expected += lines_in(s);
    if (lines_in(merged.str()) != expected) std::abort();
    std::istringstream again_in(merged.str());
    std::ostringstream again;
    if (hotdog::sim::merge_sweeps({&again_in}, again) || again.str() != merged.str()) std::abort();
    aggregate_every_format(merged.str());
  } else if (error->empty()) {
    std::abort();
  }
  // The aggregates read any JSONL, merged or not.
  aggregate_every_format(std::string(text));
  return 0;
}
