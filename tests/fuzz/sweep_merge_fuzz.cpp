// libFuzzer target: the readers of sweep JSONL (merge of shards, and the per-point aggregates
// as CSV, text and HTML) never crash, hang or leak, whatever the bytes. The input is one or
// more shards separated by form feeds ('\f'). A merge that succeeds writes every run once.
#include "hotdog/sim/sweep/sweep.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

// The sweep readers' API changes with shard headers (merge.hpp, sweep_writer.hpp); until both
// sides are on one branch, this target builds against either.
#if __has_include("hotdog/sim/sweep/merge.hpp")
#include "hotdog/sim/sweep/merge.hpp"
#include "hotdog/sim/sweep/sweep_writer.hpp"
#define HOTDOG_FUZZ_SHARD_HEADERS 1
#endif

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

#ifdef HOTDOG_FUZZ_SHARD_HEADERS

// Merges; on success the lines handed out are as many as the report's runs.
std::optional<std::string> merge(const std::vector<std::string>& shards, std::string& merged) {
  std::vector<std::istringstream> streams(shards.begin(), shards.end());
  std::vector<hotdog::sim::shard_input> inputs;
  for (std::size_t i = 0; i < streams.size(); ++i)
    inputs.push_back({&streams[i], "shard-" + std::to_string(i + 1)});
  hotdog::sim::merge_report report;
  auto error = hotdog::sim::merge_sweeps(
      inputs,
      [&](const std::string& line) -> std::optional<std::string> {
        merged += line;
        merged += '\n';
        return std::nullopt;
      },
      report);
  if (!error && lines_in(merged) != report.runs) std::abort();
  return error;
}

void write_every_format(const std::string& text) {
  for (const auto& format : hotdog::sim::sweep_formats()) {
    std::ostringstream out;
    auto writer = hotdog::sim::make_sweep_writer(format, "fuzz", out);
    std::istringstream in(text);
    bool ok = true;
    for (std::string line; ok && std::getline(in, line);)
      if (!line.empty()) ok = !writer->add(line);
    if (ok) writer->finish();
  }
}

#else

// Merges; on success every non-empty line comes out once, and merging that again changes
// nothing.
std::optional<std::string> merge(const std::vector<std::string>& shards, std::string& merged) {
  std::vector<std::istringstream> streams(shards.begin(), shards.end());
  std::vector<std::istream*> inputs;
  for (auto& s : streams) inputs.push_back(&s);
  std::ostringstream out;
  auto error = hotdog::sim::merge_sweeps(inputs, out);
  merged = out.str();
  if (!error) {
    std::size_t expected = 0;
    for (const auto& s : shards) expected += lines_in(s);
    if (lines_in(merged) != expected) std::abort();
    std::istringstream again_in(merged);
    std::ostringstream again;
    if (hotdog::sim::merge_sweeps({&again_in}, again) || again.str() != merged) std::abort();
  }
  return error;
}

void write_every_format(const std::string& text) {
  for (const char* format : {"csv", "text", "html"}) {
    std::istringstream in(text);
    std::ostringstream out;
    (void)hotdog::sim::aggregate_sweep(in, format, "fuzz", out);
  }
}

#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string merged;
  const auto error = merge(split_shards(text), merged);
  if (error && error->empty()) std::abort();
  if (!error) write_every_format(merged);
  // The writers read any JSONL, merged or not.
  write_every_format(std::string(text));
  return 0;
}
