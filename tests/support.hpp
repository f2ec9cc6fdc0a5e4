#pragma once
// Test support: a recording observer, and a compact one-line rendering of events that
// tests compare against (SimPy-style: assert on the event log).

#include <hotdog/event.hpp>

#include <string>
#include <vector>

namespace hotdog::test {

/// Renders an event as "t proc ev k=v k=v" (values as JSON text).
inline std::string line(const event& e) {
  std::string s = std::to_string(e.t) + " " + (e.proc.empty() ? "-" : e.proc) + " " + e.ev;
  for (const auto& [k, v] : e.fields) s += " " + k + "=" + v;
  return s;
}

class recorder final : public observer {
 public:
  void on_event(const event& e) override {
    events.push_back(e);
    lines.push_back(line(e));
  }
  /// The lines whose process is proc (or, with ev, whose kind is ev too).
  std::vector<std::string> of(const std::string& proc, const std::string& ev = {}) const {
    std::vector<std::string> out;
    for (const auto& e : events)
      if (e.proc == proc && (ev.empty() || e.ev == ev)) out.push_back(line(e));
    return out;
  }
  std::vector<event> events;
  std::vector<std::string> lines;
};

}  // namespace hotdog::test

// Never write co_await inside a Catch macro: g++ 12 evaluates a co_await even in the
// macro's unevaluated `false && (...)` branch, so the operation would run twice.
