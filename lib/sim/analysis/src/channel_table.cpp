#include "hotdog/sim/analysis/channel_table.hpp"

#include <algorithm>

namespace hotdog::sim {

void channel_table::on_event(const event& e) {
  const std::uint64_t seq = seen_++;
  if (e.proc.empty()) return;
  // Any event of a process ends the wait it was in: it runs again.
  if (e.proc_tag != 0)
    tagged_.erase(key(e));
  else if (auto it = named_.find(e.proc); it != named_.end())
    named_.erase(it);
  if (e.kind != event_kind::park && e.kind != event_kind::block) return;
  wait w{seq, std::string(e.proc), e.op, {}};
  if (e.op == wait_op::alts) {
    for (std::size_t i = 0; i < e.chans.size(); ++i)
      w.arms.emplace_back(std::string(e.chans[i]), i < 64 && (e.put_arms >> i & 1) != 0);
  } else {
    w.arms.emplace_back(std::string(e.chan), e.op == wait_op::put);
  }
  if (e.proc_tag != 0)
    tagged_[key(e)] = std::move(w);
  else
    named_[w.proc] = std::move(w);
}

std::vector<std::string> channel_table::lines(const std::vector<channel_row>& rows) const {
  std::vector<const wait*> waits;
  for (const auto& [k, w] : tagged_) waits.push_back(&w);
  for (const auto& [k, w] : named_) waits.push_back(&w);
  std::sort(waits.begin(), waits.end(),
            [](const wait* a, const wait* b) { return a->since < b->since; });
  std::vector<std::string> out;
  for (const auto& row : rows) {
    // The waiters on this channel in the order they came; a channel serves the oldest
    // first, so the ones it still counts are the newest.
    std::vector<std::pair<const wait*, bool>> puts, takes;
    for (const wait* w : waits)
      for (const auto& [chan, puts_arm] : w->arms)
        if (chan == row.name) (puts_arm ? puts : takes).emplace_back(w, puts_arm);
    const auto newest = [](auto& v, std::size_t n) {
      if (v.size() > n) v.erase(v.begin(), v.end() - static_cast<std::ptrdiff_t>(n));
    };
    newest(puts, row.waiting_puts);
    newest(takes, row.waiting_takes);
    std::vector<std::pair<const wait*, bool>> still = puts;
    still.insert(still.end(), takes.begin(), takes.end());
    std::sort(still.begin(), still.end(),
              [](const auto& a, const auto& b) { return a.first->since < b.first->since; });
    std::string who;
    for (const auto& [w, puts_arm] : still)
      who += (who.empty() ? "" : ", ") + w->proc + " (" +
             (w->op == wait_op::alts ? std::string(puts_arm ? "alts put" : "alts take")
                                     : std::string(to_string(w->op))) +
             ")";
    std::string line = row.name + "  " +
                       (row.capacity == 0 ? std::string("unbuffered")
                                          : std::string(to_string(row.policy)) + " " +
                                                std::to_string(row.capacity)) +
                       (row.closed ? ", closed" : "");
    if (row.capacity) {
      std::string values;
      for (const auto& v : row.buffered) values += (values.empty() ? "" : ",") + v;
      if (row.more) values += ",… " + std::to_string(row.more) + " more";
      line += "  holds [" + values + "]";
    }
    out.push_back(line + "  parked: " + (who.empty() ? "-" : who));
  }
  return out;
}

}  // namespace hotdog::sim
