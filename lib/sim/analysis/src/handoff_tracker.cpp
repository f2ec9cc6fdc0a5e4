#include "hotdog/sim/analysis/handoff_tracker.hpp"

namespace hotdog::sim {

handoff_tracker::lanes& handoff_tracker::lanes_of(const event& e) {
  if (e.chan_tag != 0) {
    if (e.chan_tag >= by_tag_.size()) by_tag_.resize(e.chan_tag + 1);
    auto& slot = by_tag_[e.chan_tag];
    if (!slot) slot = std::make_unique<lanes>(lanes{std::string(e.chan), {}, {}, 0});
    if (slot->chan == e.chan) return *slot;
  }
  if (auto it = by_name_.find(e.chan); it != by_name_.end()) return it->second;
  std::string name(e.chan);
  return by_name_.emplace(name, lanes{name, {}, {}, 0}).first->second;
}

std::optional<handoff_tracker::handoff> handoff_tracker::feed(const event& e, std::size_t index) {
  const party me{std::string(e.proc), index};
  const bool alts_put = e.kind == event_kind::alts && e.op == wait_op::put;
  const bool alts_take = e.kind == event_kind::alts && e.op == wait_op::take;
  if (((e.kind == event_kind::put || e.kind == event_kind::offer) && e.ok.value_or(false)) ||
      (alts_put && e.ok.value_or(false))) {
    // A dropping buffer reports its drop before the put whose value it dropped: that put
    // hands nothing to anyone.
    lanes& c = lanes_of(e);
    if (c.dropped > 0) {
      --c.dropped;
      return std::nullopt;
    }
    std::optional<std::string> value;
    if (!alts_put) value = e.value.json();
    auto& waiting = c.takes;
    if (!waiting.empty()) {
      handoff h{std::string(e.chan), value ? *value : *waiting.front().value, me,
                waiting.front().who};
      h.from = me;
      waiting.pop_front();
      return h;
    }
    c.puts.push_back({me, std::move(value)});
    return std::nullopt;
  }
  if ((e.kind == event_kind::take || e.kind == event_kind::poll || alts_take) &&
      !e.value.is_null()) {
    std::string value = e.value.json();
    lanes& c = lanes_of(e);
    auto& waiting = c.puts;
    if (!waiting.empty()) {
      handoff h{std::string(e.chan), waiting.front().value.value_or(value), waiting.front().who,
                me};
      waiting.pop_front();
      return h;
    }
    c.takes.push_back({me, std::move(value)});
    return std::nullopt;
  }
  if (e.kind == event_kind::drop || e.kind == event_kind::slide) {
    // A dropping buffer discards the value of the put that comes next (reported before it);
    // a sliding one the oldest value still buffered.
    lanes& c = lanes_of(e);
    if (e.kind == event_kind::drop) {
      ++c.dropped;
    } else if (!c.puts.empty()) {
      c.puts.pop_front();
    }
  }
  return std::nullopt;
}

}  // namespace hotdog::sim
