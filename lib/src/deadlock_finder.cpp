#include "deadlock_finder.hpp"

#include "hotdog/process.hpp"
#include "name_table.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <span>
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
  bool reached = false;  // reach (and any) asked of the process: only when needed
  bool any = false;      // says nothing of what it reaches: it might do anything
  std::vector<channel_use> reach;
  std::vector<wait_on> waits;
};

// A take is released by a put or a close; a put by a take.
constexpr std::uint8_t releasing(bool put) {
  return put ? channel_uses::take : channel_uses::put | channel_uses::close;
}

// Counts the search's steps into a report (see deadlock_report::search_steps).
struct step_counter {
  std::uint64_t n = 0;
  void operator+=(std::size_t k) { n += k; }
};

// What mark_stuck keeps per channel, numbered by a name_table: the ways the processes that
// can go on may still use it, and its waiting candidates in the order they were found (a
// list through `waiters`, so that a look allocates nothing once its storage is warm).
struct channel_marks {
  name_table names;
  std::vector<std::uint8_t> released;
  std::vector<std::size_t> first_waiter, last_waiter, waiter_count;
  std::vector<std::pair<std::size_t, std::size_t>> waiters;  // node, next entry (or none)
  std::vector<std::size_t> free;

  void clear() {
    names.clear();
    released.clear();
    first_waiter.clear();
    last_waiter.clear();
    waiter_count.clear();
    waiters.clear();
    free.clear();
  }
  // Whether a look left more storage than is worth keeping for the next.
  bool large(std::size_t keep_at_most) const {
    return released.capacity() > keep_at_most || waiters.capacity() > keep_at_most ||
           free.capacity() > keep_at_most;
  }
  // The channel's number, its marks made when it is new.
  std::size_t chan(std::string_view name) {
    const std::size_t c = names.id(name);
    if (c == released.size()) {
      released.push_back(0);
      first_waiter.push_back(name_table::none);
      last_waiter.push_back(name_table::none);
      waiter_count.push_back(0);
    }
    return c;
  }
  void add_waiter(std::size_t c, std::size_t node) {
    const std::size_t e = waiters.size();
    waiters.emplace_back(node, name_table::none);
    if (last_waiter[c] == name_table::none)
      first_waiter[c] = e;
    else
      waiters[last_waiter[c]].second = e;
    last_waiter[c] = e;
    ++waiter_count[c];
  }
};

// The uses of many channels, by the address of each channel's name (linear probing in a
// table at least twice as large as the uses, so that a lookup reads about one slot).
class address_table {
 public:
  void fill(const std::vector<channel_use>& uses) {
    std::size_t size = 16;
    while (size < 2 * uses.size()) size *= 2;
    slots_.assign(size, slot{});
    for (const auto& u : uses) {
      if (u.chan.data() == nullptr) continue;  // names no channel's string
      slot& s = slots_[index(u.chan)];
      s.name = u.chan;
      s.uses |= u.uses;
    }
  }
  // What the uses named do with `chan` (0 when none is named by this very string).
  std::uint8_t uses_of(std::string_view chan) const {
    return chan.data() == nullptr || slots_.empty() ? 0 : slots_[index(chan)].uses;
  }
  void clear() { slots_.clear(); }
  std::size_t capacity() const { return slots_.capacity(); }
  std::size_t used() const { return slots_.size(); }

 private:
  struct slot {
    std::string_view name;  // a null data(): a free slot
    std::uint8_t uses = 0;
  };
  // The slot of `chan`, or the free one where it would go.
  std::size_t index(std::string_view chan) const {
    const auto key = reinterpret_cast<std::uintptr_t>(chan.data());
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::size_t>((key >> 3) * 0x9E3779B97F4A7C15ULL >> 20) & mask;
    while (slots_[i].name.data() != nullptr &&
           (slots_[i].name.data() != chan.data() || slots_[i].name.size() != chan.size()))
      i = (i + 1) & mask;
    return i;
  }
  std::vector<slot> slots_;
};

// One wait of a candidate that the quick look must find released: its channel, the uses
// that would release it, and the candidate's number (an alts's arms share one).
struct quick_wait {
  std::string_view chan;
  std::uint8_t released_by = 0;
  std::uint32_t candidate = 0;
};

// The quick look's storage: what the free processes reach, and the candidates' waits, read
// once from the processes (a queue of thousands makes each read of them a cache miss).
struct quick_storage {
  std::vector<channel_use> reached;
  std::vector<quick_wait> waits;
  address_table by_address;  // `reached` by address, when it holds many
  // Gives back what this look left that is not worth keeping for the next, member by
  // member: more than `keep_at_most` entries and four times what the look used. A long
  // queue's looks, each about as long as the last, keep theirs instead of paying for fresh
  // pages every time; what is kept is at most four times what the last look needed.
  void trim(std::size_t keep_at_most) {
    const auto over = [keep_at_most](std::size_t capacity, std::size_t used) {
      return capacity > keep_at_most && capacity > 4 * used;
    };
    if (over(reached.capacity(), reached.size())) reached = {};
    if (over(waits.capacity(), waits.size())) waits = {};
    if (over(by_address.capacity(), by_address.used())) by_address = {};
  }
};

// One look's storage, kept by each thread that looks from one look to the next: the nodes
// (each with its reach and waits), the channel marks and the quick look's. A search with more
// nodes, channels or waiters than `keep_at_most` gives them back afterwards, so a rare huge
// search does not hold memory; the quick look keeps what the next is likely to need (see
// quick_storage::trim).
struct look_storage {
  static constexpr std::size_t keep_at_most = 4096;
  std::vector<node> nodes;
  channel_marks marks;
  quick_storage quick;

  static look_storage& here() {
    static thread_local look_storage storage;
    return storage;
  }
  void trim() {
    if (nodes.size() > keep_at_most) nodes = {};
    quick.trim(keep_at_most);
    if (marks.large(keep_at_most)) marks = {};
  }
};

}  // namespace

class deadlock_finder_impl {
 public:
  // The cheap look first: when no non-daemon waits where no timer can end it (a crowd's
  // customers wait in alts with a timeout), nobody who counts can be stuck.
  static bool someone_counts(const runtime& rt) {
    for (const auto& p : rt.processes_)
      if (!p->daemon() && !p->finished() && waits(*p) && !p->pending_timed_ && !p->deadlocked())
        return true;
    return false;
  }

  // Waits, and (in real time) nobody has completed its operation yet: one whose operation
  // completed is about to run. Its frame then stands still (it cannot resume before the
  // runtime's lock, held by the search, is free), so its remaining program may be asked.
  static bool waits(const process& p) {
    return p.is_waiting_ && (p.rt_.single_threaded() || p.wait_balance_ < 0);
  }

  // Calls f(channel, what would release it) for each wait of a waiting process: an alts's
  // arms in order, or its one channel.
  template <class F>
  static void for_each_wait(const process& p, F&& f) {
    if (p.pending_op_ == wait_op::alts) {
      for (std::size_t i = 0; i < p.pending_alts_.size(); ++i) {
        const bool put = i < 64 && (p.pending_put_arms_ >> i & 1) != 0;
        f(p.pending_alts_[i], releasing(put));
      }
    } else {
      f(p.pending_chan_, releasing(p.pending_op_ == wait_op::put));
    }
  }

  // What a process's reach is asked of: a process that runs on another thread is asked what
  // its whole program may do.
  static const reach_fn& reach_for(const process& p, bool waiting) {
    return waiting || p.rt_.single_threaded() ? p.reach_ : p.program_reach_;
  }

  // The caller holds the process list (runtime::look_for_deadlock). Fills the first nodes
  // of `nodes` (reusing their storage) and returns how many. What each reaches is asked
  // later, and only of those the search needs it of (reach_of).
  static std::size_t gather(const runtime& rt, step_counter& steps, std::vector<node>& nodes) {
    std::size_t count = 0;
    for (const auto& owned : rt.processes_) {
      const process& p = *owned;
      if (p.finished()) continue;
      if (count == nodes.size()) nodes.emplace_back();
      node& n = nodes[count++];
      n.reach.clear();
      n.waits.clear();
      n.stuck = false;
      n.reached = false;
      n.p = &p;
      n.waiting = waits(p);
      n.candidate = n.waiting && !p.pending_timed_;
      if (n.waiting)
        for_each_wait(p, [&n](std::string_view chan, std::uint8_t released_by) {
          n.waits.push_back({chan, released_by});
        });
      steps += 1 + n.waits.size();
    }
    return count;
  }

  // Adds to uses[from...] what the values held in each channel they take whole from carry
  // (runtime::set_carried_reach), on the one thread that may read the channels here.
  static void add_carried(const runtime& rt, std::vector<channel_use>& uses, std::size_t from) {
    if (!rt.carried_reach_ || !rt.single_threaded()) return;
    const std::size_t named = uses.size();
    for (std::size_t i = from; i < named; ++i)
      if ((uses[i].uses & (channel_uses::take | channel_uses::reads_apart)) == channel_uses::take)
        rt.carried_reach_(uses[i].chan, uses);
  }

  // Asks a process what its remaining program reaches, once per look.
  static void reach_of(node& n, step_counter& steps) {
    if (n.reached) return;
    n.reached = true;
    const reach_fn& reach = reach_for(*n.p, n.waiting);
    n.any = !reach || !reach(n.reach);
    if (!n.any) add_carried(n.p->rt_, n.reach, 0);
    steps += n.reach.size();
  }

  // Every node's reach: a report names partners by what they reach, and counts every step.
  static void reach_all(std::span<node> nodes, step_counter& steps) {
    for (node& n : nodes) reach_of(n, steps);
  }

  // Whom each stuck node waits for: the other stuck nodes whose reach would release one of
  // its waits, in spawn order, found through an index of who uses which channel (so the
  // work grows with the uses and the partners, not with the square of the processes).
  static std::vector<std::vector<std::size_t>> partners(const std::vector<const node*>& stuck,
                                                        step_counter& steps) {
    std::map<std::string_view, std::vector<std::pair<std::size_t, std::uint8_t>>> users;
    for (std::size_t j = 0; j < stuck.size(); ++j) {
      if (stuck[j]->any) continue;  // nothing is known of it: never named as a partner
      for (const auto& u : stuck[j]->reach) users[u.chan].emplace_back(j, u.uses);
      steps += stuck[j]->reach.size();
    }
    std::vector<std::vector<std::size_t>> out(stuck.size());
    for (std::size_t i = 0; i < stuck.size(); ++i) {
      for (const auto& w : stuck[i]->waits) {
        auto it = users.find(w.chan);
        if (it == users.end()) continue;
        steps += it->second.size();
        for (const auto& [j, uses] : it->second)
          if ((uses & w.released_by) != 0) out[i].push_back(j);
      }
      std::sort(out[i].begin(), out[i].end());
      out[i].erase(std::unique(out[i].begin(), out[i].end()), out[i].end());
    }
    return out;
  }

  // Every node on a cycle through others (a strongly connected component of two or more),
  // by Tarjan's algorithm without recursion (a chain of 20,000 would overflow the stack).
  static std::vector<bool> on_cycles(const std::vector<std::vector<std::size_t>>& edges,
                                     step_counter& steps) {
    const std::size_t n = edges.size(), none = n;
    std::vector<std::size_t> index(n, none), low(n, 0), stack;
    std::vector<bool> on_stack(n, false), cyclic(n, false);
    std::size_t next = 0;
    for (std::size_t root = 0; root < n; ++root) {
      if (index[root] != none) continue;
      std::vector<std::pair<std::size_t, std::size_t>> calls{{root, 0}};  // node, next edge
      index[root] = low[root] = next++;
      stack.push_back(root);
      on_stack[root] = true;
      while (!calls.empty()) {
        auto& [u, k] = calls.back();
        ++steps.n;
        if (k < edges[u].size()) {
          const std::size_t v = edges[u][k++];
          if (index[v] == none) {
            index[v] = low[v] = next++;
            stack.push_back(v);
            on_stack[v] = true;
            calls.emplace_back(v, 0);
          } else if (on_stack[v]) {
            low[u] = std::min(low[u], index[v]);
          }
          continue;
        }
        const std::size_t done = u;
        calls.pop_back();
        if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[done]);
        if (low[done] != index[done]) continue;
        std::vector<std::size_t> component;
        for (std::size_t x = none; x != done;) {
          x = stack.back();
          stack.pop_back();
          on_stack[x] = false;
          component.push_back(x);
        }
        if (component.size() > 1)
          for (std::size_t x : component) cyclic[x] = true;
      }
    }
    return cyclic;
  }

  // The shortest cycle through s (breadth-first), as names from s back to s.
  static std::vector<std::string> cycle_through(std::size_t s,
                                                const std::vector<std::vector<std::size_t>>& edges,
                                                const std::vector<const node*>& stuck,
                                                step_counter& steps) {
    const std::size_t n = edges.size();
    std::vector<std::size_t> parent(n, n);
    std::vector<bool> seen(n, false);
    std::deque<std::size_t> queue{s};
    seen[s] = true;
    while (!queue.empty()) {
      const std::size_t u = queue.front();
      queue.pop_front();
      steps += 1 + edges[u].size();
      for (std::size_t v : edges[u]) {
        if (v == s) {
          std::vector<std::string> path;
          for (std::size_t x = u; x != n; x = parent[x]) path.push_back(stuck[x]->p->name());
          std::reverse(path.begin(), path.end());
          path.push_back(stuck[s]->p->name());
          return path;
        }
        if (seen[v]) continue;
        seen[v] = true;
        parent[v] = u;
        queue.push_back(v);
      }
    }
    return {};
  }

  // The report of the stuck nodes: their waits, whom each waits for, the first cycle.
  static deadlock_report report(const std::vector<const node*>& stuck, step_counter& steps) {
    deadlock_report r;
    const std::size_t n = stuck.size();
    std::vector<std::vector<std::size_t>> edges(n);  // i waits for j (j != i)
    std::vector<bool> self(n, false);
    const auto released_by = partners(stuck, steps);
    for (std::size_t i = 0; i < n; ++i) {
      auto entry = stuck[i]->p->waiting_on();
      if (!entry) continue;
      waiting_for why;
      for (std::size_t j : released_by[i]) {
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
    const std::vector<bool> cyclic = on_cycles(edges, steps);
    for (std::size_t s = 0; s < n; ++s)
      if (cyclic[s]) {
        r.cycle = cycle_through(s, edges, stuck, steps);
        break;
      }
    for (std::size_t i = 0; i < n && r.cycle.empty(); ++i)
      if (self[i]) r.cycle = {stuck[i]->p->name(), stuck[i]->p->name()};
    return r;
  }

  // The quick look, made before anything is gathered: true when every candidate that could
  // be reported (no daemon, not reported before) is released at once by a process that is no
  // candidate, or when such a process says nothing of what it reaches. mark_stuck would then
  // find nothing either: it starts from those very processes, frees each candidate they
  // release, and gives up at the first that says nothing. Most looks are of this kind (an
  // M/M/1 queue makes two per customer: its customers wait to pay or for their hot dog, each
  // released by the machine, which is serving or waiting to be paid by the crowd), and this
  // one reads the processes once, where they are, with no nodes and no channel numbers: a
  // few comparisons of names, most of them settled by their address. It says false, leaving
  // the rest to the search, whenever the comparisons would grow with the square of the
  // processes: the free ones may name at most `few` channel uses in all, and the payments
  // their channels carry are matched by address. (What it asked of them the search asks
  // again; a reach only reads.)
  static bool each_released_at_once(const runtime& rt, quick_storage& q) {
    constexpr std::size_t few = 16;
    q.reached.clear();
    q.waits.clear();
    q.by_address.clear();
    std::uint32_t candidates = 0;
    for (const auto& owned : rt.processes_) {
      const process& p = *owned;
      if (p.finished()) continue;
      const bool waiting = waits(p);
      if (waiting && !p.pending_timed_) {  // a candidate: one that could be reported is kept
        if (p.daemon() || p.deadlocked()) continue;
        const std::size_t before = q.waits.size();
        for_each_wait(p, [&](std::string_view chan, std::uint8_t released_by) {
          q.waits.push_back({chan, released_by, candidates});
        });
        // A wait on nothing (no channel to name) is released by nothing: never skipped.
        if (q.waits.size() == before) q.waits.push_back({{}, 0, candidates});
        ++candidates;
        continue;
      }
      const reach_fn& reach = reach_for(p, waiting);
      if (!reach || !reach(q.reached)) return true;
      if (q.reached.size() > few) return false;
    }
    const auto by_name = [&q](std::string_view chan, std::uint8_t released_by) {
      for (const auto& u : q.reached)
        if ((u.uses & released_by) != 0 && name_table::same_name(u.chan, chan)) return true;
      return false;
    };
    if (each_released(q.waits, by_name)) return true;
    // Payments in the channels the free processes take from may release the rest (customers
    // waiting on their replies): asked only now, since most looks need them not.
    if (!rt.carried_reach_ || !rt.single_threaded()) return false;
    add_carried(rt, q.reached, 0);
    if (q.reached.size() <= few) return each_released(q.waits, by_name);
    // Many uses (a buffered line's payments name a reply each): a use and a wait match when
    // their names are the very same string (a channel's own name, as a wait and a payment's
    // reply give it), found in a table keyed by the name's address. A wait whose name only
    // equals a use's (another copy of the name) is not matched: the look then says false and
    // the search, which compares names, decides. So a look costs what its processes and uses
    // cost, not their product.
    q.by_address.fill(q.reached);
    return each_released(q.waits, [&q](std::string_view chan, std::uint8_t released_by) {
      return (q.by_address.uses_of(chan) & released_by) != 0;
    });
  }

  // Whether each candidate of `waits` (grouped, in order) has a wait that `released` says
  // is released.
  template <class Released>
  static bool each_released(const std::vector<quick_wait>& waits, Released&& released) {
    for (std::size_t i = 0; i < waits.size();) {
      const std::uint32_t candidate = waits[i].candidate;
      bool any = false;
      for (; i < waits.size() && waits[i].candidate == candidate; ++i)
        any = any || released(waits[i].chan, waits[i].released_by);
      if (!any) return false;
    }
    return true;
  }

  // Marks stuck the candidates that nothing which can go on will ever release. A worklist:
  // what the processes that can go on may still do, channel by channel; a candidate one of
  // them can release can go on too, and adds what it reaches. Each channel's waiters are
  // looked at only when a new way of using it appears (at most three times). False when
  // the look can report nothing: a process that can go on says nothing of what it reaches,
  // or every candidate that could be reported (no daemon, not reported before) can go on.
  // The search stops there, so a look that finds nothing (most do) asks only the processes
  // it needed what they reach; one that finds a set has asked them all.
  static bool mark_stuck(std::span<node> nodes, step_counter& steps, channel_marks& marks) {
    marks.clear();
    std::size_t reportable = 0;
    auto counts = [](const node& n) { return !n.p->daemon() && !n.p->deadlocked(); };
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      nodes[i].stuck = nodes[i].candidate;
      if (!nodes[i].candidate) continue;
      reportable += counts(nodes[i]) ? 1 : 0;
      for (const auto& w : nodes[i].waits) marks.add_waiter(marks.chan(w.chan), i);
    }
    auto& free = marks.free;
    for (std::size_t i = 0; i < nodes.size(); ++i)
      if (!nodes[i].candidate) free.push_back(i);
    while (!free.empty()) {
      if (reportable == 0) return false;
      node& n = nodes[free.back()];
      free.pop_back();
      reach_of(n, steps);
      if (n.any) return false;
      for (const auto& u : n.reach) {
        ++steps.n;
        const std::size_t c = marks.chan(u.chan);
        std::uint8_t& had = marks.released[c];
        const std::uint8_t added = static_cast<std::uint8_t>(u.uses & ~had);
        if (added == 0) continue;
        had |= added;
        if (marks.waiter_count[c] == 0) continue;
        steps += marks.waiter_count[c];
        for (std::size_t e = marks.first_waiter[c]; e != name_table::none;
             e = marks.waiters[e].second) {
          const std::size_t k = marks.waiters[e].first;
          node& m = nodes[k];
          if (!m.stuck) continue;
          for (const auto& w : m.waits)
            if (name_table::same_name(w.chan, u.chan) && (w.released_by & added) != 0) {
              m.stuck = false;
              reportable -= counts(m) ? 1 : 0;
              free.push_back(k);
              break;
            }
        }
      }
    }
    return true;
  }
};

std::optional<deadlock_report> deadlock_finder::among_some(const runtime& rt,
                                                           std::vector<const process*>& out) {
  using impl = deadlock_finder_impl;
  if (!impl::someone_counts(rt)) return std::nullopt;
  look_storage& storage = look_storage::here();
  struct trimmed {
    look_storage& s;
    ~trimmed() { s.trim(); }
  } trim_after{storage};
  if (impl::each_released_at_once(rt, storage.quick)) return std::nullopt;
  step_counter steps;
  const std::size_t count = impl::gather(rt, steps, storage.nodes);  // may move the nodes
  const std::span<node> nodes(storage.nodes.data(), count);
  if (!impl::mark_stuck(nodes, steps, storage.marks)) return std::nullopt;
  impl::reach_all(nodes, steps);
  // Those found before stay stuck; only a new set, with a non-daemon in it, is reported.
  std::vector<const node*> stuck;
  bool counts = false, others = false;
  for (const auto& n : nodes) {
    if (n.stuck && n.p->deadlocked()) continue;
    if (n.stuck) {
      stuck.push_back(&n);
      counts = counts || !n.p->daemon();
    } else {
      others = true;
    }
  }
  if (!counts) return std::nullopt;
  for (const node* n : stuck) out.push_back(n->p);
  deadlock_report r = impl::report(stuck, steps);
  r.others_run = others;
  r.search_steps = steps.n;
  return r;
}

deadlock_report deadlock_finder::all_waiting(const runtime& rt, std::vector<const process*>& out) {
  step_counter steps;
  std::vector<node> storage;
  const std::size_t count = deadlock_finder_impl::gather(rt, steps, storage);
  const std::span<node> nodes(storage.data(), count);
  deadlock_finder_impl::reach_all(nodes, steps);
  std::vector<const node*> waiting;
  for (const auto& n : nodes)
    if (n.waiting && !n.p->deadlocked()) {
      waiting.push_back(&n);
      out.push_back(n.p);
    }
  deadlock_report r = deadlock_finder_impl::report(waiting, steps);
  r.search_steps = steps.n;
  return r;
}

}  // namespace hotdog::detail
