#include "hotdog/sim/trace/html_writer.hpp"

#include "hotdog/sim/text/html_escape.hpp"
#include "hotdog/sim/text/plural.hpp"
#include "hotdog/sim/text/shorten.hpp"
#include "hotdog/sim/trace/trace_writer.hpp"

#include "html_labels.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

// The page html_writer writes at the end of a run: its layout, the SVG and the rest.

namespace hotdog::sim {
namespace {

// A JavaScript string literal that is also safe inside <script> ("</" never appears).
std::string js_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Coordinates with one decimal: exact enough, and the same bytes on every machine.
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string shorten(const std::string& s, std::size_t n) {
  // Cut at a character boundary: a name cut inside a UTF-8 character would show U+FFFD.
  return s.size() <= n ? s : s.substr(0, utf8_prefix_length(s, n - 1)) + "…";
}

// Layout constants (px).
constexpr double left = 170;    // lane names are left of this
constexpr double sub = 6;       // between events at the same virtual time
constexpr double fold_w = 36;   // a folded idle stretch
constexpr double lane_h = 44;   // one lane
constexpr double chart_h = 70;  // one chart
constexpr double top = 40;      // the time axis is above this

}  // namespace

// The x axis is virtual time. Each moment ("instant") with n events is n-1 steps of `sub`
// wide, so that simultaneous events stay apart, and one step more separates it from the
// next; the time between instants is drawn in proportion (px_per_ms), except idle stretches
// longer than `fold_at`, which are folded to `fold_w` and marked.
struct html_writer::layout {
  struct instant {
    std::int64_t t;
    std::size_t first, n;
    double x = 0;
  };
  struct fold {
    double x;
    std::int64_t from, to;
  };
  std::map<std::string, int> lane;  // lane name -> its row
  std::vector<std::string> names;   // rows, the channels' last
  int system_lane = 0;
  std::vector<instant> instants;
  std::vector<fold> folds;
  std::int64_t fold_at = 0;
  double px_per_ms = 0;
  std::vector<double> xs;  // each drawn event's x
  double lanes_end = 0, lanes_bottom = 0, width = 0, height = 0;
  std::size_t tooltip_labels = 0;  // arrow labels with no room, left to the tooltip

  int lane_of(const std::string& l) const { return l.empty() ? system_lane : lane.at(l); }
  double y_of(int l) const { return top + l * lane_h + lane_h / 2; }
  // The x of the first instant at or after t (chart steps happen at instants).
  double x_at_time(std::int64_t t) const {
    auto it = std::lower_bound(instants.begin(), instants.end(), t,
                               [](const instant& a, std::int64_t v) { return a.t < v; });
    return it == instants.end() ? lanes_end : it->x;
  }
  // Folds the idle stretches and places every instant and event on the x axis.
  void place(std::size_t events, std::size_t lanes, std::size_t charts, bool cycle);
};

void html_writer::layout::place(std::size_t events, std::size_t lanes, std::size_t charts,
                                bool cycle) {
  std::vector<std::int64_t> gaps;
  for (std::size_t k = 1; k < instants.size(); ++k)
    gaps.push_back(instants[k].t - instants[k - 1].t);
  std::int64_t median = 1;
  if (!gaps.empty()) {
    std::vector<std::int64_t> sorted = gaps;
    std::sort(sorted.begin(), sorted.end());
    median = std::max<std::int64_t>(1, sorted[sorted.size() / 2]);
    // (Times saturate at 2^63-1 ms: ten times a huge median would overflow.)
    fold_at = median > std::numeric_limits<std::int64_t>::max() / 10
                  ? std::numeric_limits<std::int64_t>::max()
                  : 10 * median;
  }
  // A typical gap is 40 px; the unfolded time is kept under 40000 px.
  px_per_ms = 40.0 / static_cast<double>(median);
  double unfolded = 0;
  for (auto g : gaps)
    if (g <= fold_at) unfolded += static_cast<double>(g);
  if (unfolded * px_per_ms > 40000) px_per_ms = 40000 / unfolded;
  double x = left + 10;
  for (std::size_t k = 0; k < instants.size(); ++k) {
    if (k > 0) {
      const std::int64_t g = gaps[k - 1];
      x += sub;
      if (g > fold_at) {
        folds.push_back({x, instants[k - 1].t, instants[k].t});
        x += fold_w;
      } else {
        x += static_cast<double>(g) * px_per_ms;
      }
    }
    instants[k].x = x;
    x += static_cast<double>(instants[k].n - 1) * sub;
  }
  lanes_end = x + 30;
  xs.resize(events);
  for (const auto& in : instants)
    for (std::size_t j = 0; j < in.n; ++j) xs[in.first + j] = in.x + static_cast<double>(j) * sub;
  // Charts under the lanes, sharing the x axis.
  lanes_bottom = top + static_cast<double>(lanes) * lane_h;
  width = std::max(900.0, lanes_end + (cycle ? 200 : 20));
  height = lanes_bottom + static_cast<double>(charts) * chart_h + 20;
}

html_writer::layout html_writer::lay_out() const {
  layout l;
  // Lanes in order of first appearance; events without a process get the last lane.
  for (const auto& e : events_)
    if (!e.lane.empty() && !l.lane.count(e.lane)) {
      l.lane[e.lane] = static_cast<int>(l.names.size());
      l.names.push_back(e.lane);
    }
  // Then the buffered channels' lanes, in the order their values first went in.
  for (const auto& a : arrows_)
    for (const auto* name : {&a.from_lane, &a.to_lane})
      if (!name->empty() && !l.lane.count(*name)) {
        l.lane[*name] = static_cast<int>(l.names.size());
        l.names.push_back(*name);
      }
  l.system_lane = static_cast<int>(l.names.size());
  l.names.push_back("(channels)");
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (l.instants.empty() || l.instants.back().t != events_[i].t)
      l.instants.push_back({events_[i].t, i, 0});
    ++l.instants.back().n;
  }
  l.place(events_.size(), l.names.size(), charts_.size(), !cycle_.empty());
  return l;
}

// The folds and the moments of the time axis.
void html_writer::svg_time(std::string& svg, const layout& l) const {
  double fold_end = -1e9;  // a fold's words only where they do not run into the last ones
  for (const auto& f : l.folds) {
    const std::string words = "⋯ " + format_time(f.to - f.from);
    const double w = label_width(words, 10), x = f.x + fold_w / 2;
    svg += "<g class=\"fold\" data-from=\"" + std::to_string(f.from) + "\" data-to=\"" +
           std::to_string(f.to) + "\"><title>" + html_escape(words) + " folded</title><rect x=\"" +
           num(f.x) + "\" y=\"" + num(top) + "\" width=\"" + num(fold_w) + "\" height=\"" +
           num(l.height - top - 20) + "\"/>";
    if (x - w / 2 > fold_end + 4) {
      svg +=
          "<text x=\"" + num(x) + "\" y=\"" + num(top - 4) + "\">" + html_escape(words) + "</text>";
      fold_end = x + w / 2;
    }
    svg += "</g>\n";
  }
  double last_label = -1e9;
  for (const auto& in : l.instants) {
    svg += "<line class=\"tick\" data-t=\"" + std::to_string(in.t) + "\" data-w=\"" +
           num(static_cast<double>(in.n - 1) * sub) + "\" x1=\"" + num(in.x) + "\" y1=\"" +
           num(top) + "\" x2=\"" + num(in.x) + "\" y2=\"" + num(l.lanes_bottom) + "\"/>\n";
    const std::string when = format_time(in.t);
    if (in.x >= last_label + 6) {
      svg += "<text class=\"time\" x=\"" + num(in.x) + "\" y=\"" + num(top - 18) + "\">" +
             html_escape(when) + "</text>\n";
      last_label = in.x + std::max(64.0, label_width(when, 10));
    }
  }
}

// Each lane's line and name, and the shaded stretches of waiting on it.
void html_writer::svg_lanes(std::string& svg, const layout& l) const {
  for (std::size_t k = 0; k < l.names.size(); ++k) {
    const double y = l.y_of(static_cast<int>(k));
    const bool crowd =
        std::find(info_.crowds.begin(), info_.crowds.end(), l.names[k]) != info_.crowds.end();
    const bool buffer = !l.names[k].empty() && l.names[k][0] == '\x01';
    svg += "<line class=\"lane\" x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" +
           num(l.lanes_end) + "\" y2=\"" + num(y) +
           "\"/>\n<text class=\"name sticky\" x=\"10\" y=\"" + num(y + 4) + "\">" +
           html_escape(buffer  ? shorten(l.names[k].substr(1), 8) + " (buffer)"
                       : crowd ? shorten(l.names[k], 8) + " (crowd)"
                               : shorten(l.names[k], 16)) +
           "</text>\n";
  }
  for (const auto& s : shades_) {
    const double y = l.y_of(l.lane_of(s.lane));
    const double x0 = l.xs[s.from], x1 = s.cls == "deadlocked" ? l.lanes_end : l.xs[s.to];
    svg += "<rect class=\"" + s.cls + "\" x=\"" + num(x0) + "\" y=\"" + num(y - 10) +
           "\" width=\"" + num(std::max(0.0, x1 - x0)) + "\" height=\"20\"/>\n";
  }
}

// The handoff arrows, a deadlock's cycle, then the events' dots over them.
std::pair<double, std::size_t> html_writer::svg_arrows(std::string& svg, const layout& l) const {
  // Each label on the lane of the process that received the value, from the arrow's end,
  // placed left to right so that none overlaps another; one with no room is the arrow's
  // tooltip only (every arrow has the whole text as its tooltip).
  std::vector<std::size_t> order(arrows_.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return l.xs[arrows_[a].to] < l.xs[arrows_[b].to];
  });
  label_rows rows;
  std::vector<std::optional<label_rows::box>> boxes(arrows_.size());
  for (const std::size_t k : order) {
    const auto& a = arrows_[k];
    const int lane = l.lane_of(a.to_lane);
    const std::string text = shorten(a.chan + ": " + a.value, 28);
    boxes[k] =
        rows.place(lane, l.y_of(lane), l.xs[a.to] + 7, label_width(text, label_rows::font_px));
  }
  for (std::size_t k = 0; k < arrows_.size(); ++k) {
    const auto& a = arrows_[k];
    const double x1 = l.xs[a.from], y1 = l.y_of(l.lane_of(a.from_lane));
    const double x2 = l.xs[a.to], y2 = l.y_of(l.lane_of(a.to_lane));
    svg += "<g class=\"handoff\"><line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" +
           num(x2) + "\" y2=\"" + num(y2) + "\" marker-end=\"url(#head)\"/><title>" +
           html_escape(a.chan + ": " + a.value) + "</title>";
    if (const auto& b = boxes[k])
      svg += "<text x=\"" + num(b->x) + "\" y=\"" + num(b->baseline) + "\" data-lane-y=\"" +
             num(y2) + "\">" + html_escape(shorten(a.chan + ": " + a.value, 28)) + "</text>";
    svg += "</g>\n";
  }
  // The cycle, past the last event: each waiter's lane bends to the lane of the process it
  // waits for (a loop on its own lane for a process that waits on itself).
  // The cycle's words go past the last label too.
  const double words_x = std::max(l.lanes_end + 26, rows.right_end() + 6);
  double right = rows.right_end();
  for (std::size_t k = 0; k < cycle_.size(); ++k) {
    const auto& w = cycle_[k];
    const double cx = l.lanes_end - 14 + static_cast<double>(k % 2) * 8;
    const double y1 = l.y_of(l.lane_of(w.from_lane)), y2 = l.y_of(l.lane_of(w.to_lane));
    const std::string d =
        y1 == y2
            ? "M" + num(cx - 10) + "," + num(y1) + " C" + num(cx + 30) + "," + num(y1 - 30) + " " +
                  num(cx + 30) + "," + num(y1 + 30) + " " + num(cx - 10) + "," + num(y1 + 2)
            : "M" + num(cx - 10) + "," + num(y1) + " C" + num(cx + 40) + "," + num(y1) + " " +
                  num(cx + 40) + "," + num(y2) + " " + num(cx - 10) + "," + num(y2);
    const std::string words = shorten("waits for " + w.to_lane + " (" + w.chan + ")", 36);
    const double x = std::max(cx + 40, words_x);
    right = std::max(right, x + label_width(words, 10));
    svg += "<g class=\"cycle\"><path d=\"" + d + "\" marker-end=\"url(#waitsfor)\"/><text x=\"" +
           num(x) + "\" y=\"" + num(y1 + 4) + "\" data-lane-y=\"" + num(y1) + "\">" +
           html_escape(words) + "</text></g>\n";
  }
  for (std::size_t i = 0; i < events_.size(); ++i) {
    const auto& e = events_[i];
    svg += "<circle class=\"" + e.cls + "\" data-i=\"" + std::to_string(i) + "\" cx=\"" +
           num(l.xs[i]) + "\" cy=\"" + num(l.y_of(l.lane_of(e.lane))) + "\" r=\"4\"/>\n";
  }
  return {right, static_cast<std::size_t>(std::count(boxes.begin(), boxes.end(), std::nullopt))};
}

// The charts under the lanes, each a step line scaled to its own largest value.
void html_writer::svg_charts(std::string& svg, const layout& l) const {
  double cy = l.lanes_bottom;
  for (const auto& [name, s] : charts_) {
    std::int64_t hi = 1;
    for (const auto& p : s.points) hi = std::max(hi, p.second);
    const double base = cy + chart_h - 12, scale = (chart_h - 24) / static_cast<double>(hi);
    std::string d;
    double prev_y = base;
    for (const auto& p : s.points) {
      const double px = l.x_at_time(p.first), py = base - static_cast<double>(p.second) * scale;
      d += (d.empty() ? "M" + num(left + 10) + "," + num(base) : std::string()) + " L" + num(px) +
           "," + num(prev_y) + " L" + num(px) + "," + num(py);
      prev_y = py;
    }
    d += " L" + num(l.lanes_end) + "," + num(prev_y);
    svg += "<g class=\"chart\" data-series=\"" + html_escape(name) +
           "\"><line class=\"lane\" x1=\"" + num(left) + "\" y1=\"" + num(base) + "\" x2=\"" +
           num(l.lanes_end) + "\" y2=\"" + num(base) +
           "\"/><text class=\"name sticky\" x=\"10\" y=\"" + num(base - 20) + "\">" +
           html_escape(shorten(name, 24)) + "</text><text class=\"time sticky\" x=\"10\" y=\"" +
           num(base - 6) + "\">max " + std::to_string(hi) + "</text><path d=\"" + d + "\"/></g>\n";
    cy += chart_h;
  }
}

void html_writer::write() {
  layout l = lay_out();
  std::string svg;
  svg.reserve(events_.size() * 120 + 4096);
  svg_time(svg, l);
  svg_lanes(svg, l);
  // The labels may reach past the last event: the drawing is as wide as they need.
  const auto [right, tooltips] = svg_arrows(svg, l);
  l.width = std::max(l.width, right + 20);
  l.tooltip_labels = tooltips;
  svg_charts(svg, l);
  write_head();
  write_outcome(l);
  write_legend(l);
  out_ << svg;
  write_script();
}

// From the doctype to the page's title: the style of everything drawn.
void html_writer::write_head() {
  out_
      << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
      << html_escape(info_.title) << " — hotdog timeline</title>\n<style>\n"
      << "body{font-family:sans-serif;margin:0;color:#222}\n"
         "header{position:sticky;top:0;background:#fff;padding:8px 16px;border-bottom:1px solid "
         "#ddd;z-index:1}\n"
         "h1{font-size:20px;margin:0 0 4px}header p{margin:2px 0;font-size:13px}\n"
         "#details{white-space:pre-wrap;font-family:monospace;font-size:12px;background:#f6f6f6;"
         "padding:4px;min-height:2.6em}\n"
         "button{font-size:12px}circle.future{opacity:.15}\n"
         "#channels{font-family:monospace;font-size:12px;margin:2px 0;background:#eef6ff;"
         "padding:4px}\n"
         "#view{width:100%;height:calc(100vh - 190px);min-height:120px;cursor:grab;display:block}\n"
         ".lane{stroke:#ccc;stroke-width:1}.tick{stroke:#f0f0f0;stroke-width:1}\n"
         ".sticky{paint-order:stroke;stroke:#fff;stroke-width:3px}"
         ".name{font-size:13px;font-weight:bold}.time{font-size:10px;fill:#666}\n"
         ".parked{fill:#fde68a;opacity:.7}.blocked{fill:#fca5a5;opacity:.7}"
         ".sleeping{fill:#bfdbfe;opacity:.6}.buffered{fill:#a5b4fc;opacity:.5}.deadlocked{fill:#"
         "7f1d1d;opacity:.35}\n"
         ".fold rect{fill:url(#zigzag);stroke:#999;stroke-dasharray:3 2}"
         ".fold text{font-size:10px;text-anchor:middle;fill:#555}\n"
         ".handoff line{stroke:#2563eb;stroke-width:1.5}.handoff text{font-size:9px;fill:#1e40af}\n"
         ".chart path{fill:none;stroke:#7c3aed;stroke-width:1.5}\n"
         ".cycle path{fill:none;stroke:#7f1d1d;stroke-width:2}.cycle text{font-size:10px;"
         "fill:#7f1d1d}\n"
         "circle{cursor:pointer}circle.ev{fill:#9ca3af}circle.chan{fill:#16a34a}"
         "circle.wait{fill:#d97706}circle.bad{fill:#dc2626}circle.close{fill:#111}"
         "circle.sel{stroke:#000;stroke-width:2}\n"
         ".legend{font-size:12px;margin:4px 16px}.legend svg{vertical-align:middle}\n"
         "</style>\n</head>\n<body>\n<header>\n<h1>"
      << html_escape(info_.title) << "</h1>\n";
}

// The description, how the run ended, its deadlock cycle and summary, the controls.
void html_writer::write_outcome(const layout& l) {
  if (!info_.description.empty())
    out_ << "<p class=\"description\">" << html_escape(info_.description) << "</p>\n";
  out_ << "<p class=\"outcome\">Ended: <b>" << html_escape(end_reason_) << "</b>. "
       << count_of(events_.size(), "event", "events")
       << (dropped_ ? ", " + std::to_string(dropped_) + " more not drawn" : std::string())
       << ". The x axis is virtual time"
       << (l.folds.empty() ? std::string()
                           : "; " + count_of(l.folds.size(), "idle stretch", "idle stretches") +
                                 " longer than " + html_escape(format_time(l.fold_at)) +
                                 (l.folds.size() == 1 ? " is" : " are") + " folded (⋯)")
       << "."
       << (l.tooltip_labels ? " " + std::to_string(l.tooltip_labels) + " of " +
                                  count_of(arrows_.size(), "arrow label", "arrow labels") +
                                  " had no room beside the others: hover over an arrow for its "
                                  "value."
                            : std::string())
       << "</p>\n";
  if (!cycle_text_.empty())
    out_ << "<p class=\"cycle\">Deadlock cycle: <b>" << html_escape(cycle_text_)
         << "</b>: each waits for a channel only the next one would act on.</p>\n";
  if (!summary_.empty())
    out_ << "<p class=\"summary\">Summary:" << html_escape(summary_) << "</p>\n";
  if (!tables_.empty())
    out_ << "<p class=\"stepper\"><button id=\"first\">« first</button> <button id=\"back\">◀ "
            "step</button> <button id=\"play\">▶ play</button> <button id=\"fwd\">step "
            "▶</button> <span id=\"at\"></span> Step through the run: the events so far are "
            "drawn, the current one is ringed, with its explanation and every channel's state "
            "(as hotdog step shows them).</p>\n<pre id=\"channels\"></pre>\n";
  out_ << "<p><button id=\"fit\">fit</button> <button id=\"zin\">+</button> <button "
          "id=\"zout\">−</button> Wheel to zoom, drag to pan, click an event for its "
          "explanation.</p>\n<div id=\"details\">(click an event)</div>\n</header>\n";
}

// The legend, and the drawing's opening with its markers.
void html_writer::write_legend(const layout& l) {
  out_
      << "<div class=\"legend\">"
         "<svg width=\"20\" height=\"12\"><rect class=\"sleeping\" width=\"20\" "
         "height=\"12\"/></svg> sleeping "
         "<svg width=\"20\" height=\"12\"><rect class=\"parked\" width=\"20\" "
         "height=\"12\"/></svg> parked (go) "
         "<svg width=\"20\" height=\"12\"><rect class=\"blocked\" width=\"20\" "
         "height=\"12\"/></svg> blocked (thread) "
         "<svg width=\"20\" height=\"12\"><rect class=\"deadlocked\" width=\"20\" "
         "height=\"12\"/></svg> deadlocked "
         "<svg width=\"20\" height=\"12\"><rect class=\"buffered\" width=\"20\" "
         "height=\"12\"/></svg> a value waiting in a buffer (CHAN (buffer) lane) "
         "<svg width=\"30\" height=\"12\"><g class=\"cycle\"><path d=\"M0,6 L24,6\" "
         "marker-end=\"url(#waitsfor)\"/></g></svg> waits for (a deadlock cycle) "
         "<svg width=\"30\" height=\"12\"><g class=\"handoff\"><line x1=\"0\" y1=\"6\" "
         "x2=\"24\" y2=\"6\" marker-end=\"url(#head)\"/></g></svg> a value handed through a "
         "channel (chan: value) "
         "<svg width=\"12\" height=\"12\"><circle class=\"chan\" cx=\"6\" cy=\"6\" "
         "r=\"4\"/></svg> put/take/alts/offer/poll "
         "<svg width=\"12\" height=\"12\"><circle class=\"wait\" cx=\"6\" cy=\"6\" "
         "r=\"4\"/></svg> park/block "
         "<svg width=\"12\" height=\"12\"><circle class=\"close\" cx=\"6\" cy=\"6\" "
         "r=\"4\"/></svg> close "
         "<svg width=\"12\" height=\"12\"><circle class=\"bad\" cx=\"6\" cy=\"6\" "
         "r=\"4\"/></svg> drop/slide/error/deadlock "
         "<svg width=\"12\" height=\"12\"><circle class=\"ev\" cx=\"6\" cy=\"6\" "
         "r=\"4\"/></svg> other event "
         "<svg width=\"20\" height=\"12\"><g class=\"fold\"><rect width=\"20\" "
         "height=\"12\"/></g></svg> idle time folded"
      << (info_.crowds.empty() ? "" : "; a crowd's customers share one lane (crowd)")
      << (charts_.empty() ? "" : "; charts under the lanes step at each change") << "</div>\n"
      << "<svg id=\"view\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
         "preserveAspectRatio=\"xMinYMin meet\" data-px-per-ms=\""
      << l.px_per_ms << "\" data-width=\"" << num(l.width) << "\" data-height=\"" << num(l.height)
      << "\" viewBox=\"0 0 " << num(l.width) << " " << num(l.height) << "\">\n"
      << "<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
         "markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0 "
         "L10,5 L0,10 z\" fill=\"#2563eb\"/></marker><marker id=\"waitsfor\" viewBox=\"0 0 10 10\" "
         "refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
         "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
         "fill=\"#7f1d1d\"/></marker><pattern id=\"zigzag\" width=\"8\" "
         "height=\"8\" patternUnits=\"userSpaceOnUse\"><path d=\"M0,8 L4,0 L8,8\" fill=\"none\" "
         "stroke=\"#ccc\"/></pattern></defs>\n";
}

// The end of the drawing, each event's words for a click, and the zoom and pan script.
void html_writer::write_script() {
  std::string infos = "[";
  for (std::size_t i = 0; i < events_.size(); ++i)
    (infos += i ? "," : "") += js_string(events_[i].info);
  infos += "]";
  // The tables as numbers of their lines, each distinct line once: most lines stay as they
  // were from one event to the next.
  std::map<std::string, std::size_t> line_no;
  std::string lines = "[", tables = "[", tix = "[";
  for (std::size_t i = 0; i < tables_.size(); ++i) {
    tables += i ? ",[" : "[";
    std::size_t from = 0, n = 0;
    for (std::size_t nl; (nl = tables_[i].find('\n', from)) != std::string::npos; from = nl + 1) {
      auto [it, added] = line_no.try_emplace(tables_[i].substr(from, nl - from), line_no.size());
      if (added) (lines += line_no.size() > 1 ? "," : "") += js_string(it->first);
      (tables += n++ ? "," : "") += std::to_string(it->second);
    }
    tables += "]";
  }
  for (std::size_t i = 0; i < table_of_.size(); ++i)
    (tix += i ? "," : "") += std::to_string(table_of_[i]);
  lines += "]";
  tables += "]";
  tix += "]";
  out_ << "</svg>\n<script>\nconst infos=" << infos << ";\nconst lines=" << lines
       << ";\nconst tables=" << tables << ";\nconst tix=" << tix << ";\n"
       << R"JS((function(){
const svg=document.getElementById('view'),details=document.getElementById('details');
const W=+svg.dataset.width,H=+svg.dataset.height;
// The drawing is as high as it needs (up to the window) and as wide as the window: vw, the
// width of virtual time shown, follows from that. Zoom and pan move along time only.
let vx=0,vw=Math.min(W,2400);
const sticky=svg.querySelectorAll('.sticky');
function fill(){const cw=svg.clientWidth||1200,avail=Math.max(300,innerHeight-svg.getBoundingClientRect().top-8);
 let s=cw/vw;if(H*s>avail){s=avail/H;vw=Math.min(W,cw/s);}svg.style.height=Math.ceil(Math.min(avail,H*s))+'px';}
// Lane names and chart titles stay at the left edge of what is shown.
function show(){svg.setAttribute('viewBox',vx+' 0 '+vw+' '+H);for(const t of sticky)t.setAttribute('x',vx+10);}
function clamp(){vw=Math.max(50,Math.min(W,vw));vx=Math.max(0,Math.min(W-vw,vx));show();}
// Fit: all of the time that keeps text at 0.6 of its size or more (a crowd's run is long).
document.getElementById('fit').onclick=()=>{vx=0;vw=Math.min(W,svg.clientWidth/0.6);clamp();};
document.getElementById('zin').onclick=()=>{vx+=vw/4;vw/=2;clamp();};
document.getElementById('zout').onclick=()=>{vx-=vw/2;vw*=2;clamp();};
svg.addEventListener('wheel',ev=>{ev.preventDefault();const r=svg.getBoundingClientRect();
 const f=ev.deltaY<0?0.8:1.25,px=vx+(ev.clientX-r.left)/r.width*vw;vw*=f;vx=px-(px-vx)*f;clamp();},{passive:false});
let drag=null;
svg.addEventListener('mousedown',ev=>{drag={x:ev.clientX,vx:vx};});
window.addEventListener('mouseup',()=>{drag=null;});
window.addEventListener('mousemove',ev=>{if(!drag)return;const r=svg.getBoundingClientRect();
 vx=drag.vx-(ev.clientX-drag.x)/r.width*vw;clamp();});
let sel=null;
const dots=[...svg.querySelectorAll('circle[data-i]')];
function pick(c){if(sel)sel.classList.remove('sel');sel=c;c.classList.add('sel');details.textContent=infos[+c.dataset.i];}
svg.addEventListener('click',ev=>{const c=ev.target.closest('circle[data-i]');if(c)pick(c);});
// The step-through: event k is current, the later ones faded, the channels as after k.
if(tables.length){
 const panel=document.getElementById('channels'),at=document.getElementById('at');
 let k=-1,timer=null;
 window.hotdogStep=function(n){k=Math.max(0,Math.min(tix.length-1,n));
  for(const c of dots)c.classList.toggle('future',+c.dataset.i>k);
  pick(dots[k]);panel.textContent='channels after event ['+(k+1)+']:\n'+tables[tix[k]].map(n=>lines[n]).join('\n');
  at.textContent='event '+(k+1)+' of '+tix.length;
  const x=+dots[k].getAttribute('cx');if(x<vx||x>vx+vw){vx=x-vw/3;clamp();}};
 const stop=()=>{clearInterval(timer);timer=null;document.getElementById('play').textContent='▶ play';};
 document.getElementById('first').onclick=()=>{stop();hotdogStep(0);};
 document.getElementById('back').onclick=()=>{stop();hotdogStep(k-1);};
 document.getElementById('fwd').onclick=()=>{stop();hotdogStep(k+1);};
 document.getElementById('play').onclick=()=>{if(timer){stop();return;}
  document.getElementById('play').textContent='❚❚ pause';
  timer=setInterval(()=>{if(k>=tix.length-1){stop();return;}hotdogStep(k+1);},400);};
}
fill();show();
})();
</script>
</body>
</html>
)JS";
}

}  // namespace hotdog::sim
