#include "hotdog/sim/script/script.hpp"

#include "hotdog/sim/script/script_reach.hpp"
#include "hotdog/timeout.hpp"
#include "hotdog/sim/lang/json_logic.hpp"
#include "hotdog/sim/lang/text_filters.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hotdog::sim {
namespace {

// A script's variables, by slot; empty until a step binds them.
class variables {
 public:
  explicit variables(std::size_t count) : values_(count) {}
  const value& get(const variable& v) const {
    const auto& slot = values_[v.slot];
    if (!slot)
      throw std::runtime_error("variable \"" + v.name + "\" is used before a step binds it");
    return *slot;
  }
  void bind(const std::optional<variable>& v, value x) {
    if (v) values_[v->slot] = std::move(x);
  }
  /// Every slot, unset ones empty (what JSON Logic's var reads).
  const std::vector<std::optional<value>>& slots() const noexcept { return values_; }

 private:
  std::vector<std::optional<value>> values_;
};

// A value too large to print or to carry: a shared array doubled 40 times is small to hold,
// but its text would be 2^40 bytes. The bound is the one a JSON Logic evaluation obeys.
void check_size(const value& v, const char* what) {
  if (v.size() > logic_work_limit)
    throw std::runtime_error(std::string(what) + " a value of size " + std::to_string(v.size()) +
                             ", more than " + std::to_string(logic_work_limit) +
                             " (elements, members and string bytes)");
}

std::string render_text(const text_template& t, const variables& vars) {
  std::string out;
  std::uint64_t size = 0;
  for (const auto& piece : t.pieces) {
    out += piece.literal;
    if (!piece.var) continue;
    const value& v = vars.get(*piece.var);
    check_size(v, "a text template would print");
    size += v.size();
    if (size > logic_work_limit)
      throw std::runtime_error("a text template would print more than " +
                               std::to_string(logic_work_limit) + " bytes");
    std::string text = v.is_string() ? v.as_string() : v.to_json();
    switch (piece.how) {
      case text_template::filter::upper: text = upper_ascii(std::move(text)); break;
      case text_template::filter::lower: text = lower_ascii(std::move(text)); break;
      case text_template::filter::reverse: text = reverse_utf8(text); break;
      case text_template::filter::none: break;
    }
    out += text;
  }
  return out;
}

value render(const value_template& t, const variables& vars) {
  switch (t.type) {
    case value_template::kind::literal: return t.literal;
    case value_template::kind::variable: return vars.get(t.var);
    case value_template::kind::text: return value(render_text(t.text, vars));
    case value_template::kind::array: {
      std::vector<value> items;
      items.reserve(t.items.size());
      for (const auto& x : t.items) items.push_back(render(x, vars));
      return value::array(std::move(items));
    }
    case value_template::kind::object: {
      std::vector<std::pair<std::string, value>> members;
      members.reserve(t.members.size());
      for (const auto& [k, x] : t.members) members.emplace_back(k, render(x, vars));
      return value::object(std::move(members));
    }
  }
  return {};
}

// Whether v holds NaN or an infinity anywhere (depth is bounded by value::max_depth).
bool non_finite(const value& v) {
  if (v.is_double()) return !std::isfinite(v.as_double());
  if (v.is_array())
    return std::any_of(v.items().begin(), v.items().end(),
                       [](const value& x) { return non_finite(x); });
  if (v.is_object())
    return std::any_of(v.members().begin(), v.members().end(),
                       [](const auto& m) { return non_finite(m.second); });
  return false;
}

// A value about to go onto a channel, where the trace prints it: JSON has no NaN or
// infinity, and printed as null they would read like a closed channel's nil.
message outgoing(value v) {
  check_size(v, "a put of");
  if (non_finite(v))
    throw std::runtime_error(
        "a put of a value holding NaN or an infinity, which JSON has no numbers for (printed, "
        "they would read as null, a closed channel's nil)");
  return message(std::move(v));
}

// A value a put or offer is about to make on `to`. A null is refused with core.async's words
// and the channel's name, which the library's own refusal does not give. (An alts arm's null
// is refused only if that arm is tried, by the library, as core.async does.)
message outgoing(value v, const channel_ref& to) {
  if (v.is_null()) throw std::invalid_argument("Can't put nil on channel " + to.name);
  return outgoing(std::move(v));
}

// Steps that act on a channel: where a schedule may interleave processes.
bool touches_channel(const step& s) {
  return std::holds_alternative<put_step>(s.op) || std::holds_alternative<take_step>(s.op) ||
         std::holds_alternative<offer_step>(s.op) || std::holds_alternative<poll_step>(s.op) ||
         std::holds_alternative<close_step>(s.op) || std::holds_alternative<alts_step>(s.op) ||
         std::holds_alternative<onto_step>(s.op) || std::holds_alternative<collect_step>(s.op);
}

struct interpreter {
  process& p;
  const std::vector<message_channel>& channels;
  combinator_states& combinators;
  const std::vector<std::string>& names;
  random_source& random;  // its durations' draws
  ledger& books;
  variables vars;
  // Where the script is: a step list and the step running in it, outermost first; each
  // list but the first is inside the running step of the one before.
  struct frame {
    const step_list* steps;
    std::size_t at;
    bool repeats;  // a loop's body: all of it may run again
  };
  std::vector<frame> frames;

  const message_channel& chan(const channel_ref& c) const { return channels[c.index]; }

  // A value the script took, as the script reads it. A hot dog leaves the books here (a
  // payment needs no entry: its customer booked it handed over, and no machine took it).
  value took(const message& m) {
    if (std::holds_alternative<hot_dog>(m)) {
      auto hold = books.hold();
      books.add(books.taken_by_scripts, 1);
    }
    return to_script_value(m);
  }

  // What JSON Logic reads: the variables; its `log` operator makes a log event.
  logic_context logic() const {
    logic_context c;
    c.slots = &vars.slots();
    c.names = &names;
    c.log = [this](const value& v) { p.log(v.is_string() ? v.as_string() : v.to_json()); };
    return c;
  }

  // What the rest of the script can still do: the running step and those after it in the
  // innermost list; in each enclosing list the steps after the running one; and the whole
  // of every list that repeats.
  void reach(std::vector<channel_use>& out) const {
    for (std::size_t i = 0; i < frames.size(); ++i) {
      const frame& f = frames[i];
      const bool innermost = i + 1 == frames.size();
      add_channel_uses(*f.steps, f.repeats ? 0 : innermost ? f.at : f.at + 1, out);
    }
  }

  // Keeps frames in step with the coroutines of run(), however they end.
  struct entered {
    std::vector<frame>& frames;
    entered(std::vector<frame>& fs, const step_list& steps, bool repeats) : frames(fs) {
      frames.push_back({&steps, 0, repeats});
    }
    ~entered() { frames.pop_back(); }
    entered(const entered&) = delete;
    entered& operator=(const entered&) = delete;
  };

  // Runs steps; inside a loop, a take that returns null (closed) or a break ends the loop:
  // returns true (an `if` passes it on to the loop around it).
  task<bool> run(const step_list& steps, bool in_loop) {
    entered here(frames, steps, in_loop);
    const std::size_t depth = frames.size() - 1;
    for (std::size_t at = 0; at < steps.size(); ++at) {
      const step& s = steps[at];
      frames[depth].at = at;
      // Outside a loop, moving on leaves steps behind for good: what it reaches shrinks.
      if (!in_loop && at > 0) p.reach_changed();
      // A scheduled run may let another process go first here, as a racing thread might.
      if (touches_channel(s)) co_await p.yield_point();
      if (const auto* put = std::get_if<put_step>(&s.op)) {
        const bool ok = co_await p.put(
            chan(put->chan), outgoing(render(put->value, vars), put->chan), put->blocking);
        vars.bind(put->as, value(ok));
      } else if (const auto* take = std::get_if<take_step>(&s.op)) {
        auto v = co_await p.take(chan(take->chan), take->blocking);
        vars.bind(take->as, v ? took(*v) : value());
        if (!v && in_loop) co_return true;
      } else if (const auto* offer = std::get_if<offer_step>(&s.op)) {
        auto r =
            co_await p.offer(chan(offer->chan), outgoing(render(offer->value, vars), offer->chan));
        vars.bind(offer->as, r ? value(*r) : value());
      } else if (const auto* poll = std::get_if<poll_step>(&s.op)) {
        auto v = co_await p.poll(chan(poll->chan));
        vars.bind(poll->as, v ? took(*v) : value());
      } else if (const auto* close = std::get_if<close_step>(&s.op)) {
        p.close(chan(close->chan));
      } else if (const auto* sleep = std::get_if<sleep_step>(&s.op)) {
        co_await p.sleep(sleep->duration.draw(random), sleep->blocking);
      } else if (const auto* log = std::get_if<log_step>(&s.op)) {
        p.log(render_text(log->text, vars));
      } else if (const auto* loop = std::get_if<loop_step>(&s.op)) {
        std::optional<std::uint64_t> events_before;  // when the last iteration began
        for (std::uint64_t n = 0;; ++n) {
          // The index first, so that `while` sees the round about to run.
          vars.bind(loop->index_as, value(static_cast<std::int64_t>(n)));
          if (loop->times && n >= *loop->times) break;
          if (loop->while_condition && !loop->while_condition->test(logic())) break;
          // An iteration that made no event still counts towards a stall (one that made
          // events was counted by them); a run that is ending stops the loop here.
          const std::uint64_t events_now = p.rt().events_made();
          p.step(events_before == events_now);
          events_before = events_now;
          if (co_await run(loop->body, true)) break;
        }
      } else if (const auto* branch = std::get_if<if_step>(&s.op)) {
        const bool yes = branch->condition.test(logic());
        if (co_await run(yes ? branch->then_steps : branch->else_steps, in_loop)) co_return true;
      } else if (const auto* set = std::get_if<set_step>(&s.op)) {
        vars.bind(set->var, set->to.evaluate(logic()));
      } else if (std::holds_alternative<break_step>(s.op)) {
        co_return true;
      } else if (const auto* alts = std::get_if<alts_step>(&s.op)) {
        co_await run_alts(*alts);
      } else if (const auto* onto = std::get_if<onto_step>(&s.op)) {
        co_await run_onto(*onto);
      } else if (const auto* collect = std::get_if<collect_step>(&s.op)) {
        std::vector<value> got;
        while (auto v = co_await p.take(chan(collect->chan))) {
          got.push_back(took(*v));
          co_await p.yield_point();
        }
        vars.bind(collect->as, value::array(std::move(got)));
      } else {
        change_combinator(s);
      }
    }
    co_return false;
  }

  // onto-chan!: each value in turn, stopping at a put that finds the channel closed; then
  // closes it unless told not to. The step waits until it is done (`(<! (onto-chan! ...))`).
  task<void> run_onto(const onto_step& s) {
    std::vector<value> values;
    if (s.expr) {
      value list = s.expr->evaluate(logic());
      if (!list.is_array())
        throw std::runtime_error("onto " + s.chan.name + ": \"values\" gave " + list.to_json() +
                                 ", not a list");
      values = list.items();
    } else {
      for (const auto& t : s.values) values.push_back(render(t, vars));
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) co_await p.yield_point();
      if (values[i].is_null())
        throw std::runtime_error("onto " + s.chan.name + ": value " + std::to_string(i) +
                                 " is null, and a channel takes no null");
      if (!co_await p.put(chan(s.chan), outgoing(std::move(values[i])))) break;
    }
    if (s.close) p.close(chan(s.chan));
  }

  // tap, untap, sub, unsub, admix, unmix, toggle: core.async's plain function calls, which
  // change what the combinator does with its next value and make no event of their own.
  void change_combinator(const step& s) {
    if (const auto* tap = std::get_if<tap_step>(&s.op)) {
      auto& mult = *combinators.mults[tap->mult.index];
      if (tap->untap)
        mult.untap(chan(tap->chan));
      else
        mult.tap(chan(tap->chan), tap->close);
    } else if (const auto* sub = std::get_if<sub_step>(&s.op)) {
      auto& pub = *combinators.pubs[sub->pub.index];
      if (sub->unsub)
        pub.unsub(render(sub->topic, vars), chan(sub->chan));
      else
        pub.sub(render(sub->topic, vars), chan(sub->chan));
    } else if (const auto* mix = std::get_if<mix_step>(&s.op)) {
      auto& st = *combinators.mixes[mix->mix.index];
      switch (mix->type) {
        case mix_step::kind::admix: st.admix(chan(mix->chan)); break;
        case mix_step::kind::unmix: st.unmix(chan(mix->chan)); break;
        case mix_step::kind::toggle:
          st.toggle(chan(mix->chan), {mix->mute, mix->pause, mix->solo});
          break;
      }
    }
  }

  task<void> run_alts(const alts_step& s) {
    std::vector<alt_op<message>> ops;
    ops.reserve(s.arms.size());
    for (const auto& arm : s.arms) {
      switch (arm.type) {
        case alts_arm::kind::take: ops.push_back(alt_op<message>::take(chan(arm.chan))); break;
        case alts_arm::kind::put:
          ops.push_back(alt_op<message>::put(chan(arm.chan), outgoing(render(arm.value, vars))));
          break;
        case alts_arm::kind::timeout:
          ops.push_back(alt_op<message>::take(make_timeout<message>(
              p.rt(), arm.timeout.draw(random), static_cast<std::uint32_t>(channels.size() + 1))));
          break;
      }
    }
    std::optional<message> dflt;
    if (s.default_value) dflt = outgoing(render(*s.default_value, vars));
    auto r = co_await p.alts(std::move(ops), s.priority, std::move(dflt));
    value got;
    value port("default");
    if (r.index != default_index) {
      const alts_arm& arm = s.arms[r.index];
      port = arm.type == alts_arm::kind::timeout ? value("timeout") : value(arm.chan.name);
      if (arm.type == alts_arm::kind::put)
        got = value(r.put_ok);
      else if (r.value)
        got = took(*r.value);
    } else {
      got = to_script_value(*r.value);
    }
    vars.bind(s.as, std::move(got));
    vars.bind(s.port_as, std::move(port));
  }
};

}  // namespace

task<void> run_script(process& p, world& w, const script_spec& script) {
  interpreter run{p,
                  w.channels,
                  w.combinators,
                  script.variables,
                  w.random(p),
                  w.books,
                  variables(script.variables.size()),
                  {}};
  // The runtime asks what the rest of the script reaches while it looks for a deadlock.
  struct reach_while_running {
    process& p;
    ~reach_while_running() { p.set_reach(nullptr); }
  } reaching{p};
  p.set_reach([&run](std::vector<channel_use>& out) {
    run.reach(out);
    return true;
  });
  co_await run.run(script.steps, false);
}

}  // namespace hotdog::sim
