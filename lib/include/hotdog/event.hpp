#pragma once
/// @file event.hpp
/// The trace event — a small typed record, `{seq, t, process, kind, channel(s), payload}` —
/// and the observer through which a runtime reports every event. Nothing in an event is
/// text made in advance: values are referred to and formatted by whichever sink writes
/// them, so a run that writes no trace makes no event text at all.

#include "hotdog/json_text.hpp"
#include "hotdog/value_traits.hpp"

#include <bitset>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hotdog {

/// What happened. The core's own kinds; a layer above (the simulation) reports its kinds
/// as `custom`, naming them in `event::custom_name`.
enum class event_kind : std::uint8_t {
  start,     ///< a process starts
  exit,      ///< a process returns
  put,       ///< a put completed: chan, value, ok
  take,      ///< a take completed: chan, value (null when closed)
  offer,     ///< an offer! completed: chan, value, ok (true, false, or null: it would wait)
  poll,      ///< a poll! completed: chan, value (null when nothing was there)
  close,     ///< a channel was closed: chan
  park,      ///< a go process parks: op, chan (an alts: chans)
  block,     ///< a thread process blocks: op, chan (an alts: chans)
  drop,      ///< a dropping buffer discarded a new value: chan, value (no process)
  slide,     ///< a sliding buffer discarded its oldest value: chan, value (no process)
  alts,      ///< an alts completed: chan is the port, value
  sleep,     ///< a process waits: number is the ms
  log,       ///< a process says text
  error,     ///< a process failed: text is the message
  deadlock,  ///< nothing can ever run again: deadlock names who waits on what
  end,       ///< the run ended: text is the reason
  custom,    ///< a kind of the layer above, named by custom_name: fields or a typed payload
};
inline constexpr std::size_t event_kind_count = static_cast<std::size_t>(event_kind::custom) + 1;

/// The kind as traces spell it ("put", "park", ...); a custom kind's name is its own.
std::string_view to_string(event_kind k) noexcept;

/// What a waiting process waits to do.
enum class wait_op : std::uint8_t { none, put, take, alts };
/// The operation as traces spell it ("put", "take", "alts"; "" for none).
std::string_view to_string(wait_op op) noexcept;

/// A reference to a channel value that formats itself as JSON text only when a sink asks;
/// a default-constructed reference is core.async's nil (JSON `null`). Valid only while the
/// event it belongs to is being reported.
class value_ref {
 public:
  value_ref() = default;
  /// Refers to v, written through value_traits<T>::append.
  template <class T>
  explicit value_ref(const T& v) noexcept : p_(&v), append_(&append_as<T>) {}

  bool is_null() const noexcept { return p_ == nullptr; }
  /// Appends the value's JSON text (`null` when there is none) to out.
  void append_json(std::string& out) const {
    if (p_)
      append_(out, p_);
    else
      out += "null";
  }
  /// The value's JSON text.
  std::string json() const {
    std::string s;
    append_json(s);
    return s;
  }

 private:
  template <class T>
  static void append_as(std::string& out, const void* p);
  const void* p_ = nullptr;
  void (*append_)(std::string&, const void*) = nullptr;
};

/// One field of a custom event: a name and a typed value.
struct event_field {
  using value_type = std::variant<std::int64_t, bool, std::string_view, value_ref, double>;
  std::string_view key;
  value_type value;
};

/// A process that can never go on, as a deadlock report names it.
struct waiting_entry {
  std::string proc;
  wait_op op = wait_op::none;
  std::vector<std::string> chans;  ///< one channel, or an alts's channels in order
};

/// Whom a deadlocked process waits for (not shown in traces; the text and --explain say it).
struct waiting_for {
  /// The other deadlocked processes whose remaining programs could release it (put to the
  /// channel it takes from, take from the one it puts to, close it), in spawn order.
  std::vector<std::string> partners;
  /// Its own remaining program is the only one that could release it: it waits on itself.
  bool self = false;
};

/// Who is deadlocked and on what.
struct deadlock_report {
  std::vector<waiting_entry> waiting;
  /// For each of waiting, by index, whom it waits for (shorter when not known).
  std::vector<waiting_for> waits_for;
  /// The first cycle of processes waiting on each other, starting and ending at its
  /// first-declared process (`["ann", "bob", "ann"]`; a process waiting on itself:
  /// `["ann", "ann"]`); empty when there is none.
  std::vector<std::string> cycle;
  /// Other processes (daemons, tickers) still run: the deadlock is among some processes.
  bool others_run = false;
  /// How many steps the search that found it took (not shown in traces): a test holds it
  /// to a multiple of the processes and what they reach, never their square.
  std::uint64_t search_steps = 0;
};

/// One trace event. Views and references point into the reporter's data: an observer
/// that keeps an event past on_event copies what it needs.
struct event {
  std::uint64_t seq = 0;  ///< 1, 2, 3, ... in the order events happened (filled in by emit)
  std::int64_t t = 0;     ///< virtual time, whole milliseconds (filled in by emit)
  event_kind kind = event_kind::custom;
  wait_op op = wait_op::none;  ///< park, block: what the process waits to do; alts: whether
                               ///< the arm that completed put or took (none: default)
  std::optional<bool> ok;      ///< put, offer, an alts put: the result (offer: empty when it
                               ///< would have had to wait)
  std::string_view proc;       ///< the process the event belongs to; empty for none
  std::string_view chan;       ///< the channel (alts: the port that completed)
  std::span<const std::string_view> chans;  ///< park, block of an alts: its channels
  /// The numbers the layer above gave the process (process_options::tag, member) and the
  /// channel (channel_options::tag) so that observers index instead of looking names up;
  /// 0: not given (then only the names tell). Not part of any trace.
  std::uint32_t proc_tag = 0;
  std::uint32_t proc_member = 0;  ///< which of the processes sharing proc_tag
  std::uint32_t chan_tag = 0;
  std::span<const std::uint32_t> chan_tags;  ///< park, block of an alts: chans's tags
  std::uint64_t put_arms = 0;  ///< park, block of an alts: bit i set when arm i (< 64) puts
  value_ref value;             ///< put, take, offer, poll, drop, slide, alts
  std::int64_t number = 0;     ///< sleep: ms
  std::string_view text;       ///< log, error: the message; end: the reason
  const deadlock_report* deadlock = nullptr;  ///< deadlock: who waits on what
  std::string_view custom_name;               ///< custom: the kind's name
  std::uint16_t custom_kind = 0;              ///< custom: the layer above's own number for it
  std::span<const event_field> fields;        ///< custom: its fields, in trace order
  /// custom: the layer above's typed payload, whose type custom_kind tells (null: none);
  /// that layer reads it, and writes its fields, through its own accessors.
  const void* custom_payload = nullptr;
  /// False for an event of a finite burst at one instant (process::finite_burst): it does
  /// not count towards the stall limit. Not part of any trace.
  bool counts_as_step = true;

  /// The kind's name as traces spell it.
  std::string_view name() const noexcept {
    return kind == event_kind::custom ? custom_name : to_string(kind);
  }
};

/// A set of event kinds.
using event_mask = std::bitset<event_kind_count>;
/// Every kind.
inline event_mask all_events() { return event_mask().set(); }
/// The mask of the given kinds.
inline event_mask events_of(std::initializer_list<event_kind> kinds) {
  event_mask m;
  for (auto k : kinds) m.set(static_cast<std::size_t>(k));
  return m;
}

/// Receives the events of a run, in order, one call at a time.
class observer {
 public:
  virtual ~observer() = default;
  virtual void on_event(const event& e) = 0;
  /// The kinds this observer reads (asked once, when it is attached): the runtime reports
  /// no other kind to it, and builds nothing for a kind no observer wants. (`end` is always
  /// reported.)
  virtual event_mask wants() const { return all_events(); }
};

/// How append_fields separates fields: ` key=value` (text) or `,"key":value` (JSONL).
enum class field_style { text, jsonl };

/// Appends every field of e but seq, t, proc and kind, in the trace's order, each value as
/// JSON text (of a custom event, its `fields`: a typed payload is the layer above's to write).
void append_fields(std::string& out, const event& e, field_style style);

/// Appends the JSON text of a custom field's value.
void append_field_json(std::string& out, const event_field::value_type& v);

template <class T>
void value_ref::append_as(std::string& out, const void* p) {
  append_value(out, *static_cast<const T*>(p));
}

}  // namespace hotdog
