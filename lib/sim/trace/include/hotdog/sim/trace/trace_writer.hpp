#pragma once
/// @file trace_writer.hpp
/// Trace writers: observers that stream each event as it happens.

#include "hotdog/event.hpp"
#include "hotdog/sim/events/payloads.hpp"
#include "hotdog/sim/analysis/explainer.hpp"
#include "hotdog/sim/analysis/handoff_tracker.hpp"
#include "hotdog/sim/trace/picture_info.hpp"

#include <deque>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace hotdog::sim {

/// One JSON object per line, keys in the spec's order, no spaces.
class jsonl_writer final : public observer {
 public:
  explicit jsonl_writer(std::ostream& out) : out_(out) {}
  void on_event(const event& e) override;
  /// --explain: an event that has an explanation gets one more field, last: "explain" (text).
  void set_explain(bool on) noexcept { explain_ = on; }

 private:
  std::ostream& out_;
  std::string line_;
  bool explain_ = false;
  explainer explainer_;
};

/// Writes nothing: a run whose trace nobody reads (it wants only `end`, so no event of any
/// other kind is even made).
class null_writer final : public observer {
 public:
  void on_event(const event&) override {}
  event_mask wants() const override { return events_of({event_kind::end}); }
};

/// Aligned columns for people: time, process, event, details; colour if asked.
class text_writer final : public observer {
 public:
  /// `process_width` is the widest process name, so columns line up from the first line.
  /// The `summary` event goes to `summary` (stderr in the CLI), written for people.
  text_writer(std::ostream& out, std::size_t process_width, bool color, std::ostream& summary);
  void on_event(const event& e) override;
  /// Under each event, a line that says what it means in core.async terms (--explain).
  void set_explain(bool on) noexcept { explain_ = on; }

 private:
  void write_summary(const summary_event* s);
  bool explain_ = false;
  explainer explainer_;
  std::string line_;
  std::ostream& out_;
  std::ostream& summary_;
  std::size_t width_;
  bool color_;
};

/// A Mermaid `sequenceDiagram` of the run: participants are processes (a crowd's customers
/// folded into one) and buffered channels, messages are values handed from a putter to a
/// taker (through the channel's participant when it has a buffer: in at the put, out at the
/// take), notes mark parks, sleeps, closes, timeouts, logs and, over every waiting process,
/// a deadlock and its cycle. Streamed as the run goes.
class mermaid_writer final : public observer {
 public:
  explicit mermaid_writer(std::ostream& out, page_info info = {});
  void on_event(const event& e) override;
  /// The characters written so far (Mermaid refuses diagrams over mermaid_max_text).
  std::size_t size() const noexcept { return written_; }
  /// Mermaid's default maxTextSize: it draws no diagram longer than this.
  static constexpr std::size_t mermaid_max_text = 50000;

 private:
  std::string participant(std::string_view proc);
  std::string channel_participant(const std::string& chan);
  void note(std::string_view proc, const std::string& text);
  void note_over(const std::string& id, const std::string& text);
  void arrow(const std::string& from, const std::string& to, const std::string& text);
  void line(const std::string& text);
  bool buffered(std::string_view chan) const;
  void deadlock(const event& e);
  void through_buffer(const event& e);
  bool handed_at_put(const event& e);
  std::ostream& out_;
  page_info info_;
  // Takers parked on each channel, in order, and the channels each waits on; the takes whose
  // value was drawn at its put already (the put met them parked), by channel.
  std::map<std::string, std::deque<std::string>, std::less<>> parked_takers_, drawn_early_;
  std::map<std::string, std::vector<std::string>, std::less<>> parked_on_;
  std::map<std::string, std::string, std::less<>> ids_, chan_ids_;
  handoff_tracker handoffs_;
  std::size_t seen_ = 0, written_ = 0;
};

/// Virtual time for people: "0.000s", "2.500s", "1m02.500s", "1h00m00.000s".
std::string format_time(std::int64_t ms);

/// Appends e's fields as the text format writes them (` key=value`...): a simulation event's
/// as its payload's serializer gives them (event_fields.hpp), a duration (a leave's `waited`)
/// read as a time like the first column; any other event's as append_fields' text style.
/// Every picture for people (text, Mermaid notes, the HTML page) writes fields so.
void append_text_fields(std::string& out, const event& e);

/// Appends e's fields as JSONL writes them (`,"key":value`...): a simulation event's as its
/// payload's serializer gives them, any other event's as append_fields' JSONL style.
void append_jsonl_fields(std::string& out, const event& e);

}  // namespace hotdog::sim
