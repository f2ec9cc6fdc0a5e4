#include "hotdog/sim/explore/shrink_candidates.hpp"

#include <algorithm>
#include <set>
#include <type_traits>
#include <utility>

namespace hotdog::sim {

namespace {

// Where a step is: from a script's steps, (which child list of the step before, index) pairs;
// the first pair's list is the script's own (0).
using step_path = std::vector<std::pair<std::size_t, std::size_t>>;

// The numbers shrinking lowers.
enum class field {
  until,
  buffer,
  start,
  stock,
  count,
  interval,
  patience,
  serve_time,
  cook_time,
  batches,
  times,
  sleep,
  timeout
};

// The JSON key of each field (what a `--set` names, and the pointer's last token).
const char* key_of(field f) {
  constexpr const char* keys[] = {"until",    "buffer",   "start",      "stock",     "count",
                                  "interval", "patience", "serve_time", "cook_time", "batches",
                                  "times",    "sleep",    "timeout"};
  return keys[static_cast<std::size_t>(f)];
}

// Counts are halved and then lowered by one; durations only halved (and 1 ms made 0).
bool is_count(field f) {
  return f == field::buffer || f == field::stock || f == field::count || f == field::batches ||
         f == field::times;
}

// The step lists in a step: a loop's body (0); an if's then (0) and else (1). The pointer is
// const when the step is.
template <class Step>
auto* child_list(Step& s, std::size_t n) {
  using list = std::conditional_t<std::is_const_v<Step>, const step_list, step_list>;
  if (auto* l = std::get_if<loop_step>(&s.op)) return static_cast<list*>(&l->body);
  auto* i = std::get_if<if_step>(&s.op);
  return static_cast<list*>(n == 0 ? &i->then_steps : &i->else_steps);
}

// The list holding the step at `path` in process p's script.
template <class Scenario>
auto* list_at(Scenario& sc, std::size_t p, const step_path& path) {
  auto* list = &std::get_if<script_spec>(&sc.processes[p].body)->steps;
  for (std::size_t k = 0; k + 1 < path.size(); ++k)
    list = child_list((*list)[path[k].second], path[k + 1].first);
  return list;
}

template <class Scenario>
auto& step_at(Scenario& sc, std::size_t p, const step_path& path) {
  return (*list_at(sc, p, path))[path.back().second];
}

// Calls f on every step in `list`, nested ones too.
template <class List, class F>
void each_step(List& list, const F& f) {
  for (auto& s : list) {
    f(s);
    if (std::holds_alternative<loop_step>(s.op)) each_step(*child_list(s, 0), f);
    if (std::holds_alternative<if_step>(s.op)) {
      each_step(*child_list(s, 0), f);
      each_step(*child_list(s, 1), f);
    }
  }
}

// Calls f on every channel index a step holds.
template <class Step, class F>
void each_channel(Step& s, const F& f) {
  std::visit(
      [&](auto& op) {
        using op_type = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<op_type, alts_step>) {
          for (auto& arm : op.arms)
            if (arm.type != alts_arm::kind::timeout) f(arm.chan.index);
        } else if constexpr (requires { op.chan.index; }) {
          f(op.chan.index);
        }
      },
      s.op);
}

bool uses_channel(const scenario& sc, std::size_t c) {
  bool used = false;
  for (const auto& p : sc.processes) {
    // A shared line is a declared channel that machines take from and customers pay into.
    if (const auto* m = std::get_if<machine_spec>(&p.body); m && !m->in.empty())
      used |= m->in_channel == c;
    if (const auto* cu = std::get_if<customer_spec>(&p.body); cu && !cu->line.empty())
      used |= cu->machine_in_channels.front() == c;
    if (const auto* script = std::get_if<script_spec>(&p.body))
      each_step(script->steps,
                [&](const step& s) { each_channel(s, [&](std::size_t i) { used |= i == c; }); });
    std::visit(
        [&](const auto& spec) {
          each_combinator_channel(spec, [&](std::size_t i) { used |= i == c; });
        },
        p.body);
  }
  return used;
}

// Removes channels [first, first + n) (no one uses them) and moves every index after them.
void remove_channels(scenario& sc, std::size_t first, std::size_t n) {
  const auto at = sc.channels.begin() + static_cast<std::ptrdiff_t>(first);
  sc.channels.erase(at, at + static_cast<std::ptrdiff_t>(n));
  const auto move = [&](std::size_t& i) {
    if (i >= first + n) i -= n;
  };
  for (auto& p : sc.processes) {
    if (auto* script = std::get_if<script_spec>(&p.body))
      each_step(script->steps, [&](step& s) { each_channel(s, move); });
    if (auto* m = std::get_if<machine_spec>(&p.body)) {
      move(m->in_channel);
      move(m->hopper_channel);
    }
    if (auto* c = std::get_if<customer_spec>(&p.body))
      for (auto& i : c->machine_in_channels) move(i);
    if (auto* c = std::get_if<chef_spec>(&p.body)) move(c->hopper_channel);
    std::visit([&](auto& spec) { each_combinator_channel(spec, move); }, p.body);
  }
}

// After process `gone` was dropped: moves the combinator references of tap, sub and mix steps
// past it; false when a step names the dropped process itself.
bool renumber_process_refs(scenario& sc, std::size_t gone) {
  bool ok = true;
  const auto move = [&](process_ref& r) {
    if (r.index == gone) ok = false;
    if (r.index > gone) --r.index;
  };
  for (auto& p : sc.processes)
    if (auto* script = std::get_if<script_spec>(&p.body))
      each_step(script->steps, [&](step& s) {
        if (auto* t = std::get_if<tap_step>(&s.op)) move(t->mult);
        if (auto* u = std::get_if<sub_step>(&s.op)) move(u->pub);
        if (auto* x = std::get_if<mix_step>(&s.op)) move(x->mix);
      });
  return ok;
}

void add_names(const text_template& t, std::set<std::string>& used) {
  for (const auto& piece : t.pieces)
    if (piece.var) used.insert(piece.var->name);
}

void add_names(const value_template& t, std::set<std::string>& used) {
  if (t.type == value_template::kind::variable) used.insert(t.var.name);
  if (t.type == value_template::kind::text) add_names(t.text, used);
  for (const auto& item : t.items) add_names(item, used);
  for (const auto& m : t.members) add_names(m.second, used);
}

// The variables a script's steps bind, and those their `{var}` templates use (a JSON Logic
// var may read an unbound one: it reads null), leaving out `skip` and the steps in it.
void variables(const step_list& list, const step* skip, std::set<std::string>& bound,
               std::set<std::string>& used) {
  for (const auto& s : list) {
    if (&s == skip) continue;
    const auto bind = [&](const std::optional<variable>& v) {
      if (v) bound.insert(v->name);
    };
    if (const auto* put = std::get_if<put_step>(&s.op)) {
      add_names(put->value, used);
      bind(put->as);
    } else if (const auto* offer = std::get_if<offer_step>(&s.op)) {
      add_names(offer->value, used);
      bind(offer->as);
    } else if (const auto* take = std::get_if<take_step>(&s.op)) {
      bind(take->as);
    } else if (const auto* poll = std::get_if<poll_step>(&s.op)) {
      bind(poll->as);
    } else if (const auto* log = std::get_if<log_step>(&s.op)) {
      add_names(log->text, used);
    } else if (const auto* set = std::get_if<set_step>(&s.op)) {
      bound.insert(set->var.name);
    } else if (const auto* alts = std::get_if<alts_step>(&s.op)) {
      for (const auto& arm : alts->arms)
        if (arm.type == alts_arm::kind::put) add_names(arm.value, used);
      if (alts->default_value) add_names(*alts->default_value, used);
      bind(alts->as);
      bind(alts->port_as);
    } else if (const auto* loop = std::get_if<loop_step>(&s.op)) {
      bind(loop->index_as);
    }
    for (const step_list* inner : child_lists(s)) variables(*inner, skip, bound, used);
  }
}

}  // namespace

struct shrink_candidates::edit {
  enum class kind { drop_channel, drop_process, drop_step, lower };
  static edit make(kind type, std::size_t index, const step_path& path = {},
                   field what = field::until, std::size_t arm = 0) {
    edit e;
    e.type = type;
    e.index = index;
    e.path = path;
    e.what = what;
    e.arm = arm;
    return e;
  }
  kind type = kind::lower;
  std::size_t index = 0;  ///< the channel, or the process
  step_path path;         ///< drop_step, and a step's numbers
  field what = field::until;
  std::size_t arm = 0;  ///< timeout: which of the alts' arms
  std::uint64_t from = 0, to = 0;
};

// The edits of one chunk: numbers [first, first + edits.size()).
struct shrink_candidates::plan {
  std::vector<edit> edits;
  std::size_t first = 0;
  bool last = false;  ///< no edits after these
  bool filled = false;
};

namespace {

// Calls f on the number `e` lowers (an int64_t, uint64_t or size_t), when it is there to lower
// (an absent count, unlimited stock or a random duration is not); returns whether it was.
template <class Scenario, class Edit, class F>
bool visit_number(Scenario& sc, const Edit& e, const F& f) {
  const auto fixed = [&](auto& d) {
    if (d.type != duration_spec::kind::fixed) return false;
    f(d.ms);
    return true;
  };
  const auto maybe = [&](auto& o) {
    if (o) f(*o);
    return o.has_value();
  };
  const auto maybe_fixed = [&](auto& o) { return o && fixed(*o); };
  if (e.what == field::until) return maybe(sc.until);
  if (e.what == field::buffer) {
    f(sc.channels[e.index].buffer);
    return true;
  }
  auto& body = sc.processes[e.index].body;
  auto* machine = std::get_if<machine_spec>(&body);
  auto* customer = std::get_if<customer_spec>(&body);
  auto* chef = std::get_if<chef_spec>(&body);
  switch (e.what) {
    case field::until:
    case field::buffer: break;  // above
    case field::start: f(sc.processes[e.index].start); return true;
    case field::stock:
      if (!machine || machine->unlimited) return false;
      f(machine->stock);
      return true;
    case field::count: return customer && maybe(customer->count);
    case field::interval: return customer && customer->count && fixed(customer->interval);
    case field::patience: return customer && maybe_fixed(customer->patience);
    case field::serve_time: return machine && maybe_fixed(machine->serve_time);
    case field::cook_time: return chef && fixed(chef->cook_time);
    case field::batches: return chef && maybe(chef->batches);
    case field::times: {
      auto* loop = std::get_if<loop_step>(&step_at(sc, e.index, e.path).op);
      return loop && maybe(loop->times);
    }
    case field::sleep: {
      auto* sleep = std::get_if<sleep_step>(&step_at(sc, e.index, e.path).op);
      return sleep && fixed(sleep->duration);
    }
    case field::timeout: {
      auto* alts = std::get_if<alts_step>(&step_at(sc, e.index, e.path).op);
      return alts && alts->arms[e.arm].type == alts_arm::kind::timeout &&
             fixed(alts->arms[e.arm].timeout);
    }
  }
  return false;
}

std::string step_pointer(const scenario& sc, std::size_t p, const step_path& path) {
  std::string out = "/processes/" + std::to_string(p) + "/steps";
  const step_list* list = &std::get<script_spec>(sc.processes[p].body).steps;
  for (std::size_t k = 0; k < path.size(); ++k) {
    if (k > 0) {
      const step& parent = (*list)[path[k - 1].second];
      out += std::holds_alternative<loop_step>(parent.op) ? "/loop"
             : path[k].first == 0                         ? "/then"
                                                          : "/else";
      list = child_list(parent, path[k].first);
    }
    out += "/" + std::to_string(path[k].second);
  }
  return out;
}

}  // namespace

std::size_t scenario_size(const scenario& sc) {
  std::size_t n = sc.processes.size() + sc.declared_channels();
  for (const auto& p : sc.processes)
    if (const auto* script = std::get_if<script_spec>(&p.body))
      each_step(script->steps, [&](const step&) { ++n; });
  return n;
}

shrink_candidates::~shrink_candidates() = default;

shrink_candidates::shrink_candidates(const scenario& sc, const std::vector<setting>& pinned,
                                     std::size_t chunk)
    : sc_(sc),
      pinned_(pinned),
      plan_(std::make_unique<plan>()),
      chunk_(std::max<std::size_t>(chunk, 1)) {}

// Lists the edits numbered [from, from + chunk_) in the fixed order (they are made again
// from the start for each chunk: time for memory, as a big scenario has many edits, each with
// its step's path, and holding them all could take far more than the scenario).
void shrink_candidates::fill(std::size_t from) {
  auto& edits = plan_->edits;
  edits.clear();
  plan_->first = from;
  std::size_t numbered = 0;
  const auto push = [&](const edit& e) {
    if (numbered++ >= from && edits.size() < chunk_) edits.push_back(e);
  };
  const auto full = [&] { return edits.size() >= chunk_; };
  const auto lower = [&](edit e) {
    std::uint64_t n = 0;
    if (!visit_number(sc_, e, [&](const auto& x) { n = static_cast<std::uint64_t>(x); })) return;
    e.from = n;
    // Halving first takes a crowd of 200 down in a few steps; then one less at a time.
    if (n > 1) {
      e.to = n / 2;
      push(e);
    }
    if (n > 0 && (is_count(e.what) ? n - 1 != n / 2 || n == 1 : n == 1)) {
      e.to = n - 1;
      push(e);
    }
  };
  const auto number = [&](field f, std::size_t index) {
    lower(edit::make(edit::kind::lower, index, {}, f));
  };
  // A script's steps: drop each of a list, then look inside each.
  step_path path;
  const auto steps = [&](const auto& self, std::size_t p, const step_list& list,
                         std::size_t list_no) -> void {
    for (std::size_t i = 0; i < list.size() && !full(); ++i) {
      path.emplace_back(list_no, i);
      push(edit::make(edit::kind::drop_step, p, path));
      path.pop_back();
    }
    for (std::size_t i = 0; i < list.size() && !full(); ++i) {
      path.emplace_back(list_no, i);
      const auto inner = child_lists(list[i]);
      for (std::size_t n = 0; n < inner.size(); ++n) self(self, p, *inner[n], n);
      for (field f : {field::times, field::sleep}) lower(edit::make(edit::kind::lower, p, path, f));
      if (const auto* alts = std::get_if<alts_step>(&list[i].op))
        for (std::size_t a = 0; a < alts->arms.size(); ++a)
          lower(edit::make(edit::kind::lower, p, path, field::timeout, a));
      path.pop_back();
    }
  };
  number(field::until, 0);
  for (std::size_t c = 0; c < sc_.declared_channels() && !full(); ++c)
    push(edit::make(edit::kind::drop_channel, c));
  for (std::size_t c = 0; c < sc_.declared_channels() && !full(); ++c) number(field::buffer, c);
  for (std::size_t p = 0; p < sc_.processes.size() && !full(); ++p)
    push(edit::make(edit::kind::drop_process, p));
  for (std::size_t p = 0; p < sc_.processes.size() && !full(); ++p) {
    for (field f : {field::start, field::stock, field::count, field::interval, field::patience,
                    field::serve_time, field::cook_time, field::batches})
      number(f, p);
    if (const auto* script = std::get_if<script_spec>(&sc_.processes[p].body))
      steps(steps, p, script->steps, 0);
  }
  plan_->last = edits.size() < chunk_;
}

bool shrink_candidates::pinned(const std::string& name, const char* key) const {
  return std::any_of(pinned_.begin(), pinned_.end(), [&](const setting& s) {
    return s.target == name && (key == nullptr || s.key == key);
  });
}

// A capacity left at the loader's default, max(stock, 10), follows the stock down, as it
// would in the file; the hopper's buffer is the capacity.
void shrink_candidates::follow_stock(scenario& out, const edit& e) const {
  auto& m = std::get<machine_spec>(out.processes[e.index].body);
  const auto was = std::max<std::int64_t>(static_cast<std::int64_t>(e.from), 10);
  if (m.capacity != was || pinned(out.processes[e.index].name, "capacity")) return;
  m.capacity = std::max<std::int64_t>(m.stock, 10);
  out.channels[m.hopper_channel].buffer = static_cast<std::size_t>(m.capacity);
}

bool shrink_candidates::allowed(const edit& e) const {
  switch (e.type) {
    case edit::kind::drop_channel:
      return !pinned(sc_.channels[e.index].name, nullptr) && !uses_channel(sc_, e.index);
    case edit::kind::drop_process: {
      const process_spec& p = sc_.processes[e.index];
      if (sc_.processes.size() == 1 || pinned(p.name, nullptr)) return false;
      if (sc_.expect) {
        for (const auto& [name, messages] : sc_.expect->logs)
          if (name == p.name) return false;
        // A summary needs a machine, customer or chef.
        std::size_t serving = 0;
        for (const auto& q : sc_.processes) serving += !std::holds_alternative<script_spec>(q.body);
        if (!sc_.expect->summary.empty() && serving == 1 &&
            !std::holds_alternative<script_spec>(p.body))
          return false;
      }
      if (!std::holds_alternative<machine_spec>(p.body)) return true;
      for (const auto& q : sc_.processes) {
        if (const auto* c = std::get_if<customer_spec>(&q.body))
          if (std::find(c->machines.begin(), c->machines.end(), p.name) != c->machines.end())
            return false;
        if (const auto* c = std::get_if<chef_spec>(&q.body))
          if (c->machine == p.name) return false;
      }
      const auto& m = std::get<machine_spec>(p.body);
      // A shared line stays (others use it); its own NAME.in and hopper must be unused.
      return (!m.in.empty() || !uses_channel(sc_, m.in_channel)) &&
             !uses_channel(sc_, m.hopper_channel);
    }
    case edit::kind::drop_step: {
      const process_spec& p = sc_.processes[e.index];
      if (pinned(p.name, "steps")) return false;
      const step_list& list = *list_at(sc_, e.index, e.path);
      const bool loop_body =
          e.path.size() > 1 &&
          std::holds_alternative<loop_step>((*list_at(
              sc_, e.index,
              step_path(e.path.begin(), e.path.end() - 1)))[e.path[e.path.size() - 2].second]
                                                .op);
      if (loop_body && list.size() == 1) return false;  // a loop needs a step
      std::set<std::string> bound, used;
      variables(std::get<script_spec>(p.body).steps, &list[e.path.back().second], bound, used);
      return std::includes(bound.begin(), bound.end(), used.begin(), used.end());
    }
    case edit::kind::lower: {
      if (e.what == field::until) return !pinned("", "until");
      if (e.what == field::buffer) {
        const channel_spec& c = sc_.channels[e.index];
        // Dropping and sliding buffers, and a transducer, need a buffer of at least 1.
        return !pinned(c.name, "buffer") &&
               ((c.policy == buffer_policy::fixed && c.xform.empty()) || e.to >= 1);
      }
      const std::string& name = sc_.processes[e.index].name;
      if (e.what == field::times || e.what == field::sleep || e.what == field::timeout)
        return !pinned(name, "steps");
      return !pinned(name, key_of(e.what)) && (e.what != field::count || e.to >= 1);
    }
  }
  return false;
}

std::optional<scenario> shrink_candidates::next() {
  for (;;) {
    if (!plan_->filled || next_ >= plan_->first + plan_->edits.size()) {
      if (plan_->filled && plan_->last) break;
      fill(next_);
      plan_->filled = true;
      if (plan_->edits.empty()) break;
    }
    const edit& e = plan_->edits[next_++ - plan_->first];
    if (!allowed(e)) continue;
    scenario out = sc_;
    switch (e.type) {
      case edit::kind::drop_channel:
        change_ = "drop /channels/" + std::to_string(e.index);
        remove_channels(out, e.index, 1);
        break;
      case edit::kind::drop_process: {
        change_ = "drop /processes/" + std::to_string(e.index);
        const auto it = out.processes.begin() + static_cast<std::ptrdiff_t>(e.index);
        const auto* m = std::get_if<machine_spec>(&it->body);
        // Its own channels: NAME.in then NAME.hopper, or the hopper alone beside a shared line.
        const bool shared = m && !m->in.empty();
        const std::size_t first = !m ? 0 : shared ? m->hopper_channel : m->in_channel;
        out.processes.erase(it);
        if (m) remove_channels(out, first, shared ? 1 : 2);
        if (!renumber_process_refs(out, e.index)) continue;  // a step still names it
        break;
      }
      case edit::kind::drop_step: {
        change_ = "drop " + step_pointer(sc_, e.index, e.path);
        auto& list = *list_at(out, e.index, e.path);
        list.erase(list.begin() + static_cast<std::ptrdiff_t>(e.path.back().second));
        break;
      }
      case edit::kind::lower: {
        const bool in_step =
            e.what == field::times || e.what == field::sleep || e.what == field::timeout;
        std::string at = e.what == field::until    ? ""
                         : e.what == field::buffer ? "/channels/" + std::to_string(e.index)
                         : in_step                 ? step_pointer(sc_, e.index, e.path)
                                                   : "/processes/" + std::to_string(e.index);
        if (e.what == field::timeout) at += "/alts/" + std::to_string(e.arm);
        change_ = "lower " + at + "/" + key_of(e.what) + " " + std::to_string(e.from) + " -> " +
                  std::to_string(e.to);
        visit_number(out, e, [&](auto& x) { x = static_cast<std::decay_t<decltype(x)>>(e.to); });
        if (e.what == field::stock) follow_stock(out, e);
        break;
      }
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace hotdog::sim
