#include "sweep_shard.hpp"

#include "sweep_line.hpp"

#include <nlohmann/json.hpp>

namespace hotdog::sim::detail {

namespace {

using ojson = nlohmann::ordered_json;
constexpr const char* header_key = "hotdog_sweep_shard";

}  // namespace

std::string digest(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = hex[h & 15];
  return out;
}

std::string shard_header(std::string_view scenario_text, std::string_view title,
                         const sweep_options& opts, std::uint64_t mine, std::uint64_t total) {
  ojson made;
  made["scenario"] = "fnv1a64:" + digest(scenario_text);
  made["sets"] = ojson::array();
  for (const auto& s : opts.set_texts) made["sets"].push_back(s);
  made["zip"] = opts.zip;
  made["seeds"] = std::to_string(opts.first_seed) + ".." + std::to_string(opts.last_seed);
  made["until"] = opts.run.until ? ojson(*opts.run.until) : ojson(nullptr);
  made["max_events"] = opts.run.max_events;
  ojson h;
  h[header_key] = {{"made_from", made},
                   {"title", std::string(title)},
                   {"shard", std::to_string(opts.shard) + "/" + std::to_string(opts.shards)},
                   {"runs", mine},
                   {"total", total}};
  // --set texts and the title may hold any bytes: shown as replacement characters rather than
  // refused.
  return h.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::optional<shard_info> parse_shard_header(const std::string& line) {
  if (!nesting_within(line, max_line_depth) || has_nul(line)) return std::nullopt;
  ojson j;
  try {
    j = ojson::parse(line);
    if (!j.is_object() || !j.contains(header_key)) return std::nullopt;
    const ojson& h = j[header_key];
    shard_info info;
    info.made_from = h.at("made_from").dump();
    if (h.contains("title")) info.title = h.at("title").get<std::string>();
    const std::string share = h.at("shard").get<std::string>();
    const std::size_t slash = share.find('/');
    if (slash == std::string::npos) return std::nullopt;
    info.shard = std::stoull(share.substr(0, slash));
    info.shards = std::stoull(share.substr(slash + 1));
    info.runs = h.at("runs").get<std::uint64_t>();
    info.total = h.at("total").get<std::uint64_t>();
    if (info.shard < 1 || info.shard > info.shards) return std::nullopt;
    return info;
  } catch (const std::exception&) {  // json's, and stoull's
    return std::nullopt;
  }
}

std::string made_from_difference(const std::string& a, const std::string& b) {
  const ojson x = ojson::parse(a), y = ojson::parse(b);
  std::string out;
  for (const auto& [key, words] :
       {std::pair{"scenario", "the scenario (its digest)"}, std::pair{"sets", "the --set options"},
        std::pair{"zip", "--zip"}, std::pair{"seeds", "--seeds"}, std::pair{"until", "--until"},
        std::pair{"max_events", "--max-events"}})
    if (x.value(key, ojson()) != y.value(key, ojson()))
      out += std::string(out.empty() ? "" : ", ") + words + " (" + x.value(key, ojson()).dump() +
             " against " + y.value(key, ojson()).dump() + ")";
  return out.empty() ? "what they were made from" : out;
}

}  // namespace hotdog::sim::detail
