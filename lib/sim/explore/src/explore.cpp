#include "hotdog/sim/explore/explore.hpp"

#include "digest.hpp"
#include "grouping.hpp"

#include "hotdog/sim/events/payloads.hpp"
#include "hotdog/sim/run/expectation.hpp"
#include "hotdog/sim/run/in_order.hpp"
#include "hotdog/sim/text/plural.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace hotdog::sim {

namespace {

using json = nlohmann::ordered_json;

// Records what classifies a run: a digest of every process's log messages, and a sample of
// them (its first messages, within log_sample_lines and log_sample_bytes), and the
// expect_failed whats. A run that logs millions of lines keeps a digest, not the lines.
class outcome_recorder final : public observer {
 public:
  explicit outcome_recorder(const scenario& sc) {
    for (const auto& p : sc.processes) logs_.push_back(process_log{p.name, {}, {}, 0, 0});
  }
  event_mask wants() const override {
    return events_of({event_kind::log, event_kind::custom, event_kind::end});
  }
  void on_event(const event& e) override {
    if (e.kind == event_kind::log) {
      // Few processes log: a linear search beats a map's allocation here.
      for (auto& p : logs_)
        if (p.name == e.proc) {
          add(p, e.text);
          break;
        }
    } else if (const auto* failure = payload_of<expect_failed_event>(e)) {
      failed_.emplace_back(failure->what);
    }
  }
  // Fills c's failed, logs, logs_cut and digest from what was recorded.
  void fill(outcome_class& c) {
    detail::digest d;
    d.add(c.end);
    d.add_word(failed_.size());
    for (const auto& f : failed_) d.add(f);
    for (auto& p : logs_) {
      if (p.count == 0) continue;
      d.add(p.name);
      d.add_word(p.count);
      d.add(p.digest.hex());
      if (p.count > p.sample.size()) c.logs_cut.emplace_back(p.name, p.count - p.sample.size());
      c.logs.emplace_back(p.name, std::move(p.sample));
    }
    c.digest = d.hex();
    c.failed = std::move(failed_);
  }

 private:
  struct process_log {
    std::string name;
    std::vector<std::string> sample;
    detail::digest digest;
    std::uint64_t count;
    std::uint64_t cut;  // messages left out of the sample so far
  };
  void add(process_log& p, std::string_view text) {
    ++p.count;
    p.digest.add(text);
    // A process's sample is its first messages: once one is left out, so are the rest.
    if (p.cut == 0 && sample_lines_ < log_sample_lines &&
        sample_bytes_ + text.size() <= log_sample_bytes) {
      ++sample_lines_;
      sample_bytes_ += text.size();
      p.sample.emplace_back(text);
    } else {
      ++p.cut;
    }
  }
  std::vector<process_log> logs_;
  std::vector<std::string> failed_;
  std::size_t sample_lines_ = 0, sample_bytes_ = 0;
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
  rec.fill(c);
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
  detail::grouping g;
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
  e.strategy = opts.strategy == schedule_strategy::pct ? "pct" : "random";
  e.depth = opts.depth;
  e.max_events = opts.run.max_events;
  e.schedules = opts.runs;
  e.shard = opts.shard;
  e.shards = opts.shards;
  e.runs = *mine;
  e.classes = g.take();
  return e;
}

std::string scenario_digest(std::string_view text) {
  // Added in 64 KiB pieces, the last one the rest (empty when the size is a multiple): the
  // pieces the file was once read in, so that shards keep the digest they always had.
  constexpr std::size_t piece = 1 << 16;
  detail::digest d;
  std::size_t at = 0;
  for (; text.size() - at >= piece; at += piece) d.add(text.substr(at, piece));
  d.add(text.substr(at));
  return d.hex();
}

bool json_can_hold(std::string_view text) noexcept {
  try {
    (void)json(text).dump();
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

std::string exploration_json(const exploration& e, const replay_command& replay) {
  json j;
  if (!e.scenario.empty()) j["scenario"] = e.scenario;
  j["digest"] = e.digest;
  j["sets"] = e.sets;
  j["strategy"] = e.strategy;
  j["depth"] = e.depth;
  j["max_events"] = e.max_events;
  j["schedules"] = e.schedules;
  j["shard"] = std::to_string(e.shard) + "/" + std::to_string(e.shards);
  j["runs"] = e.runs;
  json classes = json::array();
  for (const auto& c : e.classes) {
    json k;
    k["end"] = c.end;
    k["failed"] = c.failed;
    json logs = json::object();
    for (const auto& [name, msgs] : c.logs) logs[name] = msgs;
    k["logs"] = std::move(logs);
    if (!c.logs_cut.empty()) {
      json cut = json::object();
      for (const auto& [name, n] : c.logs_cut) cut[name] = n;
      k["logs_cut"] = std::move(cut);
    }
    k["digest"] = c.digest;
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
      for (const auto& [cut_name, left_out] : c.logs_cut)
        if (cut_name == name) out += " … and " + std::to_string(left_out) + " more";
      out += "\n";
    }
    out += "   replay: " + replay(c.schedule) + "\n";
  }
  return out;
}

}  // namespace hotdog::sim
