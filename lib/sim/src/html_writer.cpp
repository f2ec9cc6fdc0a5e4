#include "hotdog/sim/html_writer.hpp"

#include "hotdog/sim/trace_writer.hpp"

#include <algorithm>
#include <deque>
#include <map>

namespace hotdog::sim {
namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string describe(const event& e) {
  std::string s = format_time(e.t) + " " + std::string(e.proc.empty() ? "-" : e.proc) + " " +
                  std::string(e.name());
  append_fields(s, e, field_style::text);
  return s;
}

std::string class_of(event_kind k) {
  switch (k) {
    case event_kind::park:
    case event_kind::block: return "wait";
    case event_kind::put:
    case event_kind::take:
    case event_kind::alts:
    case event_kind::offer:
    case event_kind::poll: return "chan";
    case event_kind::error:
    case event_kind::deadlock:
    case event_kind::drop:
    case event_kind::slide: return "bad";
    case event_kind::close: return "close";
    default: return "ev";
  }
}

}  // namespace

html_writer::html_writer(std::ostream& out, std::string title)
    : out_(out), title_(std::move(title)) {}

void html_writer::on_event(const event& e) {
  const bool end = e.kind == event_kind::end;
  if (events_.size() >= max_events && !end) {
    ++dropped_;
    return;
  }
  const std::size_t i = events_.size();
  events_.push_back({e.t, std::string(e.proc), class_of(e.kind), describe(e)});
  if (!e.proc.empty()) {
    // A parked or blocked interval runs from the park to the process's next event.
    if (auto w = waiting_.find(e.proc); w != waiting_.end()) {
      shades_.push_back({w->second.first, i, std::string(e.proc), w->second.second});
      waiting_.erase(w);
    }
    if (e.kind == event_kind::park || e.kind == event_kind::block)
      waiting_[std::string(e.proc)] = {i, e.kind == event_kind::park ? "parked" : "blocked"};
  }
  if (auto h = handoffs_.feed(e, i))
    arrows_.push_back(
        {h->from.index, h->to.index, h->from.proc, h->to.proc, h->chan + ": " + h->value});
  if (end) write();
}

void html_writer::write() {
  // Lanes in order of first appearance; events without a process get the last lane.
  std::map<std::string, int> lane;
  std::vector<std::string> names;
  for (const auto& e : events_)
    if (!e.proc.empty() && !lane.count(e.proc)) {
      lane[e.proc] = static_cast<int>(names.size());
      names.push_back(e.proc);
    }
  const int system_lane = static_cast<int>(names.size());
  names.push_back("(channels)");
  const int left = 150, step = 28, lane_h = 44, top = 70;
  const int width = std::max(900, left + static_cast<int>(events_.size()) * step + 60);
  const int height = top + static_cast<int>(names.size()) * lane_h + 40;
  auto x_of = [&](std::size_t i) { return left + static_cast<int>(i) * step + step / 2; };
  auto y_of = [&](int l) { return top + l * lane_h + lane_h / 2; };
  auto lane_of = [&](const std::string& proc) {
    return proc.empty() ? system_lane : lane.at(proc);
  };

  std::string lanes, shades, arrows, dots, times;
  for (std::size_t l = 0; l < names.size(); ++l) {
    const int y = y_of(static_cast<int>(l));
    lanes += "<line class=\"lane\" x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(y) +
             "\" x2=\"" + std::to_string(width - 20) + "\" y2=\"" + std::to_string(y) + "\"/>\n";
    lanes += "<text class=\"name\" x=\"10\" y=\"" + std::to_string(y + 4) + "\">" + esc(names[l]) +
             "</text>\n";
  }
  // Virtual time above the events, each time it changes.
  std::int64_t last_t = -1;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (events_[i].t == last_t) continue;
    last_t = events_[i].t;
    times += "<line class=\"tick\" x1=\"" + std::to_string(x_of(i)) + "\" y1=\"" +
             std::to_string(top - 12) + "\" x2=\"" + std::to_string(x_of(i)) + "\" y2=\"" +
             std::to_string(height - 30) + "\"/>\n";
    times += "<text class=\"time\" x=\"" + std::to_string(x_of(i)) + "\" y=\"" +
             std::to_string(top - 16) + "\" transform=\"rotate(-35 " + std::to_string(x_of(i)) +
             " " + std::to_string(top - 16) + ")\">" + esc(format_time(last_t)) + "</text>\n";
  }
  for (const auto& s : shades_) {
    const int l = lane_of(s.proc);
    const int x0 = x_of(s.from), x1 = x_of(s.to);
    shades += "<rect class=\"" + s.cls + "\" x=\"" + std::to_string(x0) + "\" y=\"" +
              std::to_string(y_of(l) - 10) + "\" width=\"" + std::to_string(x1 - x0) +
              "\" height=\"20\"/>\n";
  }
  for (const auto& a : arrows_) {
    arrows += "<line class=\"handoff\" x1=\"" + std::to_string(x_of(a.from)) + "\" y1=\"" +
              std::to_string(y_of(lane_of(a.from_proc))) + "\" x2=\"" + std::to_string(x_of(a.to)) +
              "\" y2=\"" + std::to_string(y_of(lane_of(a.to_proc))) +
              "\" marker-end=\"url(#head)\"><title>" + esc(a.label) + "</title></line>\n";
  }
  for (std::size_t i = 0; i < events_.size(); ++i) {
    const auto& e = events_[i];
    dots += "<circle class=\"" + e.cls + "\" cx=\"" + std::to_string(x_of(i)) + "\" cy=\"" +
            std::to_string(y_of(lane_of(e.proc))) + "\" r=\"5\"><title>" + esc(e.title) +
            "</title></circle>\n";
  }

  out_
      << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
      << esc(title_)
      << " — hotdog timeline</title>\n<style>\n"
         "body{font-family:sans-serif;margin:16px;color:#222}\n"
         ".lane{stroke:#ccc;stroke-width:1}.tick{stroke:#eee;stroke-width:1}\n"
         ".name{font-size:13px;font-weight:bold}.time{font-size:10px;fill:#666}\n"
         ".parked{fill:#fde68a;opacity:.7}.blocked{fill:#fca5a5;opacity:.7}\n"
         ".handoff{stroke:#2563eb;stroke-width:1.5}\n"
         "circle.ev{fill:#9ca3af}circle.chan{fill:#16a34a}circle.wait{fill:#d97706}circle.bad{fill:"
         "#dc2626}"
         "circle.close{fill:#111}\n"
         ".legend{font-size:12px}\n</style>\n</head>\n<body>\n<h1>"
      << esc(title_) << "</h1>\n<p>" << events_.size() << " events"
      << (dropped_ ? ", " + std::to_string(dropped_) + " more not drawn" : std::string())
      << ". Events run left to right in the order they happened; the virtual time is written "
         "above each moment. Hover over a dot or an arrow for details.</p>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" << width
      << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << " " << height << "\">\n"
      << "<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" "
         "markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
         "fill=\"#2563eb\"/></marker></defs>\n"
      << times << lanes << shades << arrows << dots
      << "<g class=\"legend\" transform=\"translate(10," << (height - 20)
      << ")\">"
         "<rect class=\"parked\" x=\"0\" y=\"-10\" width=\"20\" height=\"12\"/><text x=\"26\" "
         "y=\"0\">parked</text>"
         "<rect class=\"blocked\" x=\"90\" y=\"-10\" width=\"20\" height=\"12\"/><text x=\"116\" "
         "y=\"0\">blocked</text>"
         "<line class=\"handoff\" x1=\"190\" y1=\"-4\" x2=\"220\" y2=\"-4\" "
         "marker-end=\"url(#head)\"/>"
         "<text x=\"226\" y=\"0\">a value handed through a channel</text>"
         "<circle class=\"chan\" cx=\"450\" cy=\"-4\" r=\"5\"/><text x=\"460\" y=\"0\">channel "
         "operation</text>"
         "<circle class=\"wait\" cx=\"590\" cy=\"-4\" r=\"5\"/><text x=\"600\" y=\"0\">park / "
         "block</text>"
         "<circle class=\"bad\" cx=\"700\" cy=\"-4\" r=\"5\"/><text x=\"710\" y=\"0\">drop, slide, "
         "error, deadlock</text>"
         "</g>\n</svg>\n</body>\n</html>\n";
}

}  // namespace hotdog::sim
