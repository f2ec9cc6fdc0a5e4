#include "hotdog/sim/explore/explore.hpp"

#include "hotdog/sim/run/expectation.hpp"
#include "hotdog/sim/events/payloads.hpp"
#include "hotdog/sim/run/in_order.hpp"
#include "hotdog/sim/text/plural.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace hotdog::sim {

namespace {

using json = nlohmann::ordered_json;

// Records what classifies a run: every process's log messages and the expect_failed whats.
class outcome_recorder final : public observer {
 public:
  explicit outcome_recorder(const scenario& sc) {
    for (const auto& p : sc.processes) logs_.emplace_back(p.name, std::vector<std::string>{});
  }
  event_mask wants() const override {
    return events_of({event_kind::log, event_kind::custom, event_kind::end});
  }
  void on_event(const event& e) override {
    if (e.kind == event_kind::log) {
      // Few processes log: a linear search beats a map's allocation here.
      for (auto& [name, msgs] : logs_)
        if (name == e.proc) {
          msgs.emplace_back(e.text);
          break;
        }
    } else if (const auto* failure = payload_of<expect_failed_event>(e)) {
      failed_.emplace_back(failure->what);
    }
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> logs_;
  std::vector<std::string> failed_;
};

// The identity of a class: its outcome as compact JSON.
std::string key_of(const outcome_class& c) {
  json j;
  j["end"] = c.end;
  j["failed"] = c.failed;
  json logs = json::object();
  for (const auto& [name, msgs] : c.logs) logs[name] = msgs;
  j["logs"] = std::move(logs);
  return j.dump();
}

// Adds one run's class (count and first schedule included) to a grouping.
class grouping {
 public:
  void add(outcome_class c) {
    const std::string key = key_of(c);
    const auto it = index_.find(key);
    if (it == index_.end()) {
      index_.emplace(key, classes_.size());
      classes_.push_back(std::move(c));
      return;
    }
    outcome_class& have = classes_[it->second];
    have.count += c.count;
    have.schedule = std::min(have.schedule, c.schedule);
  }
  std::vector<outcome_class> take() {
    std::stable_sort(classes_.begin(), classes_.end(),
                     [](const auto& a, const auto& b) { return a.schedule < b.schedule; });
    return std::move(classes_);
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<outcome_class> classes_;
};

}  // namespace

bool exploration::all_expected() const noexcept {
  return std::all_of(classes.begin(), classes.end(),
                     [](const outcome_class& c) { return c.expected; });
}

outcome_class run_outcome(const scenario& sc, const run_options& opts, const schedule& s) {
  outcome_recorder rec(sc);
  run_options o = opts;
  o.realtime = false;
  o.sched = s;
  const run_result r = simulate(sc, o, rec);
  outcome_class c;
  c.end = std::string(to_string(r.reason));
  c.failed = std::move(rec.failed_);
  for (auto& entry : rec.logs_)
    if (!entry.second.empty()) c.logs.push_back(std::move(entry));
  for (const auto& w : r.deadlock.waiting) {
    std::string line = w.proc + " " + std::string(to_string(w.op));
    for (const auto& ch : w.chans) line += " " + ch;
    c.waiting.push_back(std::move(line));
  }
  c.count = 1;
  c.schedule = s.number;
  c.expected = ended_as_expected(r, sc);
  return c;
}

result<std::uint64_t> shard_runs(std::uint64_t runs, std::uint64_t shard, std::uint64_t shards) {
  if (shard < 1 || shard > shards || shards > runs)
    return failure("--shard " + std::to_string(shard) + "/" + std::to_string(shards) +
                   " does not share out " + count_of(runs, "run", "runs") +
                   ": K/M needs 1 <= K <= M <= the number of runs");
  // The schedules shard, shard + shards, ... up to runs, counted without stepping past runs
  // (which could wrap around).
  return (runs - shard) / shards + 1;
}

exploration explore(const scenario& sc, const explore_options& opts) {
  const auto mine = shard_runs(opts.runs, opts.shard, opts.shards);
  if (!mine) throw std::invalid_argument(mine.error().message());
  // Schedule numbers are made as the runs go, never listed: memory does not grow with runs.
  const auto schedule_of = [&](std::uint64_t i) { return opts.shard + i * opts.shards; };
  grouping g;
  detail::run_in_order(
      *mine, opts.jobs,
      [&](std::size_t i) {
        schedule s;
        s.number = schedule_of(i);
        s.strategy = opts.strategy;
        s.depth = opts.depth;
        return run_outcome(sc, opts.run, s);
      },
      [&](std::size_t i, outcome_class c) {
        g.add(std::move(c));
        if (opts.progress) opts.progress(i + 1, *mine);
      });
  exploration e;
  e.runs = *mine;
  e.classes = g.take();
  return e;
}

std::string exploration_json(const exploration& e, const replay_command& replay) {
  json j;
  if (!e.scenario.empty()) j["scenario"] = e.scenario;
  j["runs"] = e.runs;
  json classes = json::array();
  for (const auto& c : e.classes) {
    json k;
    k["end"] = c.end;
    k["failed"] = c.failed;
    json logs = json::object();
    for (const auto& [name, msgs] : c.logs) logs[name] = msgs;
    k["logs"] = std::move(logs);
    k["count"] = c.count;
    k["schedule"] = c.schedule;
    k["expected"] = c.expected;
    k["replay"] = replay(c.schedule);
    classes.push_back(std::move(k));
  }
  j["classes"] = std::move(classes);
  return j.dump() + "\n";
}

std::string exploration_text(const exploration& e, const std::string& title,
                             const replay_command& replay) {
  std::string out = title + ": " + count_of(e.runs, "run", "runs") + ", " +
                    count_of(e.classes.size(), "outcome", "outcomes") + "\n";
  std::size_t n = 0;
  for (const auto& c : e.classes) {
    ++n;
    std::string failed;
    for (const auto& f : c.failed) failed += (failed.empty() ? "" : ", ") + f;
    const double pct =
        e.runs ? 100.0 * static_cast<double>(c.count) / static_cast<double>(e.runs) : 0.0;
    char share[16];
    std::snprintf(share, sizeof share, "%.1f%%", pct);
    out += "\n" + std::to_string(n) + ". " + (c.expected ? "as expected" : "UNEXPECTED") + ": " +
           c.end + (failed.empty() ? "" : ", broke " + failed) + " — " +
           count_of(c.count, "run", "runs") + " (" + share + "), first under schedule " +
           std::to_string(c.schedule) + "\n";
    for (const auto& [name, msgs] : c.logs) {
      out += "   " + name + " logged:";
      for (const auto& m : msgs) out += " " + json(m).dump();
      out += "\n";
    }
    out += "   replay: " + replay(c.schedule) + "\n";
  }
  return out;
}

result<exploration> merge_explorations(
    std::vector<std::istream*> inputs,
    const std::function<std::optional<std::string>(const std::string&)>& replay_prefix_of) {
  const std::string not_a_class = "a class in the input is not one hotdog explore writes";
  grouping g;
  exploration e;
  for (auto* in : inputs) {
    json j;
    try {
      j = json::parse(*in);
    } catch (const json::exception&) {
      return failure("not the JSON of hotdog explore --format json");
    }
    if (!j.is_object() || !j.contains("runs") || !j["runs"].is_number_unsigned() ||
        !j.contains("classes") || !j["classes"].is_array())
      return failure("not the JSON of hotdog explore --format json");
    if (j.contains("scenario")) {
      if (!j["scenario"].is_string())
        return failure("not the JSON of hotdog explore --format json");
      const auto name = j["scenario"].get<std::string>();
      if (!e.scenario.empty() && name != e.scenario)
        return failure("the inputs explored different scenarios: \"" + e.scenario + "\" and \"" +
                       name + "\"");
      e.scenario = name;
    }
    e.runs += j["runs"].get<std::uint64_t>();
    try {
      for (const auto& k : j["classes"]) {
        outcome_class c;
        c.end = k.at("end").get<std::string>();
        c.failed = k.at("failed").get<std::vector<std::string>>();
        for (const auto& [name, msgs] : k.at("logs").items())
          c.logs.emplace_back(name, msgs.get<std::vector<std::string>>());
        c.count = k.at("count").get<std::uint64_t>();
        c.schedule = k.at("schedule").get<std::uint64_t>();
        c.expected = k.at("expected").get<bool>();
        auto prefix = replay_prefix_of(k.at("replay").get<std::string>());
        if (!prefix) return failure(not_a_class);
        e.replay_prefix = std::move(*prefix);
        g.add(std::move(c));
      }
    } catch (const json::exception&) {
      return failure(not_a_class);
    }
  }
  e.classes = g.take();
  return e;
}

}  // namespace hotdog::sim
