#pragma once
// Test support for the combinators: a deterministic runtime whose processes put and take
// (their events are what the tests assert on), and a real-time one for races.

#include <hotdog/deterministic_runtime.hpp>
#include <hotdog/process.hpp>
#include <hotdog/realtime_runtime.hpp>

#include "support.hpp"

#include <string>
#include <utility>
#include <vector>

namespace hotdog::test {

using strings = std::vector<std::string>;

/// One deterministic run: channels of strings, processes that log what they see. The
/// combinators' loops are not processes: a run ends when its last process exits, so a test
/// whose loops have work left after that lets a process sleep.
struct combinator_world {
  deterministic_runtime rt{1};
  recorder rec;
  combinator_world() { rt.set_observer(&rec); }
  channel<std::string> make(std::string name, std::size_t cap = 0,
                            buffer_policy p = buffer_policy::fixed) {
    return make_channel<std::string>(rt, std::move(name), cap, p);
  }
  void go(std::string name, process_body body, std::int64_t start = 0) {
    rt.spawn({std::move(name), process_mode::go, false, start}, std::move(body));
  }
  /// The lines of every put, take and log, in order (start, exit and end left out).
  strings story() const {
    strings out;
    for (const auto& e : rec.events)
      if (e.ev == "put" || e.ev == "take" || e.ev == "log") out.push_back(e.line);
    return out;
  }
};

/// A process that takes from c until it closes, logging each value, then logs "closed".
inline process_body drain(channel<std::string> c) {
  return [c](process& p) -> task<void> {
    for (;;) {
      auto v = co_await p.take(c);
      if (!v) break;
    }
    p.log("closed");
  };
}

}  // namespace hotdog::test
