#include "hotdog/sim/sweep/merge.hpp"

#include "hotdog/parse_whole.hpp"
#include "hotdog/sim/text/printable.hpp"
#include "sweep_line.hpp"
#include "sweep_shard.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <queue>
#include <vector>

namespace hotdog::sim {

namespace {

// The run number at the end of a sweep line: ...,"run":N}
std::optional<std::uint64_t> run_of(const std::string& line) {
  const std::size_t at = line.rfind(",\"run\":");
  if (at == std::string::npos || line.empty() || line.back() != '}') return std::nullopt;
  return parse_whole(std::string_view(line).substr(at + 7, line.size() - at - 8));
}

bool ended_unexpectedly(const std::string& line) {
  const std::size_t at = line.rfind(",\"run\":");
  static constexpr std::string_view flag = ",\"expected\":false";
  return at >= flag.size() && std::string_view(line).substr(at - flag.size(), flag.size()) == flag;
}

// Every shard's header, checked against the others: one sweep, each share once, all there.
std::optional<std::string> read_headers(const std::vector<shard_input>& inputs,
                                        std::vector<detail::shard_info>& infos,
                                        std::uint64_t& bytes) {
  std::map<std::uint64_t, std::string> seen;  // share -> the file that holds it (M may be huge)
  for (const auto& input : inputs) {
    std::string first;
    std::getline(*input.in, first);
    bytes += first.size() + 1;
    auto info = detail::parse_shard_header(first);
    if (!info)
      return printable(input.name) +
             " is not a sweep shard: its first line is not the header `hotdog sweep --shard K/M` "
             "writes (only shards merge; an unsharded sweep is already whole)";
    if (!infos.empty()) {
      const auto& a = infos.front();
      if (info->made_from != a.made_from)
        return printable(input.name) + " and " + printable(inputs.front().name) +
               " are shards of different sweeps: " +
               detail::made_from_difference(info->made_from, a.made_from);
      if (info->shards != a.shards || info->total != a.total)
        return printable(input.name) + " is a share of " + std::to_string(info->shards) + ", " +
               printable(inputs.front().name) + " of " + std::to_string(a.shards);
    }
    std::string& holder = seen[info->shard];
    if (!holder.empty())
      return "shard " + std::to_string(info->shard) + "/" + std::to_string(info->shards) +
             " is given twice: " + printable(holder) + " and " + printable(input.name);
    holder = input.name;
    infos.push_back(*info);
  }
  const std::uint64_t shards = infos.front().shards;
  if (seen.size() != shards) {
    std::uint64_t k = 1;
    while (seen.count(k)) ++k;
    return "shard " + std::to_string(k) + "/" + std::to_string(shards) +
           " is missing (every shard of the sweep must be merged)";
  }
  return std::nullopt;
}

// True when the line's top-level object names a key twice: a JSON reader keeps the last, so a
// second "point" or "seed" after the ones checked would move the run to another point.
bool repeats_top_level_key(const std::string& line) {
  struct keys_seen : nlohmann::json_sax<nlohmann::json> {
    int depth = 0;
    std::vector<std::string> seen;
    bool repeated = false;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return ++depth, true; }
    bool end_object() override { return --depth, true; }
    bool start_array(std::size_t) override { return ++depth, true; }
    bool end_array() override { return --depth, true; }
    bool key(string_t& k) override {
      if (depth != 1) return true;
      if (std::find(seen.begin(), seen.end(), k) != seen.end()) return !(repeated = true);
      seen.push_back(k);
      return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
      return false;  // a line that is not JSON is refused by the reader of lines, as before
    }
  } sax;
  nlohmann::json::sax_parse(line, &sax);
  return sax.repeated;
}

// The sweep a header was made from, as far as its lines' points and seeds go: its --set
// axes, --zip and --seeds. Nothing when the header does not hold them as a sweep writes them.
std::optional<sweep_options> points_of(const std::string& made_from) {
  const auto j = nlohmann::json::parse(made_from, nullptr, false);
  if (!j.is_object() || !j.contains("sets") || !j["sets"].is_array() || !j.contains("zip") ||
      !j["zip"].is_boolean() || !j.contains("seeds") || !j["seeds"].is_string())
    return std::nullopt;
  sweep_options o;
  o.zip = j["zip"].get<bool>();
  for (const auto& text : j["sets"]) {
    if (!text.is_string()) return std::nullopt;
    auto axis = parse_sweep_setting(text.get<std::string>());
    if (!axis) return std::nullopt;
    if (axis->values.size() == 1) continue;  // the same in every run: not in the point
    o.axes.push_back(std::move(*axis));
  }
  auto seeds = parse_seed_range(j["seeds"].get<std::string>());
  if (!seeds || !count_points(o)) return std::nullopt;
  o.first_seed = seeds->first;
  o.last_seed = seeds->second;
  return o;
}

}  // namespace

std::optional<std::string> merge_sweeps(
    const std::vector<shard_input>& inputs,
    const std::function<std::optional<std::string>(const std::string&)>& line, merge_report& report,
    const progress_fn& progress) {
  if (inputs.empty()) return "no shards to merge";
  std::uint64_t bytes = 0;
  std::vector<detail::shard_info> infos;
  if (auto err = read_headers(inputs, infos, bytes)) return err;
  // Each line's point and seed must be its run number's: an edited line would otherwise be
  // averaged into the wrong point without a word.
  const auto sweep = points_of(infos.front().made_from);
  if (!sweep)
    return printable(inputs.front().name) +
           ": its header's --set or --seeds cannot be read as a sweep writes them";
  // Shard 1's title, whatever order the shards are given in: the same page every time.
  for (const auto& info : infos)
    if (info.shard == 1) report.title = info.title;
  std::vector<std::uint64_t> counts(inputs.size());
  // Each shard's lines are in run order: a k-way merge by run number.
  struct head {
    std::uint64_t run;
    std::size_t input;
    std::string line;
    bool operator>(const head& o) const { return run > o.run; }
  };
  std::priority_queue<head, std::vector<head>, std::greater<>> heap;
  auto pull = [&](std::size_t i) -> std::optional<std::string> {
    std::string text;
    while (std::getline(*inputs[i].in, text)) {
      bytes += text.size() + 1;
      if (progress) progress(bytes, 0);
      if (text.empty()) continue;
      auto n = run_of(text);
      if (!n) return printable(inputs[i].name) + ": " + detail::not_a_sweep_line(text);
      if (++counts[i] > infos[i].runs)
        return printable(inputs[i].name) + " holds more runs than its header's " +
               std::to_string(infos[i].runs);
      heap.push({*n, i, std::move(text)});
      return std::nullopt;
    }
    if (counts[i] < infos[i].runs)
      return printable(inputs[i].name) + " is cut short: its header says " +
             std::to_string(infos[i].runs) + " runs, it holds " + std::to_string(counts[i]);
    return std::nullopt;
  };
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (auto err = pull(i)) return err;
  std::uint64_t expected = 0;
  while (!heap.empty()) {
    head h = heap.top();
    heap.pop();
    if (h.run < expected) return "run " + std::to_string(h.run) + " appears twice";
    if (h.run > expected) return "run " + std::to_string(expected) + " is missing";
    if (const std::string start = run_line_start(*sweep, h.run);
        !h.line.starts_with(start) || repeats_top_level_key(h.line))
      return printable(inputs[h.input].name) + ": run " + std::to_string(h.run) +
             " does not begin " + printable(start) +
             " and name each key once (its point and seed, by its run number): it was not "
             "written by this sweep";
    ++expected;
    ++report.runs;
    if (ended_unexpectedly(h.line)) ++report.unexpected;
    if (auto err = line(h.line)) return err;
    if (auto err = pull(h.input)) return err;
  }
  if (expected != infos.front().total) return "run " + std::to_string(expected) + " is missing";
  return std::nullopt;
}

}  // namespace hotdog::sim
