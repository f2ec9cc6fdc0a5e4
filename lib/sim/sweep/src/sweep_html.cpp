#include "aggregate.hpp"

#include "hotdog/sim/sweep/csv.hpp"
#include "hotdog/sim/text/html_escape.hpp"
#include "hotdog/sim/text/plural.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace hotdog::sim::detail {

namespace {

std::string point_words(const point_result& p);

// How many runs ended other than expected, and at which points.
std::string unexpected_words(const std::vector<point_result>& points) {
  std::uint64_t runs = 0, unexpected = 0;
  std::string where;
  for (std::size_t i = 0; i < points.size(); ++i) {
    runs += points[i].runs;
    unexpected += points[i].unexpected;
    if (points[i].unexpected)
      where += std::string(where.empty() ? ": " : "; ") + point_words(points[i]) + " (" +
               std::to_string(points[i].unexpected) + " of " + std::to_string(points[i].runs) + ")";
  }
  if (!unexpected) return "Every run ended as expected (" + count_of(runs, "run", "runs") + ").";
  return std::to_string(unexpected) + " of " + count_of(runs, "run", "runs") +
         " did not end as expected" + where + ".";
}

// 3 or 4 significant digits, for people.
std::string short_number(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", d);
  return buf;
}

// The unit of a summary field, for a chart's title.
std::string unit_of(const std::string& field) { return is_time_field(field) ? " (ms)" : ""; }

// Every swept key's value at a point, "key=value, ...", for the points' table.
std::string point_words(const point_result& p) {
  // In key order, as the table has always listed them.
  std::vector<std::pair<std::string, std::string>> words;
  for (const auto& [k, v] : p.values.items()) words.emplace_back(k, v.dump());
  std::sort(words.begin(), words.end());
  std::string s;
  for (const auto& [k, v] : words) s += (s.empty() ? "" : ", ") + k + "=" + v;
  return s;
}

// Every field of any point, in the order first seen.
std::vector<std::string> fields_of(const std::vector<point_result>& points) {
  std::vector<std::string> names;
  std::set<std::string, std::less<>> seen;
  for (const auto& p : points)
    for (const auto& [field, r] : p.metrics)
      if (seen.insert(field).second) names.push_back(field);
  return names;
}

// A field whose mean is the same at every point and varies with no seed: a table row, not a
// chart.
bool constant_field(const std::vector<point_result>& points, const std::string& name) {
  const running* first = points[0].field(name);
  if (!first) return false;
  for (const auto& p : points) {
    const running* r = p.field(name);
    if (!r || r->mean != first->mean || r->sd() != 0) return false;
  }
  return true;
}

// One field's chart: its mean at each point with the 95% interval; x ticks as `ticks` says.
void write_chart(const std::vector<point_result>& points, const std::string& name,
                 const std::vector<double>& xs, const std::vector<std::string>& ticks,
                 const std::string& x_name, std::ostream& out) {
  const double x0 = *std::min_element(xs.begin(), xs.end());
  const double x1 = *std::max_element(xs.begin(), xs.end());
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& p : points) {
    const running* at = p.field(name);
    if (!at) continue;
    const running& r = *at;
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
    const running* at = points[i].field(name);
    if (!at) continue;
    const running& r = *at;
    const double x = px(xs[i]);
    // One run gives a dot and no interval (not a bar of length 0, which would read as exact).
    if (r.has_spread())
      out << "<line class=\"bar\" x1=\"" << x << "\" y1=\"" << py(r.mean - r.ci()) << "\" x2=\""
          << x << "\" y2=\"" << py(r.mean + r.ci()) << "\"/>";
    out << "<circle class=\"dot\" cx=\"" << x << "\" cy=\"" << py(r.mean) << "\" r=\"3\"><title>"
        << html_escape(point_words(points[i])) << ": mean " << short_number(r.mean);
    if (r.has_spread()) out << " ± " << short_number(r.ci());
    out << " (n " << r.n << (r.has_spread() ? ")" : ", no interval from one run)")
        << "</title></circle>";
  }
  out << "</svg></div>\n";
}

}  // namespace

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
  out << "<p class=\"expected\">" << html_escape(unexpected_words(points)) << "</p>\n";
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
  for (const std::string& name : fields_of(points))
    if (constant_field(points, name))
      constants += "<tr><td>" + html_escape(name + unit_of(name)) + "</td><td>" +
                   short_number(points[0].field(name)->mean) + "</td></tr>";
    else
      write_chart(points, name, xs, ticks, x_name, out);
  if (!constants.empty())
    out << "<h2>The same at every point and seed</h2><table class=\"constants\"><tr><th>field"
           "</th><th>value</th></tr>"
        << constants << "</table>\n";
  out << "</body>\n</html>\n";
}

}  // namespace hotdog::sim::detail
