#include "hotdog/sim/trace/html_writer.hpp"

#include "hotdog/sim/text/shorten.hpp"

#include "hotdog/sim/events/payloads.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/trace/trace_writer.hpp"

#include <algorithm>

// What html_writer keeps of each event as the run goes, and the charts of a crowd run; the
// page itself is written in html_page.cpp.

namespace hotdog::sim {
namespace {

std::string describe(const event& e) {
  std::string s = format_time(e.t) + " " + std::string(e.proc.empty() ? "-" : e.proc) + " " +
                  std::string(e.name());
  append_text_fields(s, e);
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

html_writer::html_writer(std::ostream& out, page_info info) : out_(out), info_(std::move(info)) {}

std::string crowd_lane(std::string_view proc, const std::vector<std::string>& crowds) {
  for (const auto& c : crowds) {
    if (proc == c) return c;
    if (proc.size() > c.size() + 1 && proc.compare(0, c.size(), c) == 0 && proc[c.size()] == '-' &&
        std::all_of(proc.begin() + static_cast<std::ptrdiff_t>(c.size()) + 1, proc.end(),
                    [](char ch) { return ch >= '0' && ch <= '9'; }))
      return c;
  }
  return std::string(proc);
}

std::string html_writer::lane_key(std::string_view proc) const {
  return crowd_lane(proc, info_.crowds);
}

bool html_writer::buffered(std::string_view chan) const {
  return std::find(info_.buffered.begin(), info_.buffered.end(), chan) != info_.buffered.end();
}

// The lane of a buffered channel: a name no process has (it starts with \x01); the page
// shows it as "CHAN (buffer)".
namespace {
std::string buffer_lane(std::string_view chan) { return "\x01" + std::string(chan); }
}  // namespace

void html_writer::through_buffer(const event& e, std::size_t i, const std::string& lane) {
  const std::string chan(e.chan), buf = buffer_lane(chan);
  const bool alts_put = e.kind == event_kind::alts && e.op == wait_op::put;
  const bool alts_take = e.kind == event_kind::alts && e.op == wait_op::take;
  auto& waiting = in_buffer_[chan];
  if ((e.kind == event_kind::put || e.kind == event_kind::offer || alts_put) &&
      e.ok.value_or(false)) {
    if (auto d = drop_next_.find(chan); d != drop_next_.end() && d->second > 0) {
      --d->second;  // discarded: it never enters
      return;
    }
    arrows_.push_back({i, i, lane, buf, chan,
                       alts_put ? "(alts put)" : shorten_utf8(e.value.json(), max_arrow_value)});
    waiting.push_back(i);
  } else if ((e.kind == event_kind::take || e.kind == event_kind::poll || alts_take) &&
             !e.value.is_null()) {
    arrows_.push_back({i, i, buf, lane, chan, shorten_utf8(e.value.json(), max_arrow_value)});
    if (!waiting.empty()) {
      shades_.push_back({waiting.front(), i, buf, "buffered"});
      waiting.pop_front();
    }
  } else if (e.kind == event_kind::slide && !waiting.empty()) {
    shades_.push_back({waiting.front(), i, buf, "buffered"});
    waiting.pop_front();
  } else if (e.kind == event_kind::drop) {
    ++drop_next_[chan];
  }
}

std::string html_writer::keep(std::string text) {
  if (text.size() <= max_event_text) return text;
  if (kept_text_ + text.size() <= max_kept_text) {
    kept_text_ += text.size();
    return text;
  }
  return shorten_utf8(text, max_event_text) + "\n(" + std::to_string(text.size()) +
         " bytes in all: the page keeps " + std::to_string(max_kept_text >> 20) +
         " MiB of long texts whole; --format jsonl has every value whole)";
}

void html_writer::set(series& s, std::int64_t t, std::int64_t v) {
  s.value = v;
  if (!s.points.empty() && s.points.back().first == t)
    s.points.back().second = v;
  else
    s.points.emplace_back(t, v);
}

html_writer::series& html_writer::cached(series*& slot, const std::string& name) {
  if (!slot) slot = &charts_[name];  // a std::map's elements stay where they are
  return *slot;
}

html_writer::series& html_writer::machine_series(std::vector<series*>& of, std::size_t machine,
                                                 std::string_view what,
                                                 std::string_view machine_name) {
  const auto name = [&] { return std::string(what) + std::string(machine_name); };
  if (machine == no_process) return charts_[name()];
  if (machine >= of.size()) of.resize(machine + 1, nullptr);
  if (!of[machine]) of[machine] = &charts_[name()];
  return *of[machine];
}

void html_writer::chart(const event& e) {
  const auto bump = [&e](series& s, std::int64_t d) { set(s, e.t, s.value + d); };
  // A customer is in its machine's queue from its arrival until it pays or leaves unpaid.
  const auto queue_of = [this](std::size_t machine) {
    return machine < queue_at_.size() ? queue_at_[machine] : nullptr;
  };
  if (const auto* a = payload_of<arrive_event>(e)) {
    bump(cached(present_, "customers present"), +1);
    // A shared line is no machine's queue (its payment's pay event names no queue either).
    if (a->machine != no_process)
      bump(machine_series(queue_at_, a->machine, "queue at ", a->machine_name), +1);
  } else if (const auto* p = payload_of<pay_event>(e)) {
    if (series* q = queue_of(p->queued_at)) bump(*q, -1);
  } else if (const auto* l = payload_of<leave_event>(e)) {
    bump(cached(present_, "customers present"), -1);
    if (series* q = queue_of(l->machine); q && hungry(l->reason)) bump(*q, -1);
    if (l->reason == leave_reason::served) bump(cached(served_, "served so far"), +1);
    if (hungry(l->reason)) bump(cached(hungry_, "hungry so far"), +1);
  } else if (const auto* st = payload_of<stock_event>(e)) {
    set(machine_series(stock_at_, st->machine, "hopper stock at ", e.proc), e.t, st->count);
  } else if ((e.kind == event_kind::take || e.kind == event_kind::poll) && !e.value.is_null() &&
             e.chan == machine_hopper(std::string(e.proc))) {
    // The hopper's stock is what its channel holds: a machine takes a hot dog out when it
    // gets ready to sell it, before the dispense (counting at the dispense counted the one
    // in its hand as still in the hopper, one over the capacity after a restock).
    bump(machine_series(stock_at_, no_process, "hopper stock at ", e.proc), -1);
  } else if (const auto* r = payload_of<restock_event>(e)) {
    bump(machine_series(stock_at_, r->machine, "hopper stock at ", r->machine_name), r->count);
  }
}

void html_writer::on_event(const event& e) {
  const bool end = e.kind == event_kind::end;
  // The explainer and the charts follow every event, drawn or not.
  std::optional<std::string> why = explainer_.explain(e);
  if (!info_.crowds.empty() &&
      (e.kind == event_kind::custom || e.kind == event_kind::take || e.kind == event_kind::poll))
    chart(e);
  if (is(e, sim_event::summary)) {
    summary_.clear();
    append_text_fields(summary_, e);
  }
  if (end) end_reason_ = std::string(e.text);
  if (rows_) table_.on_event(e);
  if (events_.size() >= max_events && !end) {
    ++dropped_;
    return;
  }
  if (rows_ && !end) {
    std::string t;
    for (const auto& line : table_.lines(rows_())) t += line + "\n";
    if (tables_.empty() || tables_.back() != t) tables_.push_back(std::move(t));
    table_of_.push_back(tables_.size() - 1);
  }
  const std::size_t i = events_.size();
  const std::string lane = e.proc.empty() ? std::string() : lane_key(e.proc);
  std::string info = describe(e);
  if (why) info += "\n" + *why;
  events_.push_back({e.t, lane, class_of(e.kind), keep(std::move(info))});
  if (!e.proc.empty()) {
    // A parked, blocked or sleeping interval runs from its event to the process's next one.
    const std::uint64_t key = std::uint64_t{e.proc_tag} << 32 | e.proc_member;
    if (e.proc_tag != 0) {
      if (auto w = waiting_tagged_.find(key); w != waiting_tagged_.end()) {
        shades_.push_back({w->second.from, i, lane, w->second.how});
        waiting_tagged_.erase(w);
      }
    } else if (auto w = waiting_.find(e.proc); w != waiting_.end()) {
      shades_.push_back({w->second.first, i, lane, w->second.second});
      waiting_.erase(w);
    }
    if (e.kind == event_kind::park || e.kind == event_kind::block || e.kind == event_kind::sleep) {
      std::string how = e.kind == event_kind::park    ? "parked"
                        : e.kind == event_kind::block ? "blocked"
                                                      : "sleeping";
      if (e.proc_tag != 0)
        waiting_tagged_[key] = {std::string(e.proc), i, std::move(how)};
      else
        waiting_[std::string(e.proc)] = {i, std::move(how)};
    }
  }
  if (e.kind == event_kind::deadlock && e.deadlock) {
    // Deadlocked lanes are shaded from their wait to the end, and a cycle of processes
    // waiting on each other is drawn as arrows from each waiter to the one it waits for.
    // Once per deadlock event: the report names processes, so tagged waits are found by
    // name here.
    for (const auto& w : e.deadlock->waiting) {
      if (auto it = waiting_.find(w.proc); it != waiting_.end()) it->second.second = "deadlocked";
      for (auto& [key, open] : waiting_tagged_)
        if (open.proc == w.proc) open.how = "deadlocked";
    }
    const auto& cycle = e.deadlock->cycle;
    // A second, separate deadlock found later has its own cycle.
    if (!cycle.empty() && !cycle_text_.empty()) cycle_text_ += "; ";
    for (std::size_t k = 0; k + 1 < cycle.size(); ++k) {
      std::string chan;
      for (const auto& w : e.deadlock->waiting)
        if (w.proc == cycle[k]) {
          for (const auto& c : w.chans) chan += (chan.empty() ? "" : ", ") + std::string(c);
          break;
        }
      cycle_.push_back({lane_key(cycle[k]), lane_key(cycle[k + 1]), chan});
      cycle_text_ += (k ? " → " : "") + cycle[k];
    }
    if (!cycle.empty()) cycle_text_ += " → " + cycle.back();
  }
  const bool through = buffered(e.chan);
  if (through) through_buffer(e, i, lane);
  if (auto h = handoffs_.feed(e, i); h && !through)
    arrows_.push_back({h->from.index, h->to.index, lane_key(h->from.proc), lane_key(h->to.proc),
                       h->chan, shorten_utf8(h->value, max_arrow_value)});
  if (end) {
    // What still waits at the end is shaded to the end, in the order of the names.
    std::vector<open_wait> still;
    for (auto& [key, w] : waiting_tagged_) still.push_back(std::move(w));
    for (auto& [proc, w] : waiting_) still.push_back({proc, w.first, std::move(w.second)});
    std::sort(still.begin(), still.end(),
              [](const open_wait& a, const open_wait& b) { return a.proc < b.proc; });
    for (const auto& w : still) shades_.push_back({w.from, i, lane_key(w.proc), w.how});
    write();
  }
}

}  // namespace hotdog::sim
