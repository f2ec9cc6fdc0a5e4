#pragma once
// Test support for the trace writers and their helpers: hand-built events, kept alive
// together (an event only refers to its strings, values and lists), played to observers.

#include <hotdog/event.hpp>

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotdog::test {

/// e as a library user's untagged processes and channels report it: every tag cleared.
inline event without_tags(event e) {
  e.proc_tag = 0;
  e.proc_member = 0;
  e.chan_tag = 0;
  e.chan_tags = {};
  return e;
}

class event_script {
 public:
  /// The virtual time of the events added next.
  std::int64_t now = 0;

  event& start(std::string_view proc) { return add(event_kind::start, proc); }
  event& exit(std::string_view proc) { return add(event_kind::exit, proc); }
  event& put(std::string_view proc, std::string_view chan, std::string_view v, bool ok = true) {
    event& e = add(event_kind::put, proc, chan);
    e.value = value_ref(keep(v));
    e.ok = ok;
    return e;
  }
  /// A take; no value is a take from a closed channel (nil).
  event& take(std::string_view proc, std::string_view chan,
              std::optional<std::string_view> v = std::nullopt) {
    event& e = add(event_kind::take, proc, chan);
    if (v) e.value = value_ref(keep(*v));
    return e;
  }
  event& offer(std::string_view proc, std::string_view chan, std::string_view v,
               std::optional<bool> ok) {
    event& e = add(event_kind::offer, proc, chan);
    e.value = value_ref(keep(v));
    e.ok = ok;
    return e;
  }
  event& poll(std::string_view proc, std::string_view chan,
              std::optional<std::string_view> v = std::nullopt) {
    event& e = add(event_kind::poll, proc, chan);
    if (v) e.value = value_ref(keep(*v));
    return e;
  }
  event& close(std::string_view proc, std::string_view chan) {
    return add(event_kind::close, proc, chan);
  }
  event& park(std::string_view proc, wait_op op, std::string_view chan) {
    event& e = add(event_kind::park, proc, chan);
    e.op = op;
    return e;
  }
  event& block(std::string_view proc, wait_op op, std::string_view chan) {
    event& e = add(event_kind::block, proc, chan);
    e.op = op;
    return e;
  }
  /// A park (or block) of an alts on several channels.
  event& park_alts(std::string_view proc, std::initializer_list<std::string_view> chans,
                   event_kind k = event_kind::park) {
    event& e = add(k, proc);
    e.op = wait_op::alts;
    auto& list = lists_.emplace_back();
    for (auto c : chans) list.push_back(keep(c));
    e.chans = list;
    return e;
  }
  /// An alts that completed on port: a take (value, or nil), a put (ok), or the default.
  event& alts(std::string_view proc, std::string_view port, wait_op op,
              std::optional<std::string_view> v, std::optional<bool> ok = std::nullopt) {
    event& e = add(event_kind::alts, proc, port);
    e.op = op;
    if (v) e.value = value_ref(keep(*v));
    e.ok = ok;
    return e;
  }
  event& drop(std::string_view chan, std::string_view v) {
    event& e = add(event_kind::drop, {}, chan);
    e.value = value_ref(keep(v));
    return e;
  }
  event& slide(std::string_view chan, std::string_view v) {
    event& e = add(event_kind::slide, {}, chan);
    e.value = value_ref(keep(v));
    return e;
  }
  event& sleep(std::string_view proc, std::int64_t ms) {
    event& e = add(event_kind::sleep, proc);
    e.number = ms;
    return e;
  }
  event& log(std::string_view proc, std::string_view text) {
    event& e = add(event_kind::log, proc);
    e.text = keep(text);
    return e;
  }
  event& error(std::string_view proc, std::string_view text) {
    event& e = add(event_kind::error, proc);
    e.text = keep(text);
    return e;
  }
  event& deadlock(deadlock_report r) {
    event& e = add(event_kind::deadlock, {});
    e.deadlock = &reports_.emplace_back(std::move(r));
    return e;
  }
  event& end(std::string_view reason) {
    event& e = add(event_kind::end, {});
    e.text = keep(reason);
    return e;
  }
  /// A custom event named name (the layer above's number kind), with fields in order.
  event& custom(std::string_view proc, std::string_view name, std::uint16_t kind,
                std::vector<event_field> fields = {}) {
    event& e = add(event_kind::custom, proc);
    e.custom_name = keep(name);
    e.custom_kind = kind;
    for (auto& f : fields) {
      f.key = keep(f.key);
      if (auto* s = std::get_if<std::string_view>(&f.value)) f.value = std::string_view(keep(*s));
    }
    e.fields = fields_.emplace_back(std::move(fields));
    return e;
  }

  /// An event of the layer above that carries a typed payload (a struct whose static `kind`
  /// names its kind, spelled by to_string), kept as long as the script.
  template <class Payload>
  event& payload(std::string_view proc, Payload p) {
    auto kept = std::make_shared<const Payload>(std::move(p));
    event& e = add(event_kind::custom, proc);
    e.custom_kind = static_cast<std::uint16_t>(Payload::kind);
    e.custom_name = keep(to_string(Payload::kind));
    e.custom_payload = kept.get();
    payloads_.push_back(std::move(kept));
    return e;
  }

  /// A string kept as long as the script, for a value_ref or a view.
  const std::string& keep(std::string_view s) { return strings_.emplace_back(s); }

  const std::deque<event>& events() const { return events_; }
  /// Reports every event, in order, to o.
  void play(observer& o) const {
    for (const auto& e : events_) o.on_event(e);
  }

 private:
  event& add(event_kind k, std::string_view proc, std::string_view chan = {}) {
    event e;
    e.seq = events_.size() + 1;
    e.t = now;
    e.kind = k;
    e.proc = keep(proc);
    e.chan = keep(chan);
    return events_.emplace_back(e);
  }

  std::deque<std::string> strings_;
  std::deque<std::vector<std::string_view>> lists_;
  std::deque<std::vector<event_field>> fields_;
  std::deque<deadlock_report> reports_;
  std::deque<std::shared_ptr<const void>> payloads_;
  std::deque<event> events_;
};

}  // namespace hotdog::test
