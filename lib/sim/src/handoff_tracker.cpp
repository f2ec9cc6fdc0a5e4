#include "hotdog/sim/handoff_tracker.hpp"

namespace hotdog::sim {

std::optional<handoff_tracker::handoff> handoff_tracker::feed(const event& e, std::size_t index) {
  const party me{std::string(e.proc), index};
  const bool alts_put = e.kind == event_kind::alts && e.op == wait_op::put;
  const bool alts_take = e.kind == event_kind::alts && e.op == wait_op::take;
  if (((e.kind == event_kind::put || e.kind == event_kind::offer) && e.ok.value_or(false)) ||
      (alts_put && e.ok.value_or(false))) {
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
    // A dropping buffer discards the newest put, a sliding one the oldest still buffered.
    if (auto it = puts_.find(e.chan); it != puts_.end() && !it->second.empty()) {
      if (e.kind == event_kind::drop)
        it->second.pop_back();
      else
        it->second.pop_front();
    }
  }
  return std::nullopt;
}

}  // namespace hotdog::sim
