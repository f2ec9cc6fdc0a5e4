#include "hotdog/sim/sweep/sweep.hpp"

#include "hotdog/parse_whole.hpp"
#include "hotdog/sim/analysis/statistics.hpp"
#include "hotdog/sim/text/plural.hpp"
#include "hotdog/sim/text/html_escape.hpp"
#include "hotdog/sim/run/in_order.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <queue>
#include <thread>

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
  sweep_axis axis;
  axis.key = std::move(*parsed);
  axis.values = split_values(axis.key.value);
  for (const auto& v : axis.values)
    if (v.empty()) return failure("an empty value in \"" + std::string(text) + "\"");
  return axis;
}

result<std::pair<std::uint64_t, std::uint64_t>> parse_seed_range(std::string_view text) {
  const std::size_t dots = text.find("..");
  const auto a = parse_whole(text.substr(0, dots));
  const auto b = dots == std::string_view::npos ? a : parse_whole(text.substr(dots + 2));
  if (!a || !b)
    return failure("expected seeds as A..B (whole numbers), not \"" + std::string(text) + "\"");
  if (*a > *b) return failure("the seed range " + std::string(text) + " is empty (A > B)");
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

std::vector<diagnostic> run_sweep(const std::string& scenario_path, const sweep_options& opts,
                                  std::ostream& out, const progress_fn& progress) {
  // Every point, validated before anything runs.
  std::vector<std::size_t> sizes;
  std::uint64_t points = 1;
  for (const auto& a : opts.axes) {
    sizes.push_back(a.values.size());
    points *= a.values.size();
  }
  struct point {
    scenario sc;
    std::string json;  // {"NAME.KEY":V,...}
  };
  std::vector<point> all;
  all.reserve(points);
  for (std::uint64_t p = 0; p < points; ++p) {
    std::vector<setting> settings = opts.fixed;
    json shown = json::object();
    std::string text = "{";
    std::uint64_t rest = p;
    std::vector<std::size_t> pick(opts.axes.size());
    for (std::size_t i = opts.axes.size(); i-- > 0;) {
      pick[i] = rest % sizes[i];
      rest /= sizes[i];
    }
    for (std::size_t i = 0; i < opts.axes.size(); ++i) {
      setting s = opts.axes[i].key;
      s.value = opts.axes[i].values[pick[i]];
      settings.push_back(s);
      if (i) text += ',';
      text += json(axis_name(s)).dump() + ":" + value_json(s.value).dump();
    }
    text += '}';
    auto r = load_scenario_file(scenario_path, settings);
    if (!r) return r.errors();
    all.push_back({std::move(*r), std::move(text)});
  }
  const std::uint64_t seeds = opts.last_seed - opts.first_seed + 1;
  const std::uint64_t total = points * seeds;
  // This shard's runs: run numbers n with n % shards == shard - 1.
  std::vector<std::uint64_t> mine;
  for (std::uint64_t n = opts.shard - 1; n < total; n += opts.shards) mine.push_back(n);

  auto line_of = [&](std::uint64_t n) {
    const point& pt = all[n / seeds];
    const std::uint64_t seed = opts.first_seed + n % seeds;
    statistics st(pt.sc);
    run_options o = opts.run;
    o.seed = seed;
    o.realtime = false;
    simulate(pt.sc, o, st);
    return "{\"point\":" + pt.json + ",\"seed\":" + std::to_string(seed) +
           ",\"summary\":" + st.json() + ",\"run\":" + std::to_string(n) + "}\n";
  };
  detail::run_in_order(
      mine.size(), opts.jobs, [&](std::size_t i) { return line_of(mine[i]); },
      [&](std::size_t i, std::string line) {
        out << line;
        if (progress) progress(i + 1, mine.size());
      });
  return {};
}

namespace {

// The run number at the end of a sweep line: ...,"run":N}
std::optional<std::uint64_t> run_of(const std::string& line) {
  const std::size_t at = line.rfind(",\"run\":");
  if (at == std::string::npos || line.empty() || line.back() != '}') return std::nullopt;
  return parse_whole(std::string_view(line).substr(at + 7, line.size() - at - 8));
}

}  // namespace

std::optional<std::string> merge_sweeps(std::vector<std::istream*> inputs, std::ostream& out,
                                        const progress_fn& progress) {
  std::uint64_t bytes = 0;
  // Each shard's lines are in run order: a k-way merge by run number.
  struct head {
    std::uint64_t run;
    std::size_t input;
    std::string line;
    bool operator>(const head& o) const { return run > o.run; }
  };
  std::priority_queue<head, std::vector<head>, std::greater<>> heap;
  auto pull = [&](std::size_t i) -> std::optional<std::string> {
    std::string line;
    while (std::getline(*inputs[i], line)) {
      bytes += line.size() + 1;
      if (progress) progress(bytes, 0);
      if (line.empty()) continue;
      auto n = run_of(line);
      if (!n) return "not a line of hotdog sweep's JSONL: " + line.substr(0, 80);
      heap.push({*n, i, std::move(line)});
      return std::nullopt;
    }
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
    out << h.line << '\n';
    ++expected;
    if (auto err = pull(h.input)) return err;
  }
  return std::nullopt;
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

namespace {

struct running {
  std::uint64_t n = 0;
  double mean = 0, m2 = 0;  // Welford
  void add(double x) {
    ++n;
    const double d = x - mean;
    mean += d / static_cast<double>(n);
    m2 += d * (x - mean);
  }
  double sd() const { return n > 1 ? std::sqrt(m2 / static_cast<double>(n - 1)) : 0.0; }
  double ci() const { return n > 1 ? t95(n - 1) * sd() / std::sqrt(static_cast<double>(n)) : 0.0; }
};

void flatten(const nlohmann::ordered_json& j, const std::string& prefix,
             std::vector<std::pair<std::string, double>>& out) {
  for (const auto& [k, v] : j.items()) {
    const std::string name = prefix.empty() ? k : prefix + "." + k;
    if (v.is_number())
      out.emplace_back(name, v.get<double>());
    else if (v.is_boolean())
      out.emplace_back(name, v.get<bool>() ? 1.0 : 0.0);
    else if (v.is_object())
      flatten(v, name, out);
  }
}

std::string number(double d) {
  std::string s;
  append_json_double(s, d);
  return s;
}

struct point_result {
  std::string point;                                     // its JSON
  json values;                                           // the point object
  std::vector<std::pair<std::string, running>> metrics;  // in first-seen order
};

// 3 or 4 significant digits, for people.
std::string short_number(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", d);
  return buf;
}

// The unit of a summary field: its waits and its end time are in virtual ms; the rest are
// counts or money.
std::string unit_of(const std::string& field) {
  const std::string last = field.substr(field.rfind('.') + 1);  // npos + 1: all of it
  const bool ms =
      last.rfind("wait", 0) == 0 || field == "t" || (field.rfind("waits.", 0) == 0 && last != "n");
  return ms ? " (ms)" : "";
}

// Every swept key's value at a point, "key=value, ...", for the points' table.
std::string point_words(const point_result& p) {
  std::string s;
  for (const auto& [k, v] : p.values.items()) s += (s.empty() ? "" : ", ") + k + "=" + v.dump();
  return s;
}

// A field whose mean is the same at every point and varies with no seed: a table row, not a
// chart.
bool constant_field(const std::vector<point_result>& points, std::size_t m) {
  for (const auto& p : points)
    if (m >= p.metrics.size() || p.metrics[m].second.mean != points[0].metrics[m].second.mean ||
        p.metrics[m].second.sd() != 0)
      return false;
  return true;
}

// One field's chart: its mean at each point with the 95% interval; x ticks as `ticks` says.
void write_chart(const std::vector<point_result>& points, std::size_t m,
                 const std::vector<double>& xs, const std::vector<std::string>& ticks,
                 const std::string& x_name, std::ostream& out) {
  const std::string& name = points[0].metrics[m].first;
  const double x0 = *std::min_element(xs.begin(), xs.end());
  const double x1 = *std::max_element(xs.begin(), xs.end());
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& p : points) {
    if (m >= p.metrics.size()) continue;
    const running& r = p.metrics[m].second;
    lo = any ? std::min(lo, r.mean - r.ci()) : r.mean - r.ci();
    hi = any ? std::max(hi, r.mean + r.ci()) : r.mean + r.ci();
    any = true;
  }
  if (hi == lo) hi = lo + 1;
  const int w = 360, h = 220, left = 60, bottom = 34, top = 10, right = 30;
  auto px = [&](double x) {
    return left + (x1 == x0 ? (w - left - right) / 2.0 : (x - x0) / (x1 - x0) * (w - left - right));
  };
  auto py = [&](double y) { return top + (hi - y) / (hi - lo) * (h - top - bottom); };
  out << "<div style=\"display:inline-block\"><h2>" << html_escape(name + unit_of(name))
      << "</h2><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h
      << "\" role=\"img\"><title>" << html_escape(name) << " against " << html_escape(x_name)
      << "</title><line class=\"axis\" x1=\"" << left << "\" y1=\"" << h - bottom << "\" x2=\""
      << w - right << "\" y2=\"" << h - bottom << "\"/><line class=\"axis\" x1=\"" << left
      << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\"" << h - bottom << "\"/>"
      << "<text class=\"label\" x=\"2\" y=\"" << top + 10 << "\">" << short_number(hi)
      << "</text><text class=\"label\" x=\"2\" y=\"" << h - bottom << "\">" << short_number(lo)
      << "</text><text class=\"label\" x=\"" << left << "\" y=\"" << h - 4 << "\">"
      << html_escape(x_name) << "</text>";
  for (std::size_t i = 0; i < points.size(); ++i) {
    out << "<text class=\"label\" text-anchor=\"middle\" x=\"" << px(xs[i]) << "\" y=\""
        << h - bottom + 12 << "\">" << html_escape(ticks[i]) << "</text>";
    if (m >= points[i].metrics.size()) continue;
    const running& r = points[i].metrics[m].second;
    const double x = px(xs[i]);
    out << "<line class=\"bar\" x1=\"" << x << "\" y1=\"" << py(r.mean - r.ci()) << "\" x2=\"" << x
        << "\" y2=\"" << py(r.mean + r.ci()) << "\"/><circle class=\"dot\" cx=\"" << x << "\" cy=\""
        << py(r.mean) << "\" r=\"3\"><title>" << html_escape(point_words(points[i])) << ": mean "
        << short_number(r.mean) << " ± " << short_number(r.ci()) << " (n " << r.n
        << ")</title></circle>";
  }
  out << "</svg></div>\n";
}

void write_html(const std::vector<point_result>& points, const std::string& title,
                std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
      << html_escape(title)
      << " — hotdog sweep</title>\n<style>body{font-family:sans-serif;margin:16px;color:#222}"
         "svg{margin:8px;border:1px solid #ddd}.bar{stroke:#2563eb;stroke-width:1.5}"
         ".dot{fill:#2563eb}.axis{stroke:#888}.label{font-size:11px;fill:#444}"
         "h2{font-size:14px;margin:4px 8px}table{border-collapse:collapse;font-size:13px;"
         "margin:4px 8px}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}</style>\n"
         "</head>\n<body>\n<h1>"
      << html_escape(title) << "</h1>\n<p>" << count_of(points.size(), "point", "points")
      << ". Each chart shows a summary field's mean over the seeds at each point, with "
         "its 95% confidence interval (Student's t); times are virtual ms.</p>\n";
  if (points.empty()) {
    out << "</body>\n</html>\n";
    return;
  }
  // The x axis: the swept key's value when there is one key and every point's is a number;
  // else the points in order, P1, P2, ..., named in a table.
  std::vector<double> xs;
  std::vector<std::string> ticks;
  std::string x_name = points[0].values.size() == 1 ? points[0].values.begin().key() : "";
  for (const auto& p : points) {
    const auto it = x_name.empty() ? p.values.end() : p.values.find(x_name);
    if (it == p.values.end() || !it->is_number()) {
      x_name.clear();
      break;
    }
    xs.push_back(it->get<double>());
    ticks.push_back(short_number(xs.back()));
  }
  if (x_name.empty()) {
    xs.clear();
    ticks.clear();
    x_name = "point (see the table)";
    out << "<table><tr><th>point</th><th>swept values</th></tr>";
    for (std::size_t i = 0; i < points.size(); ++i) {
      xs.push_back(static_cast<double>(i));
      ticks.push_back("P" + std::to_string(i + 1));
      out << "<tr><td>" << ticks.back() << "</td><td>" << html_escape(point_words(points[i]))
          << "</td></tr>";
    }
    out << "</table>\n";
  }
  std::string constants;
  for (std::size_t m = 0; m < points[0].metrics.size(); ++m)
    if (constant_field(points, m))
      constants += "<tr><td>" +
                   html_escape(points[0].metrics[m].first + unit_of(points[0].metrics[m].first)) +
                   "</td><td>" + short_number(points[0].metrics[m].second.mean) + "</td></tr>";
    else
      write_chart(points, m, xs, ticks, x_name, out);
  if (!constants.empty())
    out << "<h2>The same at every point and seed</h2><table class=\"constants\"><tr><th>field"
           "</th><th>value</th></tr>"
        << constants << "</table>\n";
  out << "</body>\n</html>\n";
}

}  // namespace

std::optional<std::string> aggregate_sweep(std::istream& in, const std::string& format,
                                           const std::string& title, std::ostream& out) {
  std::vector<point_result> points;  // html only keeps every point (one per chart dot)
  std::optional<point_result> cur;
  const auto flush = [&](point_result& p) {
    if (format == "html") {
      points.push_back(std::move(p));
      return;
    }
    for (const auto& [name, r] : p.metrics) {
      if (format == "csv") {
        out << json(p.point).dump() << ',' << name << ',' << number(r.mean) << ',' << number(r.sd())
            << ',' << number(r.ci()) << ',' << r.n << '\n';
      } else {
        out << p.point << "  " << name << "  mean " << number(r.mean) << "  sd " << number(r.sd())
            << "  ±95% " << number(r.ci()) << "  n " << r.n << '\n';
      }
    }
  };
  if (format == "csv") out << "point,field,mean,sd,ci95,n\n";
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::ordered_json j;
    try {
      j = nlohmann::ordered_json::parse(line);
    } catch (const nlohmann::ordered_json::exception&) {
      return "not a line of hotdog sweep's JSONL: " + line.substr(0, 80);
    }
    if (!j.is_object() || !j.contains("point") || !j.contains("summary"))
      return "not a line of hotdog sweep's JSONL: " + line.substr(0, 80);
    const std::string point = j["point"].dump();
    if (cur && cur->point != point) {
      flush(*cur);
      cur.reset();
    }
    if (!cur) cur = point_result{point, j["point"], {}};
    std::vector<std::pair<std::string, double>> fields;
    flatten(j["summary"], "", fields);
    for (const auto& field : fields) {
      const std::string& name = field.first;  // (clang 14 cannot capture a structured binding)
      auto it = std::find_if(cur->metrics.begin(), cur->metrics.end(),
                             [&](const auto& m) { return m.first == name; });
      if (it == cur->metrics.end()) {
        cur->metrics.emplace_back(name, running{});
        it = cur->metrics.end() - 1;
      }
      it->second.add(field.second);
    }
  }
  if (cur) flush(*cur);
  if (format == "html") write_html(points, title, out);
  return std::nullopt;
}

}  // namespace hotdog::sim
