#pragma once
// Test support: a recording observer, and a compact one-line rendering of events that
// tests compare against (SimPy-style: assert on the event log).

#include <hotdog/event.hpp>

#include <string>
#include <vector>

namespace hotdog::test {

/// Renders an event as "t proc ev k=v k=v" (values as JSON text).
inline std::string line(const event& e) {
  std::string s = std::to_string(e.t) + " " + std::string(e.proc.empty() ? "-" : e.proc) + " " +
                  std::string(e.name());
  append_fields(s, e, field_style::text);
  return s;
}

/// What a test keeps of an event: events refer to the reporter's data, so they are copied.
struct recorded {
  std::uint64_t seq;
  std::int64_t t;
  std::string proc, ev, line;
};

class recorder final : public observer {
 public:
  void on_event(const event& e) override {
    events.push_back({e.seq, e.t, std::string(e.proc), std::string(e.name()), line(e)});
    lines.push_back(events.back().line);
  }
  /// The lines whose process is proc (or, with ev, whose kind is ev too).
  std::vector<std::string> of(const std::string& proc, const std::string& ev = {}) const {
    std::vector<std::string> out;
    for (const auto& e : events)
      if (e.proc == proc && (ev.empty() || e.ev == ev)) out.push_back(e.line);
    return out;
  }
  std::vector<recorded> events;
  std::vector<std::string> lines;
};

}  // namespace hotdog::test
