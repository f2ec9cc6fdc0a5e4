#pragma once
/// @file html_writer.hpp
/// A self-contained HTML page of the run (`--format html`): one offline file, its script and
/// style inline. An SVG timeline whose x axis is virtual time (long idle stretches folded and
/// marked), a lane per process (a crowd of customers folded into one lane), each channel
/// handoff an arrow labelled with its value, sleeps, parks and blocks shaded per lane,
/// deadlocked lanes shaded to the end; the scenario's description, the summary and the end
/// reason at the top; click an event for what `--explain` says of it; zoom and pan. A run
/// with crowds adds charts over time (queue at each machine, hopper stock, customers
/// present, served and hungry so far).

#include "hotdog/event.hpp"
#include "hotdog/sim/events/payloads.hpp"
#include "hotdog/sim/analysis/explainer.hpp"
#include "hotdog/sim/analysis/channel_table.hpp"
#include "hotdog/sim/analysis/handoff_tracker.hpp"
#include "hotdog/sim/trace/picture_info.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <unordered_map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace hotdog::sim {

class html_writer final : public observer {
 public:
  /// Writes the page to `out` when the run's `end` event arrives.
  html_writer(std::ostream& out, page_info info);
  html_writer(std::ostream& out, std::string title)
      : html_writer(out, page_info{std::move(title), {}, {}}) {}
  void on_event(const event& e) override;
  /// Lets the explanations name what sc's combinators wait for (explainer::know).
  void know(const scenario& sc) { explainer_.know(sc); }
  /// The step-through's channel panel: `rows` gives every channel's state now (called after
  /// each drawn event, during the run), shown as `hotdog step`'s table. Without it the page
  /// has no channel panel.
  void set_channel_rows(std::function<std::vector<channel_row>()> rows) { rows_ = std::move(rows); }

  /// At most this many events are drawn; the rest are counted in a note (a page for people).
  static constexpr std::size_t max_events = 5000;
  /// An arrow's value is kept to at most this many bytes (cut at a UTF-8 boundary).
  static constexpr std::size_t max_arrow_value = 200;
  /// An event's text (shown on click) longer than this is kept whole only while the long
  /// ones kept total at most max_kept_text; past that it is shortened to this many bytes.
  static constexpr std::size_t max_event_text = 4096;
  /// What the long event texts a page keeps whole may total: the page's size stays bounded.
  static constexpr std::size_t max_kept_text = std::size_t{16} << 20;

 private:
  // The page's geometry: lanes, the time axis and where each event is drawn.
  struct layout;
  layout lay_out() const;
  void write();
  void write_head();
  void write_outcome(const layout& l);
  void write_legend(const layout& l);
  void write_script();
  void svg_time(std::string& svg, const layout& l) const;
  void svg_lanes(std::string& svg, const layout& l) const;
  // Returns the right end of what it drew (labels and the cycle's words) and how many
  // arrow labels had no room (their arrows' tooltips say them).
  std::pair<double, std::size_t> svg_arrows(std::string& svg, const layout& l) const;
  void svg_charts(std::string& svg, const layout& l) const;
  // The lane an event's process is drawn on: its crowd's for a crowd member.
  std::string lane_key(std::string_view proc) const;
  // A buffered channel's values go into its own lane at the put and out at the take.
  bool buffered(std::string_view chan) const;
  void through_buffer(const event& e, std::size_t i, const std::string& lane);
  // Charts (crowd runs): one series of steps over time, and its value now.
  struct series {
    std::vector<std::pair<std::int64_t, std::int64_t>> points;
    std::int64_t value = 0;
  };
  void chart(const event& e);
  // A machine's series, by the machine's process index, found by name only the first time.
  series& machine_series(std::vector<series*>& of, std::size_t machine, std::string_view what,
                         std::string_view machine_name);
  static void set(series& s, std::int64_t t, std::int64_t v);
  series& cached(series*& slot, const std::string& name);
  // What the page needs of each event, kept as the events pass.
  struct drawn {
    std::int64_t t;
    std::string lane;
    std::string cls;   // the dot's class
    std::string info;  // the event in words, and what --explain says of it
  };
  struct shade {
    std::size_t from, to;
    std::string lane, cls;
  };
  struct arrow {
    std::size_t from, to;
    std::string from_lane, to_lane, chan, value;
  };
  std::ostream& out_;
  page_info info_;
  std::vector<drawn> events_;
  std::vector<shade> shades_;
  std::vector<arrow> arrows_;
  // A deadlock's cycle: who waits (lane) for whom, on which channel, drawn at the deadlock.
  struct wait_edge {
    std::string from_lane, to_lane, chan;
  };
  std::vector<wait_edge> cycle_;
  std::string cycle_text_;  // "ann → bob → ann"
  // Who waits now: the event it began at and how. A tagged process by (proc_tag,
  // proc_member), with its name; an untagged one by name.
  struct open_wait {
    std::string proc;
    std::size_t from = 0;
    std::string how;
  };
  std::unordered_map<std::uint64_t, open_wait> waiting_tagged_;
  std::map<std::string, std::pair<std::size_t, std::string>, std::less<>> waiting_;
  handoff_tracker handoffs_;
  explainer explainer_;
  // The step-through: each drawn event's channel table, as an index into the distinct
  // tables (consecutive events often share one).
  channel_table table_;
  // Per buffered channel, the events whose values wait in it, oldest first; the channels
  // whose next put is discarded by their dropping buffer.
  std::map<std::string, std::deque<std::size_t>, std::less<>> in_buffer_;
  std::map<std::string, std::size_t, std::less<>> drop_next_;
  std::function<std::vector<channel_row>()> rows_;
  std::vector<std::string> tables_;
  std::vector<std::size_t> table_of_;
  std::size_t dropped_ = 0;
  std::size_t kept_text_ = 0;  // bytes of long event texts kept whole so far
  std::string keep(std::string text);
  std::string summary_, end_reason_;
  std::map<std::string, series> charts_;      // by name, as the page lists them
  std::vector<series*> queue_at_, stock_at_;  // by machine process index
  series *present_ = nullptr, *served_ = nullptr, *hungry_ = nullptr;
};

}  // namespace hotdog::sim
