#include "deadlock_finder.hpp"

#include "hotdog/process.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

namespace hotdog::detail {
namespace {

// One wait of a process: a channel, and the uses of another process that would end it.
struct wait_on {
  std::string_view chan;
  std::uint8_t released_by = 0;
};

// What the finder knows of one process that has not ended.
struct node {
  const process* p = nullptr;
  bool waiting = false;
  bool candidate = false;  // waiting, and no timer can end the wait
  bool stuck = false;
  bool any = false;  // says nothing of what it reaches: it might do anything
  std::vector<channel_use> reach;
  std::vector<wait_on> waits;
};

// A take is released by a put or a close; a put by a take.
constexpr std::uint8_t releasing(bool put) {
  return put ? channel_uses::take : channel_uses::put | channel_uses::close;
}

}  // namespace

class deadlock_finder_impl {
 public:
  // The cheap look first: when no non-daemon waits where no timer can end it (a crowd's
  // customers wait in alts with a timeout), nobody who counts can be stuck.
  static bool someone_counts(const runtime& rt) {
    bool found = false;
    rt.for_each_process([&found](const process& p) {
      found = found || (!p.daemon() && !p.finished() && p.is_waiting_ && !p.pending_timed_);
    });
    return found;
  }

  static std::vector<node> gather(const runtime& rt) {
    std::vector<node> nodes;
    rt.for_each_process([&nodes](const process& p) {
      if (p.finished()) return;
      node n;
      n.p = &p;
      n.waiting = p.is_waiting_;
      n.candidate = n.waiting && !p.pending_timed_;
      n.any = !p.reach_ || !p.reach_(n.reach);
      if (n.waiting) {
        if (p.pending_op_ == wait_op::alts) {
          for (std::size_t i = 0; i < p.pending_alts_.size(); ++i) {
            const bool put = i < 64 && (p.pending_put_arms_ >> i & 1) != 0;
            n.waits.push_back({p.pending_alts_[i], releasing(put)});
          }
        } else {
          n.waits.push_back({p.pending_chan_, releasing(p.pending_op_ == wait_op::put)});
        }
      }
      nodes.push_back(std::move(n));
    });
    return nodes;
  }

  // True when what q reaches would release one of n's waits (a process that says nothing
  // of what it reaches is never named as anyone's partner: nothing is known of it).
  static bool releases(const node& q, const node& n) {
    if (q.any) return false;
    for (const auto& u : q.reach)
      for (const auto& w : n.waits)
        if (u.chan == w.chan && (u.uses & w.released_by) != 0) return true;
    return false;
  }

  // The report of the stuck nodes: their waits, whom each waits for, the first cycle.
  static deadlock_report report(const std::vector<const node*>& stuck) {
    deadlock_report r;
    const std::size_t n = stuck.size();
    std::vector<std::vector<std::size_t>> edges(n);  // i waits for j (j != i)
    std::vector<bool> self(n, false);
    for (std::size_t i = 0; i < n; ++i) {
      auto entry = stuck[i]->p->waiting_on();
      if (!entry) continue;
      waiting_for why;
      for (std::size_t j = 0; j < n; ++j) {
        if (!releases(*stuck[j], *stuck[i])) continue;
        if (i == j) {
          self[i] = true;
        } else {
          edges[i].push_back(j);
          why.partners.push_back(stuck[j]->p->name());
        }
      }
      why.self = self[i] && why.partners.empty();
      r.waiting.push_back(std::move(*entry));
      r.waits_for.push_back(std::move(why));
    }
    // The first process, in spawn order, that lies on a cycle through others starts it; a
    // breadth-first search makes it the shortest such cycle. Only when there is none is a
    // process waiting on itself the cycle.
    for (std::size_t s = 0; s < n && r.cycle.empty(); ++s) {
      std::vector<std::size_t> parent(n, n);
      std::deque<std::size_t> queue{s};
      std::vector<bool> seen(n, false);
      seen[s] = true;
      while (!queue.empty() && r.cycle.empty()) {
        const std::size_t u = queue.front();
        queue.pop_front();
        for (std::size_t v : edges[u]) {
          if (v == s) {
            std::vector<std::string> path;
            for (std::size_t x = u; x != n; x = parent[x]) path.push_back(stuck[x]->p->name());
            std::reverse(path.begin(), path.end());
            path.push_back(stuck[s]->p->name());
            r.cycle = std::move(path);
            break;
          }
          if (seen[v]) continue;
          seen[v] = true;
          parent[v] = u;
          queue.push_back(v);
        }
      }
    }
    for (std::size_t i = 0; i < n && r.cycle.empty(); ++i)
      if (self[i]) r.cycle = {stuck[i]->p->name(), stuck[i]->p->name()};
    return r;
  }
};

std::optional<deadlock_report> deadlock_finder::among_some(const runtime& rt) {
  using impl = deadlock_finder_impl;
  if (!impl::someone_counts(rt)) return std::nullopt;
  std::vector<node> nodes = impl::gather(rt);
  // What the processes that can go on may still do, channel by channel. A fixpoint: a
  // candidate that one of them can release can go on too, and adds what it reaches.
  std::map<std::string_view, std::uint8_t> released;
  auto can_go_on = [&released](node& n) {
    n.stuck = false;
    if (n.any) return false;
    for (const auto& u : n.reach) released[u.chan] |= u.uses;
    return true;
  };
  for (auto& n : nodes) {
    n.stuck = n.candidate;
    if (!n.candidate && !can_go_on(n)) return std::nullopt;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& n : nodes) {
      if (!n.stuck) continue;
      const bool freed = std::any_of(n.waits.begin(), n.waits.end(), [&released](const wait_on& w) {
        auto it = released.find(w.chan);
        return it != released.end() && (it->second & w.released_by) != 0;
      });
      if (!freed) continue;
      if (!can_go_on(n)) return std::nullopt;
      changed = true;
    }
  }
  std::vector<const node*> stuck;
  bool counts = false, others = false;
  for (const auto& n : nodes) {
    if (n.stuck) {
      stuck.push_back(&n);
      counts = counts || !n.p->daemon();
    } else {
      others = true;
    }
  }
  if (!counts) return std::nullopt;
  deadlock_report r = impl::report(stuck);
  r.others_run = others;
  return r;
}

deadlock_report deadlock_finder::all_waiting(const runtime& rt) {
  std::vector<node> nodes = deadlock_finder_impl::gather(rt);
  std::vector<const node*> waiting;
  for (const auto& n : nodes)
    if (n.waiting) waiting.push_back(&n);
  return deadlock_finder_impl::report(waiting);
}

}  // namespace hotdog::detail
