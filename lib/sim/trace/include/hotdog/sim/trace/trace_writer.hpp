#pragma once
/// @file trace_writer.hpp
/// Trace writers: observers that stream each event as it happens.

#include "hotdog/event.hpp"
#include "hotdog/sim/events/payloads.hpp"
#include "hotdog/sim/analysis/explainer.hpp"
#include "hotdog/sim/analysis/handoff_tracker.hpp"

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

/// A Mermaid `sequenceDiagram` of the run: participants are processes, messages are values
/// handed from a putter to a taker through a channel, notes mark parks, sleeps, closes,
/// timeouts and logs. Streamed as the run goes.
class mermaid_writer final : public observer {
 public:
  explicit mermaid_writer(std::ostream& out);
  void on_event(const event& e) override;

 private:
  std::string participant(std::string_view proc);
  void note(std::string_view proc, const std::string& text);
  void arrow(const std::string& from, const std::string& to, const std::string& text);
  std::ostream& out_;
  std::map<std::string, std::string, std::less<>> ids_;
  handoff_tracker handoffs_;
  std::size_t seen_ = 0;
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
