#include "hotdog/sim/analysis/statistics.hpp"

#include "hotdog/sim/events/event_fields.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace hotdog::sim {

void observer_tee::on_event(const event& e) {
  const auto k = static_cast<std::size_t>(e.kind);
  for (observer* o : to_)
    if (o->wants().test(k)) o->on_event(e);
}

event_mask observer_tee::wants() const {
  event_mask m;
  for (const observer* o : to_) m |= o->wants();
  return m;
}

void statistics::level::set(std::int64_t t, std::int64_t to) {
  if (t > from) area += wide{now} * (t - std::max(since, from));
  if (max_if_held && t > since) max = std::max(max, now);
  since = t;
  now = to;
  if (!max_if_held) max = std::max(max, now);
}

std::int64_t statistics::level::max_until(std::int64_t end) const {
  return max_if_held && end > since ? std::max(max, now) : max;
}

double statistics::level::mean(std::int64_t end) const {
  if (end <= from) return 0;
  const wide total = area + wide{now} * (end - std::max(since, from));
  return static_cast<double>(total) / static_cast<double>(end - from);
}

void statistics::wait_stats::add(std::int64_t ms) {
  ++n;
  sum += ms;
  max = std::max(max, ms);
}

statistics::statistics(const scenario& sc) : warmup_(sc.warmup) {
  channels_.resize(sc.channels.size());
  channel_names_.reserve(sc.channels.size());
  for (const auto& c : sc.channels) channel_names_.push_back(c.name);
  for (std::size_t i = 0; i < sc.channels.size(); ++i) {
    channel_index_.emplace(channel_names_[i], i);
    channels_[i].capacity = sc.channels[i].buffer;
    for (level* l : {&channels_[i].buffer, &channels_[i].waiting_puts, &channels_[i].waiting_takes,
                     &channels_[i].queued})
      l->from = warmup_;
    channels_[i].queued.max_if_held = true;
  }
  machine_slot_.assign(sc.processes.size(), no_process);
  process_at_.reserve(sc.processes.size());
  for (std::size_t i = 0; i < sc.processes.size(); ++i) {
    const process_spec& p = sc.processes[i];
    process_at_.push_back(&processes_.try_emplace(p.name).first->second);
    if (const auto* m = std::get_if<machine_spec>(&p.body)) {
      machine_slot_[i] = machines_.size();
      machine_stats& stats = machines_.emplace_back();
      stats.name = p.name;
      stats.in_channel = m->in_channel;
      channels_[m->in_channel].line = true;
    }
  }
  // The JSON lists machines by name.
  for (std::size_t i = 0; i < machines_.size(); ++i) machines_by_name_.push_back(i);
  std::sort(machines_by_name_.begin(), machines_by_name_.end(),
            [this](std::size_t a, std::size_t b) { return machines_[a].name < machines_[b].name; });
}

event_mask statistics::wants() const {
  // Any event of a waiting process ends its wait, so every kind a process reports counts.
  return all_events();
}

std::size_t statistics::channel_of(std::uint32_t tag, std::string_view name) const {
  if (tag != 0) return tag - 1;  // past the scenario's channels: none of them
  auto it = channel_index_.find(name);
  return it == channel_index_.end() ? static_cast<std::size_t>(-1) : it->second;
}

statistics::machine_stats* statistics::machine_at(std::size_t process) {
  const std::size_t slot = process < machine_slot_.size() ? machine_slot_[process] : no_process;
  return slot == no_process ? nullptr : &machines_[slot];
}

// A declared process, or the crowd a generated customer belongs to (its tag is the crowd's).
statistics::process_stats* statistics::process_of(const event& e) {
  if (e.proc_tag != 0 && e.proc_tag <= process_at_.size()) return process_at_[e.proc_tag - 1];
  return process_named(e.proc);
}

// Untagged: by name, a member of a crowd by its crowd's ("rush-17" -> "rush").
statistics::process_stats* statistics::process_named(std::string_view proc) {
  if (auto it = processes_.find(proc); it != processes_.end()) return &it->second;
  const std::size_t dash = proc.rfind('-');
  if (dash != std::string_view::npos)
    if (auto it = processes_.find(proc.substr(0, dash)); it != processes_.end()) return &it->second;
  return nullptr;
}

namespace {

std::uint64_t tagged_key(const event& e) { return std::uint64_t{e.proc_tag} << 32 | e.proc_member; }

}  // namespace

void statistics::add_waiting_put(std::size_t c, std::int64_t t, std::int64_t d) {
  channel_stats& s = channels_[c];
  s.waiting_puts.set(t, s.waiting_puts.now + d);
  if (s.line) s.queued.set(t, s.queued.now + d);
}

void statistics::resume(waiter& w, std::int64_t t) {
  if (w.owner) {
    std::int64_t& total = w.blocked ? w.owner->blocked : w.owner->parked;
    if (__builtin_add_overflow(total, t - w.since, &total))
      total = std::numeric_limits<std::int64_t>::max();
  }
  for (std::size_t c : w.puts) add_waiting_put(c, t, -1);
  for (std::size_t c : w.takes)
    channels_[c].waiting_takes.set(t, channels_[c].waiting_takes.now - 1);
}

void statistics::resume(const event& e) {
  if (e.proc_tag != 0) {
    const std::uint64_t key = tagged_key(e);
    if (waiter* w = waiting_tagged_.find(key)) {
      resume(*w, e.t);
      waiting_tagged_.erase(key);
    }
  } else if (auto it = waiting_.find(e.proc); it != waiting_.end()) {
    resume(it->second, e.t);
    waiting_.erase(it);
  }
}

void statistics::on_event(const event& e) {
  if (!e.proc.empty() && (!waiting_tagged_.empty() || !waiting_.empty())) resume(e);
  const auto add_buffer = [&](std::size_t c, std::int64_t d) {
    if (c >= channels_.size() || channels_[c].capacity == 0) return;
    channel_stats& s = channels_[c];
    s.buffer.set(e.t, s.buffer.now + d);
    if (s.line) s.queued.set(e.t, s.queued.now + d);
  };
  switch (e.kind) {
    case event_kind::park:
    case event_kind::block: {
      waiter w{e.t, e.kind == event_kind::block, {}, {}, process_of(e)};
      if (e.op == wait_op::alts) {
        const bool tagged = e.chan_tags.size() == e.chans.size();
        for (std::size_t i = 0; i < e.chans.size(); ++i)
          if (std::size_t c = channel_of(tagged ? e.chan_tags[i] : 0, e.chans[i]);
              c < channels_.size())
            (i < 64 && (e.put_arms >> i & 1) ? w.puts : w.takes).push_back(c);
      } else if (std::size_t c = channel_of(e.chan_tag, e.chan); c < channels_.size()) {
        (e.op == wait_op::put ? w.puts : w.takes).push_back(c);
      }
      for (std::size_t c : w.puts) add_waiting_put(c, e.t, 1);
      for (std::size_t c : w.takes)
        channels_[c].waiting_takes.set(e.t, channels_[c].waiting_takes.now + 1);
      if (e.proc_tag != 0)
        waiting_tagged_.insert_or_assign(tagged_key(e), std::move(w));
      else
        waiting_.insert_or_assign(std::string(e.proc), std::move(w));
      return;
    }
    case event_kind::put:
    case event_kind::offer:
      if (e.ok.value_or(false))
        if (std::size_t c = channel_of(e.chan_tag, e.chan); c < channels_.size()) {
          ++channels_[c].puts;
          add_buffer(c, 1);
        }
      return;
    case event_kind::take:
    case event_kind::poll:
      if (!e.value.is_null())
        if (std::size_t c = channel_of(e.chan_tag, e.chan); c < channels_.size()) {
          ++channels_[c].takes;
          add_buffer(c, -1);
        }
      // A sold-out machine waits until it takes a hot dog from its hopper (its next take).
      if (sold_out_waiting_ > 0) {
        const auto back = [&](machine_stats& m) {
          if (!m.sold_out_since) return;
          m.sold_out += after_warmup(*std::exchange(m.sold_out_since, std::nullopt), e.t);
          --sold_out_waiting_;
        };
        if (e.proc_tag != 0) {
          if (machine_stats* m = machine_at(e.proc_tag - 1); m && e.proc_member == 0) back(*m);
        } else {
          for (auto& m : machines_)
            if (m.name == e.proc) back(m);
        }
      }
      return;
    case event_kind::alts:
      if (std::size_t c = channel_of(e.chan_tag, e.chan); c < channels_.size()) {
        if (e.op == wait_op::put && e.ok.value_or(false)) {
          ++channels_[c].puts;
          add_buffer(c, 1);
        } else if (e.op == wait_op::take && !e.value.is_null()) {
          ++channels_[c].takes;
          add_buffer(c, -1);
        }
      }
      return;
    case event_kind::drop:
    case event_kind::slide:
      if (std::size_t c = channel_of(e.chan_tag, e.chan); c < channels_.size()) {
        ++(e.kind == event_kind::drop ? channels_[c].drops : channels_[c].slides);
        add_buffer(c, -1);
      }
      return;
    case event_kind::end:
      end_t_ = e.t;
      end_reason_ = std::string(e.text);
      // Waits still open at the end count up to it.
      waiting_tagged_.for_each([&](waiter& w) { resume(w, e.t); });
      waiting_tagged_.clear();
      for (auto& [proc, w] : waiting_) resume(w, e.t);
      waiting_.clear();
      for (auto& m : machines_) {
        if (m.busy_since) m.busy += after_warmup(*std::exchange(m.busy_since, std::nullopt), e.t);
        if (m.sold_out_since)
          m.sold_out += after_warmup(*std::exchange(m.sold_out_since, std::nullopt), e.t);
      }
      sold_out_waiting_ = 0;
      return;
    case event_kind::custom:
      visit_payload(e, [this, &e](const auto& p) { on_payload(e.t, p); });
      return;
    default: return;
  }
}

void statistics::on_payload(std::int64_t, const summary_event& p) {
  // Once a run: its fields, as the trace writes them, open the JSON.
  auto add = [this](const trace_field& f) {
    std::string v;
    append_field_json(v, f.value);
    summary_.emplace_back(std::string(f.key), std::move(v));
  };
  fields(p, add);
}

void statistics::on_payload(std::int64_t t, const leave_event& p) {
  if (t - p.waited_ms < warmup_) return;  // arrived during the warm-up
  if (machine_stats* m = machine_at(p.machine)) {
    ++m->arrivals;
    m->waited += p.waited_ms;
  }
  all_.add(p.waited_ms);
  if (p.reason == leave_reason::served)
    served_.add(p.waited_ms);
  else if (hungry(p.reason))
    hungry_.add(p.waited_ms);
}

void statistics::on_payload(std::int64_t t, const pay_event& p) {
  if (machine_stats* m = machine_at(p.machine)) m->busy_since = t;
}

void statistics::answered(std::int64_t t, std::size_t machine, bool served) {
  machine_stats* m = machine_at(machine);
  if (!m) return;
  if (served) ++m->served;
  if (m->busy_since) m->busy += after_warmup(*std::exchange(m->busy_since, {}), t);
}

void statistics::on_payload(std::int64_t t, const sold_out_event& p) {
  machine_stats* m = machine_at(p.machine);
  if (!m || p.action == sold_out_action::close) return;
  if (!m->sold_out_since) ++sold_out_waiting_;
  m->sold_out_since = t;
}

namespace {

void append_number(std::string& out, double d) { append_json_double(out, d); }

// The exact sum over the count, rounded once (as the summary event's wait_mean is): 0 when
// none.
template <class Wide>
double mean_of(Wide sum, std::uint64_t n) {
  return n == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(n);
}

void append_int(std::string& out, std::int64_t n) {
  char buf[24];
  out.append(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, n).ptr - buf));
}

}  // namespace

std::optional<double> statistics::summary_field(const std::string& key) const {
  for (const auto& [k, v] : summary_)
    if (k == key) {
      double d = 0;
      if (std::from_chars(v.data(), v.data() + v.size(), d).ec == std::errc()) return d;
      return std::nullopt;
    }
  return std::nullopt;
}

std::string statistics::json() const {
  const double T = static_cast<double>(end_t_), W = static_cast<double>(warmup_);
  std::string out = "{";
  for (const auto& [k, v] : summary_) {
    append_json_quoted(out, k);
    out += ':';
    out += v;
    out += ',';
  }
  out += "\"end\":";
  append_json_quoted(out, end_reason_);
  out += ",\"t\":";
  append_int(out, end_t_);
  const auto waits = [&](const char* name, const wait_stats& w) {
    append_json_quoted(out, name);
    out += ":{\"n\":";
    append_int(out, static_cast<std::int64_t>(w.n));
    out += ",\"mean\":";
    append_number(out, mean_of(w.sum, w.n));
    out += ",\"max\":";
    append_int(out, w.max);
    out += '}';
  };
  out += ",\"waits\":{";
  waits("served", served_);
  out += ',';
  waits("hungry", hungry_);
  out += ',';
  waits("all", all_);
  out += "},\"machines\":{";
  bool first = true;
  for (std::size_t slot : machines_by_name_) {
    const machine_stats& m = machines_[slot];
    if (!first) out += ',';
    first = false;
    const channel_stats& in = channels_[m.in_channel];
    append_json_quoted(out, m.name);
    out += ":{\"served\":";
    append_int(out, m.served);
    out += ",\"utilization\":";
    append_number(out, T > W ? static_cast<double>(m.busy) / (T - W) : 0.0);
    // Waiting on its in: parked puts and, on a buffered line, the payments in its buffer;
    // the maximum counts only a queue that lasted some time, however the line is buffered.
    out += ",\"queue_mean\":";
    append_number(out, in.queued.mean(end_t_));
    out += ",\"queue_max\":";
    append_int(out, in.queued.max_until(end_t_));
    out += ",\"sold_out\":";
    append_int(out, m.sold_out);
    out += ",\"customers\":";
    append_int(out, m.arrivals);
    out += ",\"wait_mean\":";
    append_number(out, mean_of(m.waited, static_cast<std::uint64_t>(m.arrivals)));
    out += '}';
  }
  out += "},\"channels\":{";
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    if (i) out += ',';
    const channel_stats& c = channels_[i];
    append_json_quoted(out, channel_names_[i]);
    out += ":{\"puts\":";
    append_int(out, c.puts);
    out += ",\"takes\":";
    append_int(out, c.takes);
    out += ",\"drops\":";
    append_int(out, c.drops);
    out += ",\"slides\":";
    append_int(out, c.slides);
    out += ",\"buffer_mean\":";
    append_number(out, c.buffer.mean(end_t_));
    out += ",\"max_waiting_puts\":";
    append_int(out, c.waiting_puts.max);
    out += ",\"max_waiting_takes\":";
    append_int(out, c.waiting_takes.max);
    out += '}';
  }
  out += "},\"processes\":{";
  first = true;
  for (const auto& [name, p] : processes_) {
    if (!first) out += ',';
    first = false;
    append_json_quoted(out, name);
    out += ":{\"parked\":";
    append_int(out, p.parked);
    out += ",\"blocked\":";
    append_int(out, p.blocked);
    out += '}';
  }
  out += "}}";
  return out;
}

}  // namespace hotdog::sim
