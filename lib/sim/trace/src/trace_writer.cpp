#include "hotdog/sim/trace/trace_writer.hpp"

#include <algorithm>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string_view>

#include "hotdog/sim/text/printable.hpp"
#include "hotdog/sim/events/event_fields.hpp"

namespace hotdog::sim {

void jsonl_writer::on_event(const event& e) {
  // One buffer, reused: this is the hot path of a busy run.
  std::string& line = line_;
  line.clear();
  {
    // The numbers and keys before the names, in one append: each append costs about as much
    // as copying a few dozen bytes, and this line has many.
    constexpr std::size_t digits = 20;  // of a 64-bit number, its sign included
    char head[64];                      // 60 bytes at most
    char* p = head;
    const auto literal = [&p](std::string_view text) {
      std::memcpy(p, text.data(), text.size());  // a known length: plain moves
      p += text.size();
    };
    literal("{\"seq\":");
    p = std::to_chars(p, p + digits, e.seq).ptr;
    literal(",\"t\":");
    p = std::to_chars(p, p + digits, e.t).ptr;
    if (!e.proc.empty()) literal(",\"proc\":");
    line.append(head, static_cast<std::size_t>(p - head));
  }
  if (!e.proc.empty()) append_json_quoted(line, e.proc);
  line += std::string_view(",\"ev\":");
  append_json_quoted(line, e.name());
  append_jsonl_fields(line, e);
  if (explain_) {
    if (auto why = explainer_.explain(e)) {
      line += std::string_view(",\"explain\":");
      append_json_quoted(line, *why);
    }
  }
  line += std::string_view("}\n");
  // Straight into the stream's buffer: ostream::write would first make a sentry (is the
  // stream good, is another tied to it) per line. A short write fails the stream as write
  // would, so the end of the run still reports it; a failed stream is written no more.
  const auto size = static_cast<std::streamsize>(line.size());
  std::streambuf* buf = out_.rdbuf();
  if (!buf || !out_.good() || buf->sputn(line.data(), size) != size)
    out_.setstate(std::ios::badbit);
}

std::string format_time(std::int64_t ms) {
  char buf[48];
  const std::int64_t h = ms / 3'600'000, m = ms / 60'000 % 60, s = ms / 1000 % 60, f = ms % 1000;
  if (h > 0)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm%02lld.%03llds", static_cast<long long>(h),
                  static_cast<long long>(m), static_cast<long long>(s), static_cast<long long>(f));
  else if (m > 0)
    std::snprintf(buf, sizeof buf, "%lldm%02lld.%03llds", static_cast<long long>(m),
                  static_cast<long long>(s), static_cast<long long>(f));
  else
    std::snprintf(buf, sizeof buf, "%lld.%03llds", static_cast<long long>(s),
                  static_cast<long long>(f));
  return buf;
}

void append_text_fields(std::string& out, const event& e) {
  const bool simulation = for_each_field(e, [&out](const trace_field& f) {
    ((out += ' ') += f.key) += '=';
    const auto* ms = std::get_if<std::int64_t>(&f.value);
    if (ms && f.duration)
      out += format_time(*ms);
    else
      append_field_json(out, f.value);
  });
  if (!simulation) append_fields(out, e, field_style::text);
}

void append_jsonl_fields(std::string& out, const event& e) {
  const bool simulation = for_each_field(e, [&out](const trace_field& f) {
    append_json_member_key(out, f.key);
    append_field_json(out, f.value);
  });
  if (!simulation) append_fields(out, e, field_style::jsonl);
}

text_writer::text_writer(std::ostream& out, std::size_t process_width, bool color,
                         std::ostream& summary)
    : out_(out),
      summary_(summary),
      width_(std::max<std::size_t>(process_width, 1)),
      color_(color) {}

namespace {

const char* color_of(event_kind k) {
  switch (k) {
    case event_kind::park:
    case event_kind::block: return "\x1b[33m";  // yellow: waiting
    case event_kind::error:
    case event_kind::deadlock:
    case event_kind::drop:
    case event_kind::slide: return "\x1b[31m";
    case event_kind::start:
    case event_kind::exit:
    case event_kind::end: return "\x1b[2m";  // dim
    case event_kind::put:
    case event_kind::take:
    case event_kind::alts: return "\x1b[32m";  // green: a handoff
    default: return "";
  }
}

}  // namespace

void text_writer::write_summary(const summary_event* s) {
  // A summary event that carries no tallies says so with '?'.
  const auto f = [s](std::int64_t summary_event::*n) {
    return s ? std::to_string(s->*n) : std::string("?");
  };
  const auto t = [s](std::int64_t summary_event::*n) {
    return s ? format_time(s->*n) : std::string("?");
  };
  // The mean of waits of up to 2^63-1 ms may round to 2^63 as a double: no long long holds it.
  const auto mean = [s] {
    if (!s) return std::string("?");
    return format_time(s->wait_mean < 0x1p63 ? std::llround(s->wait_mean)
                                             : std::numeric_limits<std::int64_t>::max());
  };
  const auto left = [s, &f] {
    return s && s->unlimited ? std::string("unlimited") : f(&summary_event::stock_left);
  };
  using S = summary_event;
  summary_ << "summary: " << f(&S::sold) << " hot dogs sold; revenue " << f(&S::revenue)
           << ", change " << f(&S::change) << ", refunds " << f(&S::refunds) << ", lettuce "
           << f(&S::lettuce) << "\n"
           << "customers: " << f(&S::customers) << " (" << f(&S::served) << " served, "
           << f(&S::hungry) << " hungry, " << f(&S::refunded) << " refunded, "
           << f(&S::lettuce_eaters) << " lettuce, " << f(&S::present) << " still there)\n"
           << "arrival to leaving: mean " << mean() << ", p50 " << t(&S::wait_p50) << ", p95 "
           << t(&S::wait_p95) << ", max " << t(&S::wait_max) << "\n"
           << "stock: " << f(&S::cooked) << " cooked, " << left() << " left; "
           << (s && s->balanced ? "every coin and hot dog is accounted for"
                                : "THE CONSERVATION CHECK FAILED")
           << "\n";
}

void text_writer::on_event(const event& e) {
  if (is(e, sim_event::summary)) {
    write_summary(payload_of<summary_event>(e));
    return;
  }
  std::string& line = line_;
  line.clear();
  const std::string time = format_time(e.t);
  if (time.size() < 12) line.append(12 - time.size(), ' ');
  line += time;
  line += "  ";
  // Names are printed escaped: a control character in one cannot forge a line.
  const std::string proc = e.proc.empty() ? std::string("-") : printable(e.proc);
  line += proc;
  if (const std::size_t w = text_width(proc); w < width_) line.append(width_ - w, ' ');
  line += "  ";
  const char* c = color_ ? color_of(e.kind) : "";
  if (*c) line += c;
  const std::string name = printable(e.name());
  line += name;
  if (name.size() < 8) line.append(8 - name.size(), ' ');
  if (*c) line += "\x1b[0m";
  append_text_fields(line, e);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  line += '\n';
  out_ << line;
  if (explain_) {
    if (auto why = explainer_.explain(e)) {
      // Under the event column: the explanation belongs to the event, not the time.
      out_ << std::string(12 + 2 + width_ + 2, ' ') << (color_ ? "\x1b[2m" : "") << "↳ "
           << printable(*why) << (color_ ? "\x1b[0m" : "") << '\n';
    }
  }
}

namespace {

// Mermaid ends a statement at ';' and reads '#...;' as an entity: escape both. It also reads
// '%%{...}%%' anywhere in the text as a directive that reconfigures the diagram, so a log
// text could restyle the picture: '%' is escaped too.
std::string mermaid_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ';')
      out += "#59;";
    else if (c == '#')
      out += "#35;";
    else if (c == '%')
      out += "#37;";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

}  // namespace

mermaid_writer::mermaid_writer(std::ostream& out, page_info info)
    : out_(out), info_(std::move(info)) {
  line("sequenceDiagram");
}

void mermaid_writer::line(const std::string& text) {
  out_ << text << '\n';
  written_ += text.size() + 1;
}

std::string mermaid_writer::participant(std::string_view proc) {
  const std::string lane = crowd_lane(proc, info_.crowds);
  auto it = ids_.find(lane);
  if (it != ids_.end()) return it->second;
  const std::string id = "p" + std::to_string(ids_.size() + chan_ids_.size());
  ids_.emplace(lane, id);
  const bool crowd =
      std::find(info_.crowds.begin(), info_.crowds.end(), lane) != info_.crowds.end();
  line("    participant " + id + " as " + mermaid_text(lane + (crowd ? " (crowd)" : "")));
  return id;
}

std::string mermaid_writer::channel_participant(const std::string& chan) {
  auto it = chan_ids_.find(chan);
  if (it != chan_ids_.end()) return it->second;
  const std::string id = "p" + std::to_string(ids_.size() + chan_ids_.size());
  chan_ids_.emplace(chan, id);
  line("    participant " + id + " as " + mermaid_text(chan + " (buffer)"));
  return id;
}

bool mermaid_writer::buffered(std::string_view chan) const {
  return std::find(info_.buffered.begin(), info_.buffered.end(), chan) != info_.buffered.end();
}

void mermaid_writer::note_over(const std::string& id, const std::string& text) {
  line("    Note over " + id + ": " + mermaid_text(text));
}

void mermaid_writer::note(std::string_view proc, const std::string& text) {
  // Declared first: participant() may write its declaration line.
  note_over(participant(proc), text);
}

void mermaid_writer::arrow(const std::string& from, const std::string& to,
                           const std::string& text) {
  line("    " + from + "->>" + to + ": " + mermaid_text(text));
}

// A buffered channel's values go into it at the put and come out at the take, so a put, a
// close and a take read in the order they happened.
void mermaid_writer::through_buffer(const event& e) {
  const std::string chan(e.chan);
  const std::string when = "t=" + format_time(e.t) + " ";
  const bool alts_put = e.kind == event_kind::alts && e.op == wait_op::put;
  const bool alts_take = e.kind == event_kind::alts && e.op == wait_op::take;
  if (((e.kind == event_kind::put || e.kind == event_kind::offer) || alts_put) &&
      e.ok.value_or(false)) {
    const std::string from = participant(e.proc), to = channel_participant(chan);
    arrow(from, to, when + "into " + chan + ": " + (alts_put ? "(alts put)" : e.value.json()));
  } else if ((e.kind == event_kind::take || e.kind == event_kind::poll || alts_take) &&
             !e.value.is_null()) {
    const std::string from = channel_participant(chan), to = participant(e.proc);
    arrow(from, to, when + "out of " + chan + ": " + e.value.json());
  }
}

// A put that meets a parked taker hands its value over then, though the taker reports its
// take later (after a close, it may be): the arrow is drawn at the put. True when it was.
bool mermaid_writer::handed_at_put(const event& e) {
  if (!e.proc.empty())
    if (auto w = parked_on_.find(e.proc); w != parked_on_.end()) {
      // Any event of a process ends its wait.
      for (const auto& c : w->second) {
        auto& q = parked_takers_[c];
        if (auto it = std::find(q.begin(), q.end(), w->first); it != q.end()) q.erase(it);
      }
      parked_on_.erase(w);
    }
  if ((e.kind == event_kind::park || e.kind == event_kind::block) && e.op != wait_op::put) {
    std::vector<std::string> chans;
    if (e.op == wait_op::take) chans.emplace_back(e.chan);
    for (std::size_t i = 0; i < e.chans.size(); ++i)
      if (i >= 64 || (e.put_arms >> i & 1) == 0) chans.emplace_back(e.chans[i]);
    for (const auto& c : chans) parked_takers_[c].push_back(std::string(e.proc));
    parked_on_[std::string(e.proc)] = std::move(chans);
    return false;
  }
  if ((e.kind != event_kind::put && e.kind != event_kind::offer) || !e.ok.value_or(false))
    return false;
  auto q = parked_takers_.find(e.chan);
  if (q == parked_takers_.end() || q->second.empty()) return false;
  const std::string taker = std::move(q->second.front());
  q->second.pop_front();
  if (auto w = parked_on_.find(taker); w != parked_on_.end()) {
    for (const auto& c : w->second)
      if (c != e.chan) {
        auto& other = parked_takers_[c];
        if (auto it = std::find(other.begin(), other.end(), taker); it != other.end())
          other.erase(it);
      }
    parked_on_.erase(w);
  }
  const std::string a = participant(e.proc), b = participant(taker);
  arrow(a, b, "t=" + format_time(e.t) + " " + std::string(e.chan) + ": " + e.value.json());
  drawn_early_[std::string(e.chan)].push_back(taker);
  return true;
}

void mermaid_writer::deadlock(const event& e) {
  if (!e.deadlock || e.deadlock->waiting.empty()) {
    note_over(ids_.empty() ? participant("-") : ids_.begin()->second, "deadlock");
    return;
  }
  // Over every process that waits forever, what it waits for; then the cycle, if any, over
  // the first process in it.
  for (const auto& w : e.deadlock->waiting) {
    std::string chans;
    for (const auto& c : w.chans) chans += (chans.empty() ? "" : "|") + c;
    note(w.proc, "deadlock: waits forever to " + std::string(to_string(w.op)) + " on " + chans);
  }
  const auto& cycle = e.deadlock->cycle;
  if (cycle.size() >= 2) {
    std::string names;
    for (const auto& c : cycle) names += (names.empty() ? "" : " → ") + c;
    note(cycle.front(), (cycle.size() == 2 ? "waits on itself: " : "deadlock cycle: ") + names);
  }
}

void mermaid_writer::on_event(const event& e) {
  const std::string chan(e.chan);
  const bool through = buffered(chan);
  // Drawn at the handoff: the put, when it met a parked taker; else the second of the pair
  // (the take that received the value, which the put precedes), with the value the taker got
  // (an alts put's too) and the virtual time.
  const auto h = handoffs_.feed(e, seen_++);
  if (through) {
    through_buffer(e);
  } else if (!handed_at_put(e) && h) {
    auto& early = drawn_early_[h->chan];
    if (!early.empty() && early.front() == h->to.proc)
      early.pop_front();  // drawn at its put already
    else {
      const std::string a = participant(h->from.proc), b = participant(h->to.proc);
      arrow(a, b, "t=" + format_time(e.t) + " " + h->chan + ": " + h->value);
    }
  }
  const auto first_participant = [&] {
    return ids_.empty() ? participant("-") : ids_.begin()->second;
  };
  switch (e.kind) {
    case event_kind::start: participant(e.proc); return;
    case event_kind::put:
    case event_kind::offer:
      if (e.ok && !*e.ok) note(e.proc, "put to closed " + chan + " returns false");
      return;
    case event_kind::take:
      if (e.value.is_null()) note(e.proc, "takes null: " + chan + " is closed");
      return;
    case event_kind::drop:
    case event_kind::slide: {
      // Declared before the note starts.
      const std::string over = through ? channel_participant(chan) : first_participant();
      note_over(over,
                chan + (e.kind == event_kind::drop ? " drops " : " slides out ") + e.value.json());
      return;
    }
    case event_kind::park:
    case event_kind::block: {
      std::string chans = chan;
      for (std::size_t i = 0; i < e.chans.size(); ++i) (chans += i ? "|" : "") += e.chans[i];
      note(e.proc, std::string(e.name()) + "s: " + std::string(to_string(e.op)) + " on " + chans);
      return;
    }
    case event_kind::alts:
      if (e.op == wait_op::none || chan == "timeout")
        note(e.proc, "alts: " + chan + " wins");
      else if (e.op == wait_op::put && !e.ok.value_or(false))
        note(e.proc, "alts: put to closed " + chan + " returns false");
      else if (e.op == wait_op::take && e.value.is_null())
        note(e.proc, "alts: " + chan + " is closed");
      return;
    case event_kind::close: note(e.proc, "closes " + chan); return;
    case event_kind::sleep: note(e.proc, "sleeps " + std::to_string(e.number) + " ms"); return;
    case event_kind::log: note(e.proc, std::string(e.text)); return;
    case event_kind::error:
      note(e.proc.empty() ? std::string_view("-") : e.proc, "error: " + std::string(e.text));
      return;
    case event_kind::deadlock: deadlock(e); return;
    case event_kind::custom:
      if (is(e, sim_event::leave) || is(e, sim_event::sold_out) || is(e, sim_event::cook) ||
          is(e, sim_event::restock)) {
        std::string text(e.name());
        append_text_fields(text, e);
        note(e.proc, text);
      }
      return;
    default: return;
  }
}

}  // namespace hotdog::sim
