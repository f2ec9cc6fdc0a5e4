#pragma once
/// @file html_writer.hpp
/// A self-contained HTML page with an SVG timeline of the run (`--format html`): a lane per
/// process, events in order from left to right with the virtual time above them, each
/// channel handoff an arrow from putter to taker, parked and blocked intervals shaded, and
/// a legend. No scripts, no network: it opens anywhere.

#include "hotdog/event.hpp"
#include "hotdog/sim/handoff_tracker.hpp"

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace hotdog::sim {

class html_writer final : public observer {
 public:
  /// Writes the page to `out` when the run's `end` event arrives.
  html_writer(std::ostream& out, std::string title);
  void on_event(const event& e) override;

  /// At most this many events are drawn; the rest are counted in a note (a page for people).
  static constexpr std::size_t max_events = 5000;

 private:
  void write();
  // What the page needs of each event, kept as the events pass.
  struct drawn {
    std::int64_t t;
    std::string proc;
    std::string cls;    // the dot's class
    std::string title;  // the event in words, shown on hover
  };
  struct shade {
    std::size_t from, to;
    std::string proc, cls;
  };
  struct arrow {
    std::size_t from, to;
    std::string from_proc, to_proc, label;
  };
  std::ostream& out_;
  std::string title_;
  std::vector<drawn> events_;
  std::vector<shade> shades_;
  std::vector<arrow> arrows_;
  std::map<std::string, std::pair<std::size_t, std::string>, std::less<>> waiting_;  // by process
  handoff_tracker handoffs_;
  std::size_t dropped_ = 0;
};

}  // namespace hotdog::sim
