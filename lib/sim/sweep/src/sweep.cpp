#include "hotdog/sim/sweep/sweep.hpp"

#include "hotdog/parse_whole.hpp"
#include "hotdog/utf8.hpp"
#include "hotdog/sim/analysis/statistics.hpp"
#include "hotdog/sim/run/expectation.hpp"
#include "hotdog/sim/run/in_order.hpp"
#include "hotdog/sim/sweep/csv.hpp"
#include "hotdog/sim/text/printable.hpp"
#include "aggregate.hpp"
#include "sweep_line.hpp"
#include "sweep_shard.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

namespace hotdog::sim {

using json = nlohmann::json;

namespace {

// Splits at commas outside JSON brackets, braces and strings.
std::vector<std::string> split_values(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      cur += c;
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(std::move(cur));
  return out;
}

// A value as the sweep's point shows it: its JSON, or a JSON string when it is not JSON.
json value_json(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception&) {
    return text;
  }
}

std::string axis_name(const setting& s) {
  return s.target.empty() ? s.key : s.target + "." + s.key;
}

}  // namespace

result<sweep_axis> parse_sweep_setting(std::string_view text) {
  auto parsed = parse_setting(text);
  if (!parsed) return failure(parsed.error().message());
  if (parsed->target.empty() && parsed->key == "seed")
    return failure("\"" + printable(text) +
                   "\": a sweep gives each run its own seed from --seeds A..B; sweep seeds "
                   "with --seeds, not --set seed=...");
  sweep_axis axis;
  axis.key = std::move(*parsed);
  axis.values = split_values(axis.key.value);
  for (const auto& v : axis.values)
    if (v.empty()) return failure("an empty value in \"" + printable(text) + "\"");
  // A swept key and its values name the point in JSON lines and CSV cells: UTF-8 only. (One
  // value is a setting, which the loader checks and reports.)
  if (axis.values.size() > 1 && !utf8_valid(text))
    return failure("\"" + printable(text) + "\" is not valid UTF-8 text");
  return axis;
}

result<std::pair<std::uint64_t, std::uint64_t>> parse_seed_range(std::string_view text) {
  const std::size_t dots = text.find("..");
  const auto a = parse_whole(text.substr(0, dots));
  const auto b = dots == std::string_view::npos ? a : parse_whole(text.substr(dots + 2));
  if (!a || !b)
    return failure("expected seeds as A..B (whole numbers), not \"" + std::string(text) + "\"");
  if (*a > *b) return failure("the seed range " + std::string(text) + " is empty (A > B)");
  if (*a == 0 && *b == std::numeric_limits<std::uint64_t>::max())
    return failure("the seed range " + std::string(text) +
                   " holds 2^64 seeds, one more than a sweep can count; leave one out");
  return std::pair{*a, *b};
}

result<std::pair<std::uint64_t, std::uint64_t>> parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  const auto k = parse_whole(text.substr(0, slash));
  const auto m =
      slash == std::string_view::npos ? std::nullopt : parse_whole(text.substr(slash + 1));
  if (!k || !m || *k < 1 || *k > *m)
    return failure("expected --shard K/M with 1 <= K <= M, not \"" + std::string(text) + "\"");
  return std::pair{*k, *m};
}

result<ci_goal> parse_ci(std::string_view text) {
  const std::size_t eq = text.rfind('=');
  ci_goal goal;
  const char* first = text.data() + (eq == std::string_view::npos ? 0 : eq + 1);
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(first, last, goal.rel);
  if (eq == std::string_view::npos || eq == 0 || ec != std::errc() || end != last ||
      !(goal.rel > 0) || !std::isfinite(goal.rel))
    return failure("expected --ci FIELD=REL (REL a number above 0, as 0.05 for 5%), not \"" +
                   printable(text) + "\"");
  goal.field = std::string(text.substr(0, eq));
  return goal;
}

result<std::uint64_t> count_points(const sweep_options& opts) {
  std::uint64_t points = 1;
  for (const auto& a : opts.axes) {
    const std::uint64_t n = a.values.size();
    if (opts.zip) {
      if (n != opts.axes[0].values.size())
        return failure(
            "--zip pairs the --set lists in step, so they must be as long as each "
            "other: " +
            printable(axis_name(opts.axes[0].key)) + " has " +
            std::to_string(opts.axes[0].values.size()) + " values, " + printable(axis_name(a.key)) +
            " has " + std::to_string(n));
      points = n;
    } else if (points > std::numeric_limits<std::uint64_t>::max() / n) {
      return failure(
          "the --set lists cross into more than 2^64 - 1 points; sweep fewer values "
          "(or pair them with --zip)");
    } else {
      points *= n;
    }
  }
  return points;
}

namespace {

// A point's settings (the fixed ones, then one value of each axis) and its JSON.
struct point_spec {
  std::vector<setting> settings;
  std::string json;  // {"NAME.KEY":V,...}
};

point_spec point_at(const sweep_options& opts, std::uint64_t p) {
  point_spec out{opts.fixed, "{"};
  std::vector<std::size_t> pick(opts.axes.size());
  for (std::size_t i = opts.axes.size(); i-- > 0;) {
    const std::uint64_t n = opts.axes[i].values.size();
    pick[i] = static_cast<std::size_t>(opts.zip ? p : p % n);
    if (!opts.zip) p /= n;
  }
  for (std::size_t i = 0; i < opts.axes.size(); ++i) {
    setting s = opts.axes[i].key;
    s.value = opts.axes[i].values[pick[i]];
    if (i) out.json += ',';
    out.json += json(axis_name(s)).dump() + ":" + value_json(s.value).dump();
    out.settings.push_back(std::move(s));
  }
  out.json += '}';
  return out;
}

// The scenarios of the points in flight, loaded from the one text read at the start; the
// oldest points are let go, so a sweep holds a few scenarios, not one per point.
class scenario_cache {
 public:
  scenario_cache(const std::string& text, const std::string& path, const sweep_options& opts,
                 std::size_t capacity)
      : text_(text), path_(path), opts_(opts), capacity_(capacity) {}
  std::shared_ptr<const scenario> get(std::uint64_t p) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = loaded_.find(p); it != loaded_.end()) return it->second;
    }
    auto r = load_scenario(text_, path_, point_at(opts_, p).settings);
    // Every point was validated before any ran, from the same text.
    auto sc = std::make_shared<const scenario>(std::move(r).value());
    std::lock_guard lock(mutex_);
    loaded_.emplace(p, sc);
    while (loaded_.size() > capacity_) loaded_.erase(loaded_.begin());
    return sc;
  }

 private:
  const std::string& text_;
  const std::string& path_;
  const sweep_options& opts_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<const scenario>> loaded_;
};

// One run's line and how it ended.
struct run_line {
  std::string text;
  bool expected = true;
  std::string end;
  std::string summary;         // its JSON, for --ci
  bool before_warmup = false;  // it ended no later than its warm-up: its means cover no time
};

// A run's line up to its summary: `{"point":{...},"seed":S,`. The one writer of it: merge
// checks each shard's lines against it (run_line_start).
std::string line_start(const sweep_options& opts, std::uint64_t p, std::uint64_t seed) {
  return "{\"point\":" + point_at(opts, p).json + ",\"seed\":" + std::to_string(seed) + ",";
}

run_line make_line(scenario_cache& cache, const sweep_options& opts, std::uint64_t p,
                   std::uint64_t seed, std::uint64_t n) {
  const auto sc = cache.get(p);
  statistics st(*sc);
  run_options o = opts.run;
  o.seed = seed;
  o.realtime = false;
  const run_result r = simulate(*sc, o, st);
  run_line out;
  out.expected = ended_as_expected(r, *sc);
  out.end = std::string(to_string(r.reason));
  out.before_warmup = ended_before_warmup(r, *sc);
  out.summary = st.json();
  out.text = line_start(opts, p, seed) + "\"summary\":" + out.summary +
             ",\"expected\":" + (out.expected ? "true" : "false") +
             ",\"run\":" + std::to_string(n) + "}";
  return out;
}

// A numeric summary field by its dotted name, or nothing.
std::optional<double> field_of(const std::string& summary, const std::string& field,
                               std::vector<std::string>* names) {
  std::vector<std::pair<std::string, double>> fields;
  detail::flatten(nlohmann::ordered_json::parse(summary), "", fields);
  for (const auto& [name, value] : fields)
    if (name == field || csv_column(name) == field) return value;
  if (names)
    for (auto& f : fields) names->push_back(std::move(f.first));
  return std::nullopt;
}

}  // namespace

std::string run_line_start(const sweep_options& opts, std::uint64_t n) {
  const std::uint64_t seeds = opts.last_seed - opts.first_seed + 1;
  return line_start(opts, n / seeds, opts.first_seed + n % seeds);
}

result<sweep_report> run_sweep(
    const std::string& scenario_path, const sweep_options& opts,
    const std::function<std::optional<std::string>(const std::string&)>& line,
    const progress_fn& progress) {
  auto points = count_points(opts);
  if (!points) return std::move(points).error();
  const std::uint64_t seeds = opts.last_seed - opts.first_seed + 1;  // parse_seed_range: fits
  if (!opts.ci && *points > std::numeric_limits<std::uint64_t>::max() / seeds)
    return failure(std::to_string(*points) + " points times " + std::to_string(seeds) +
                   " seeds is more runs than 2^64 - 1");
  if (opts.ci && opts.sharded)
    return failure(
        "--ci decides each point's seeds as its runs come in, so it cannot be "
        "split with --shard; run it whole");
  // The scenario is read once (a pipe or /dev/stdin can be read only once): every point loads
  // from the same text, and shards of the same text carry the same digest.
  auto read = read_scenario_text(scenario_path);
  if (!read) return std::move(read).error();
  const std::string text = std::move(*read);
  {
    auto check = load_scenario(text, scenario_path, opts.fixed);
    if (!check) return std::move(check).error();
  }
  // Every point, validated before anything runs.
  for (std::uint64_t p = 0; p < *points; ++p) {
    auto r = load_scenario(text, scenario_path, point_at(opts, p).settings);
    if (!r) return std::move(r).error();
  }
  const std::size_t jobs = std::max<std::size_t>(1, opts.jobs);
  scenario_cache cache(text, scenario_path, opts, 8 * jobs + 2);
  sweep_report report;
  std::optional<std::string> error;  // from `line`: stops the sweep
  const auto take = [&](std::uint64_t p, std::uint64_t seed, run_line r) {
    if (error) return;
    ++report.runs;
    if (r.before_warmup) ++report.before_warmup;
    if (!r.expected && !report.unexpected++)
      report.first_unexpected = unexpected_run{point_at(opts, p).settings, seed, r.end};
    error = line(r.text);
  };
  const std::size_t batch = 64 * jobs;
  if (!opts.ci) {
    const std::uint64_t total = *points * seeds;
    const std::uint64_t mine = total / opts.shards + (opts.shard - 1 < total % opts.shards ? 1 : 0);
    if (opts.sharded) {
      error = line(detail::shard_header(text, scenario_path, opts, mine, total));
      if (error) return failure(*error);
    }
    for (std::uint64_t start = 0; start < mine && !error; start += batch) {
      const std::uint64_t count = std::min<std::uint64_t>(batch, mine - start);
      detail::run_in_order(
          count, jobs,
          [&](std::size_t i) {
            const std::uint64_t n = opts.shard - 1 + (start + i) * opts.shards;
            return std::pair{n, make_line(cache, opts, n / seeds, opts.first_seed + n % seeds, n)};
          },
          [&](std::size_t, std::pair<std::uint64_t, run_line> r) {
            const std::uint64_t n = r.first;
            take(n / seeds, opts.first_seed + n % seeds, std::move(r.second));
            if (progress) progress(report.runs, mine);
          });
    }
    if (error) return failure(*error);
    return report;
  }
  // --ci: each point's seeds in order, in batches, until its interval is narrow enough; the
  // runs of a batch past the one that decides are dropped, so the lines do not depend on
  // --jobs.
  const ci_goal& goal = *opts.ci;
  const std::uint64_t cap = goal.max_seeds;
  // A point runs seeds A, A+1, ..., at most cap of them: past 2^64 - 1 they would wrap round
  // to 0. Refused before any run.
  if (cap > 0 && opts.first_seed > std::numeric_limits<std::uint64_t>::max() - (cap - 1))
    return failure("--ci: seeds from " + std::to_string(opts.first_seed) + " on, " +
                   std::to_string(cap) +
                   " of them at most (--max-seeds), would pass 18446744073709551615: start "
                   "lower or give a smaller --max-seeds");
  const std::uint64_t minimum = std::min(std::max<std::uint64_t>(seeds, 2), cap);
  std::uint64_t n = 0;
  for (std::uint64_t p = 0; p < *points && !error; ++p) {
    detail::running stat;
    bool stop = false, met = false;
    while (!stop && !error) {
      const std::uint64_t done = stat.n, first_n = n;
      const std::uint64_t count =
          done < minimum ? minimum - done : std::min<std::uint64_t>(batch, cap - done);
      if (count == 0) break;
      detail::run_in_order(
          count, jobs,
          [&](std::size_t i) {
            return make_line(cache, opts, p, opts.first_seed + done + i, first_n + i);
          },
          [&](std::size_t i, run_line r) {
            if (stop || error) return;
            std::vector<std::string> names;
            const auto value = field_of(r.summary, goal.field, n == 0 ? &names : nullptr);
            if (!value) {
              const auto near = did_you_mean(goal.field, names);
              error = "--ci: the summary has no numeric field \"" + printable(goal.field) + "\"" +
                      (near ? "; did you mean \"" + *near + "\"?" : std::string());
              report.runs = 0;
              return;
            }
            stat.add(*value);
            ++n;
            take(p, opts.first_seed + done + i, std::move(r));
            if (progress) progress(report.runs, 0);
            met = stat.n >= minimum && stat.ci() <= goal.rel * std::fabs(stat.mean);
            stop = met || stat.n >= cap;
          });
    }
    report.seeds_taken.push_back({point_at(opts, p).json, stat.n, met});
  }
  if (error) return failure(*error);
  return report;
}

double t95(std::uint64_t df) {
  static constexpr double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                     2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                     2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                     2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df == 0) return std::nan("");
  if (df <= 30) return table[df - 1];
  // Beyond 30: the normal quantile with the first terms of its expansion in 1/df.
  const double z = 1.959964, d = static_cast<double>(df);
  return z + (z * z * z + z) / (4 * d) +
         (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
}

}  // namespace hotdog::sim
