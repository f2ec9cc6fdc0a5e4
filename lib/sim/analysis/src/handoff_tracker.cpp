#include "hotdog/sim/analysis/handoff_tracker.hpp"

namespace hotdog::sim {

std::optional<handoff_tracker::handoff> handoff_tracker::feed(const event& e, std::size_t index) {
  const party me{std::string(e.proc), index};
  const bool alts_put = e.kind == event_kind::alts && e.op == wait_op::put;
  const bool alts_take = e.kind == event_kind::alts && e.op == wait_op::take;
  if (((e.kind == event_kind::put || e.kind == event_kind::offer) && e.ok.value_or(false)) ||
      (alts_put && e.ok.value_or(false))) {
    // A dropping buffer reports its drop before the put whose value it dropped: that put
    // hands nothing to anyone.
    if (auto d = dropped_.find(e.chan); d != dropped_.end() && d->second > 0) {
      --d->second;
      return std::nullopt;
    }
    std::optional<std::string> value;
    if (!alts_put) value = e.value.json();
    auto& waiting = takes_[std::string(e.chan)];
    if (!waiting.empty()) {
      handoff h{std::string(e.chan), value ? *value : *waiting.front().value, me,
                waiting.front().who};
      h.from = me;
      waiting.pop_front();
      return h;
    }
    puts_[std::string(e.chan)].push_back({me, std::move(value)});
    return std::nullopt;
  }
  if ((e.kind == event_kind::take || e.kind == event_kind::poll || alts_take) &&
      !e.value.is_null()) {
    std::string value = e.value.json();
    auto& waiting = puts_[std::string(e.chan)];
    if (!waiting.empty()) {
      handoff h{std::string(e.chan), waiting.front().value.value_or(value), waiting.front().who,
                me};
      waiting.pop_front();
      return h;
    }
    takes_[std::string(e.chan)].push_back({me, std::move(value)});
    return std::nullopt;
  }
  if (e.kind == event_kind::drop || e.kind == event_kind::slide) {
    // A dropping buffer discards the value of the put that comes next (reported before it);
    // a sliding one the oldest value still buffered.
    if (e.kind == event_kind::drop) {
      ++dropped_[std::string(e.chan)];
    } else if (auto it = puts_.find(e.chan); it != puts_.end() && !it->second.empty()) {
      it->second.pop_front();
    }
  }
  return std::nullopt;
}

}  // namespace hotdog::sim
