// explore-merge: the JSON of explore's shards put back together, refusing shards that do not
// belong together (each shard says what it was made from, see exploration_json).
#include "hotdog/sim/explore/explore.hpp"

#include "grouping.hpp"

#include <nlohmann/json.hpp>

#include <iterator>
#include <map>
#include <stdexcept>

namespace hotdog::sim {

namespace {

using json = nlohmann::ordered_json;

// What a shard was made from: shards merge only when all of this is the same.
struct made_from {
  std::string scenario, digest;
  std::vector<std::string> sets;
  std::string strategy;
  std::uint32_t depth = 0;
  std::uint64_t max_events = 0, schedules = 0, shards = 0;
};

// The shard's fields, or why it is not a shard this hotdog writes.
result<exploration> read_header(const json& j) {
  const char* const wanted[] = {"digest",    "sets",  "strategy", "depth",  "max_events",
                                "schedules", "shard", "runs",     "classes"};
  if (!j.is_object()) return failure("not the JSON of hotdog explore --format json");
  for (const char* key : wanted)
    if (!j.contains(key))
      return failure(std::string("it has no \"") + key +
                     "\": not the JSON of hotdog explore --format json (or of an older one: "
                     "explore it again)");
  exploration e;
  try {
    if (j.contains("scenario")) e.scenario = j["scenario"].get<std::string>();
    e.digest = j["digest"].get<std::string>();
    e.sets = j["sets"].get<std::vector<std::string>>();
    e.strategy = j["strategy"].get<std::string>();
    e.depth = j["depth"].get<std::uint32_t>();
    e.max_events = j["max_events"].get<std::uint64_t>();
    e.schedules = j["schedules"].get<std::uint64_t>();
    e.runs = j["runs"].get<std::uint64_t>();
    const auto shard = j["shard"].get<std::string>();
    const auto slash = shard.find('/');
    if (slash == std::string::npos) throw std::invalid_argument(shard);
    e.shard = std::stoull(shard.substr(0, slash));
    e.shards = std::stoull(shard.substr(slash + 1));
    if (!j["classes"].is_array()) throw std::invalid_argument("classes");
  } catch (const std::exception&) {
    return failure("a field has the wrong type: not the JSON of hotdog explore --format json");
  }
  const auto mine = shard_runs(e.schedules, e.shard, e.shards);
  if (!mine) return failure(mine.error().message());
  if (*mine != e.runs)
    return failure("shard " + std::to_string(e.shard) + "/" + std::to_string(e.shards) + " of " +
                   std::to_string(e.schedules) + " schedules makes " + std::to_string(*mine) +
                   " runs, but it says " + std::to_string(e.runs));
  return e;
}

// Why shard `e` does not belong with the first one read (`first`), or nothing.
std::optional<std::string> mismatch(const exploration& first, const exploration& e) {
  if (e.scenario != first.scenario)
    return "the inputs explored different scenarios: \"" + first.scenario + "\" and \"" +
           e.scenario + "\"";
  if (e.digest != first.digest)
    return "the inputs explored different scenario files (their digests differ): explore the "
           "same file in every shard";
  if (e.sets != first.sets) return "the inputs were explored with different --set values";
  if (e.strategy != first.strategy || e.depth != first.depth)
    return "the inputs were explored with different --strategy or --depth";
  if (e.max_events != first.max_events)
    return "the inputs were explored with different --max-events";
  if (e.schedules != first.schedules)
    return "the inputs explored different --runs: " + std::to_string(first.schedules) + " and " +
           std::to_string(e.schedules);
  if (e.shards != first.shards)
    return "the inputs are shards of different splits: K/" + std::to_string(first.shards) +
           " and K/" + std::to_string(e.shards);
  return std::nullopt;
}

outcome_class read_class(const json& k) {
  outcome_class c;
  c.end = k.at("end").get<std::string>();
  c.failed = k.at("failed").get<std::vector<std::string>>();
  for (const auto& [name, msgs] : k.at("logs").items())
    c.logs.emplace_back(name, msgs.get<std::vector<std::string>>());
  if (k.contains("logs_cut"))
    for (const auto& [name, n] : k.at("logs_cut").items())
      c.logs_cut.emplace_back(name, n.get<std::uint64_t>());
  c.digest = k.at("digest").get<std::string>();
  c.count = k.at("count").get<std::uint64_t>();
  c.schedule = k.at("schedule").get<std::uint64_t>();
  c.expected = k.at("expected").get<bool>();
  return c;
}

// How deep a shard's JSON may nest: explore writes far fewer levels.
constexpr int max_input_depth = 64;
struct nested_too_deep {};

}  // namespace

result<exploration> merge_explorations(
    const std::vector<exploration_input>& inputs,
    const std::function<std::optional<std::string>(const std::string&)>& replay_prefix_of) {
  detail::grouping g;
  exploration e;
  std::map<std::uint64_t, std::string> file_of;  // the shards read, and the file of each
  for (const auto& input : inputs) {
    const auto refuse = [&](const std::string& why) { return failure(input.name + ": " + why); };
    // Read whole first: nlohmann_json takes a NUL byte for the end of its input, so a file
    // "{...}\0junk" would pass for "{...}"; no JSON text holds a raw NUL.
    const std::string text{std::istreambuf_iterator<char>(*input.in), {}};
    if (const auto nul = text.find('\0'); nul != std::string::npos)
      return refuse("a NUL byte at byte " + std::to_string(nul + 1) +
                    ": not the JSON of hotdog explore --format json");
    json j;
    try {
      // explore writes a few levels; a file nested deeper is refused while it is read, before
      // a value that deep is built (one 300,000 levels deep overflowed the stack).
      j = json::parse(text, [](int depth, json::parse_event_t, json&) {
        if (depth > max_input_depth) throw nested_too_deep{};
        return true;
      });
    } catch (const nested_too_deep&) {
      return refuse("nested more than " + std::to_string(max_input_depth) +
                    " levels deep, deeper than hotdog explore writes");
    } catch (const json::exception&) {
      return refuse("not the JSON of hotdog explore --format json (or cut short)");
    }
    auto header = read_header(j);
    if (!header) return refuse(header.error().message());
    if (file_of.empty()) {
      e = std::move(*header);
      e.runs = 0;
    } else if (const auto why = mismatch(e, *header)) {
      return failure(*why + ": " + file_of.begin()->second + " and " + input.name);
    }
    if (const auto [it, fresh] = file_of.emplace(header->shard, input.name); !fresh)
      return failure(it->second + " and " + input.name + " are the same shard " +
                     std::to_string(header->shard) + "/" + std::to_string(header->shards) +
                     ": give each shard once");
    std::uint64_t counted = 0;
    try {
      for (const auto& k : j["classes"]) {
        outcome_class c = read_class(k);
        const auto schedule_ok = c.schedule >= 1 && c.schedule <= e.schedules &&
                                 (c.schedule - 1) % e.shards == header->shard - 1;
        auto prefix = replay_prefix_of(k.at("replay").get<std::string>());
        if (!prefix || !schedule_ok || c.count == 0 || c.count > header->runs - counted)
          return refuse("a class in it is not one hotdog explore writes");
        counted += c.count;
        e.replay_prefix = std::move(*prefix);
        g.add(std::move(c));
      }
    } catch (const json::exception&) {
      return refuse("a class in it is not one hotdog explore writes");
    }
    if (counted != header->runs)
      return refuse("its classes count " + std::to_string(counted) + " of its " +
                    std::to_string(header->runs) + " runs: cut short or edited");
    e.runs += header->runs;
  }
  // All M shards, or the merge is not what one unsharded exploration finds.
  if (file_of.size() != e.shards) {
    std::uint64_t missing = 1;
    while (file_of.count(missing)) ++missing;
    return failure("shard " + std::to_string(missing) + "/" + std::to_string(e.shards) +
                   " is missing (" + std::to_string(file_of.size()) + " of " +
                   std::to_string(e.shards) + " given): merge every shard");
  }
  e.shard = e.shards = 1;
  e.classes = g.take();
  return e;
}

}  // namespace hotdog::sim
