#include "hotdog/sim/kinds/combinators.hpp"

#include "hotdog/sim/kinds/kinds.hpp"
#include "hotdog/sim/kinds/xforms.hpp"
#include "hotdog/sim/lang/js_semantics.hpp"

#include "carrying.hpp"
#include "reach_guard.hpp"

#include <algorithm>
#include <stdexcept>

namespace hotdog::sim {
namespace {

namespace use = channel_uses;

// An expression on a value; a failure says which and on what (the runtime names the process).
value evaluate(const logic_expression& e, const message& m, const char* what) {
  logic_context c;
  c.data = to_script_value(m);
  try {
    return e.evaluate(c);
  } catch (const std::exception& x) {
    throw std::runtime_error(std::string("the ") + what + " failed on " + describe(m) + ": " +
                             x.what());
  }
}

// Puts v to every target at once, as core.async's mult does with put!: each target gets it
// as soon as it can take it, a slow one holds back none of the others. Returns the targets
// found closed. `hand` lets the value go when a put begins, and holds it again when that put
// finds its channel closed before any put delivered it (the other copies are withdrawn).
task<std::vector<message_channel>> deliver(process& p, const message& v,
                                           std::vector<message_channel> targets, carrying& hand) {
  std::vector<message_channel> closed;
  bool delivered = false;
  while (!targets.empty()) {
    co_await p.yield_point();
    std::size_t done = 0;
    bool ok = false;
    hand.put_on(p);  // the put holds it now (and any later one a copy)
    if (targets.size() == 1) {
      ok = co_await p.put(targets[0], message(v));
    } else {
      std::vector<alt_op<message>> ops;
      for (const auto& t : targets) ops.push_back(alt_op<message>::put(t, message(v)));
      // In order of tapping when several are ready at once.
      auto r = co_await p.alts(std::move(ops), true);
      done = r.index;
      ok = r.put_ok;
    }
    delivered = delivered || ok;
    if (!ok) closed.push_back(targets[done]);
    if (!delivered) hand.hold(v);
    targets.erase(targets.begin() + static_cast<std::ptrdiff_t>(done));
  }
  co_return closed;
}

// Closes each channel once, in order.
void close_each(process& p, const std::vector<message_channel>& chans) {
  std::vector<message_channel> done;
  for (const auto& c : chans)
    if (std::find(done.begin(), done.end(), c) == done.end()) {
      p.close(c);
      done.push_back(c);
    }
}

task<void> run_pipe(process& p, world& w, const pipe_spec& s) {
  message_channel from = w.channels[s.from], to = w.channels[s.to];
  carrying hand(w);
  for (;;) {
    co_await p.yield_point();
    hand.before_take(p);
    auto v = co_await p.take(from);
    if (!v) {
      if (s.close) p.close(to);
      co_return;
    }
    hand.hold(*v);
    co_await p.yield_point();
    const std::int64_t money = money_of(*v);
    hand.put_on(p);
    if (!co_await p.put(to, std::move(*v))) {
      book_lost(w, money);
      co_return;  // `to` closed: pipe stops
    }
  }
}

task<void> run_mult(process& p, world& w, const mult_spec& s, std::size_t self) {
  auto st = w.combinators.mults[self];
  message_channel from = w.channels[s.from];
  reach_guard reaching(p, [st, from](std::vector<channel_use>& out) {
    out.push_back({from.name(), use::take});
    for (const auto& t : st->taps()) out.push_back({t.ch.name(), use::put | use::close});
    return true;
  });
  carrying hand(w);
  for (;;) {
    co_await p.yield_point();
    hand.before_take(p);
    auto v = co_await p.take(from);
    if (v) hand.hold(*v);
    auto taps = st->taps();
    std::vector<message_channel> chans;
    for (const auto& t : taps)
      if (v || t.close) chans.push_back(t.ch);
    if (!v) {
      close_each(p, chans);
      co_return;
    }
    // A value with no tap is dropped, as core.async's mult drops it.
    const auto closed = co_await deliver(p, *v, chans, hand);
    hand.let_go();
    if (closed.size() == chans.size()) book_lost(w, money_of(*v));
    for (const auto& c : closed) st->untap(c);
  }
}

task<void> run_pub(process& p, world& w, const pub_spec& s, std::size_t self) {
  auto subs = w.combinators.pubs[self];
  message_channel from = w.channels[s.from];
  reach_guard reaching(p, [subs, from](std::vector<channel_use>& out) {
    out.push_back({from.name(), use::take});
    for (const auto& e : subs->all()) out.push_back({e.ch.name(), use::put | use::close});
    return true;
  });
  carrying hand(w);
  for (;;) {
    co_await p.yield_point();
    hand.before_take(p);
    auto v = co_await p.take(from);
    if (!v) {
      std::vector<message_channel> chans;
      for (const auto& e : subs->all())
        if (e.close) chans.push_back(e.ch);
      close_each(p, chans);
      co_return;
    }
    hand.hold(*v);
    const value topic = evaluate(s.topic, *v, "topic expression");
    std::vector<message_channel> chans;
    for (const auto& e : subs->of(topic)) chans.push_back(e.ch);
    // No subscriber: the value is dropped.
    const auto closed = co_await deliver(p, *v, chans, hand);
    hand.let_go();
    if (closed.size() == chans.size()) book_lost(w, money_of(*v));
    for (const auto& c : closed) subs->unsub(topic, c);
  }
}

task<void> run_merge(process& p, world& w, const merge_spec& s) {
  std::vector<message_channel> open;
  for (std::size_t c : s.from) open.push_back(w.channels[c]);
  message_channel to = w.channels[s.to];
  reach_guard reaching(p, [&open, to](std::vector<channel_use>& out) {
    for (const auto& c : open) out.push_back({c.name(), use::take});
    out.push_back({to.name(), use::put | use::close});
    return true;
  });
  carrying hand(w);
  while (!open.empty()) {
    co_await p.yield_point();
    std::vector<alt_op<message>> ops;
    for (const auto& c : open) ops.push_back(alt_op<message>::take(c));
    hand.before_alts(p);
    auto r = co_await p.alts(std::move(ops));  // random among the ready, as core.async's alts!
    if (!r.value) {
      open.erase(open.begin() + static_cast<std::ptrdiff_t>(r.index));
      continue;
    }
    hand.hold(*r.value);
    co_await p.yield_point();
    const std::int64_t money = money_of(*r.value);
    hand.put_on(p);
    if (!co_await p.put(to, std::move(*r.value))) book_lost(w, money);
  }
  p.close(to);
}

task<void> run_mix(process& p, world& w, const mix_spec& s, std::size_t self) {
  auto st = w.combinators.mixes[self];
  message_channel to = w.channels[s.to];
  // Every input, paused ones too: a toggle, an unmix or a soloed input's close may have it
  // read again, and the processes that would do so are not known here.
  reach_guard reaching(p, [st, to](std::vector<channel_use>& out) {
    for (const auto& c : st->inputs()) out.push_back({c.name(), use::take});
    out.push_back({to.name(), use::put});
    return true;
  });
  carrying hand(w);
  for (;;) {
    auto view = st->calc();
    std::vector<alt_op<message>> ops;
    for (const auto& c : view.reads) ops.push_back(alt_op<message>::take(c));
    ops.push_back(alt_op<message>::take(view.change));
    co_await p.yield_point();
    hand.before_alts(p);
    auto r = co_await p.alts(std::move(ops));
    if (r.index == view.reads.size()) {  // a tap step changed the inputs
      hand.let_go();
      continue;
    }
    const message_channel& c = view.reads[r.index];
    if (!r.value) {
      st->closed(c);
      continue;
    }
    hand.hold(*r.value);
    const std::int64_t money = money_of(*r.value);
    if (!view.heard(c)) {  // muted: taken and dropped
      hand.let_go();
      book_lost(w, money);
      continue;
    }
    co_await p.yield_point();
    hand.put_on(p);
    if (!co_await p.put(to, std::move(*r.value))) {  // mix never closes `to`
      book_lost(w, money);
      co_return;
    }
  }
}

task<void> run_split(process& p, world& w, const split_spec& s) {
  message_channel from = w.channels[s.from];
  message_channel yes = w.channels[s.if_true], no = w.channels[s.if_false];
  carrying hand(w);
  for (;;) {
    co_await p.yield_point();
    hand.before_take(p);
    auto v = co_await p.take(from);
    if (!v) {
      p.close(yes);
      p.close(no);
      co_return;
    }
    hand.hold(*v);
    const bool which = js::truthy(evaluate(s.predicate, *v, "predicate"));
    co_await p.yield_point();
    const std::int64_t money = money_of(*v);
    hand.put_on(p);
    if (!co_await p.put(which ? yes : no, std::move(*v))) {
      book_lost(w, money);
      co_return;
    }
  }
}

}  // namespace

void pub_subscribers::sub(const value& topic, message_channel ch, bool close) {
  std::lock_guard lock(mutex_);
  const std::string key = topic_key(topic);
  for (const auto& e : subs_)
    if (topic_key(e.topic) == key && e.ch == ch) return;
  subs_.push_back({topic, std::move(ch), close});
}

void pub_subscribers::unsub(const value& topic, const message_channel& ch) {
  std::lock_guard lock(mutex_);
  const std::string key = topic_key(topic);
  std::erase_if(subs_, [&](const entry& e) { return topic_key(e.topic) == key && e.ch == ch; });
}

std::vector<pub_subscribers::entry> pub_subscribers::of(const value& topic) const {
  std::lock_guard lock(mutex_);
  const std::string key = topic_key(topic);
  std::vector<entry> out;
  for (const auto& e : subs_)
    if (topic_key(e.topic) == key) out.push_back(e);
  return out;
}

std::vector<pub_subscribers::entry> pub_subscribers::all() const {
  std::lock_guard lock(mutex_);
  return subs_;
}

std::string topic_key(const value& topic) {
  return topic.is_string() ? topic.as_string() : topic.to_json();
}

combinator_states make_combinator_states(runtime& rt, const scenario& sc,
                                         const std::vector<message_channel>& channels) {
  combinator_states out;
  const std::size_t n = sc.processes.size();
  out.mults.resize(n);
  out.pubs.resize(n);
  out.mixes.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& body = sc.processes[i].body;
    if (const auto* m = std::get_if<mult_spec>(&body)) {
      out.mults[i] = std::make_shared<detail::mult_state<message>>();
      for (std::size_t t : m->taps) out.mults[i]->tap(channels[t], true);
    } else if (const auto* pb = std::get_if<pub_spec>(&body)) {
      out.pubs[i] = std::make_shared<pub_subscribers>();
      for (const auto& [topic, chans] : pb->subs)
        for (std::size_t c : chans) out.pubs[i]->sub(topic, channels[c]);
    } else if (const auto* mx = std::get_if<mix_spec>(&body)) {
      out.mixes[i] = std::make_shared<detail::mix_state<message>>(
          rt.get_executor(), mix_changes(sc.processes[i].name));
      auto& st = *out.mixes[i];
      if (mx->solo_pause) st.set_mode(solo_mode::pause);
      for (const auto& in : mx->inputs) st.toggle(channels[in.chan], {in.mute, in.pause, in.solo});
    }
  }
  return out;
}

task<void> run_combinator(process& p, world& w, const process_spec& spec, std::size_t self) {
  if (const auto* s = std::get_if<pipe_spec>(&spec.body)) return run_pipe(p, w, *s);
  if (const auto* s = std::get_if<mult_spec>(&spec.body)) return run_mult(p, w, *s, self);
  if (const auto* s = std::get_if<pub_spec>(&spec.body)) return run_pub(p, w, *s, self);
  if (const auto* s = std::get_if<merge_spec>(&spec.body)) return run_merge(p, w, *s);
  if (const auto* s = std::get_if<mix_spec>(&spec.body)) return run_mix(p, w, *s, self);
  if (const auto* s = std::get_if<split_spec>(&spec.body)) return run_split(p, w, *s);
  return run_pipeline(p, w, std::get<pipeline_spec>(spec.body));
}

bool combinator_reach(const world& w, const process_spec& spec, std::size_t self,
                      std::vector<channel_use>& out) {
  const auto name = [&w](std::size_t i) { return std::string_view(w.channels[i].name()); };
  const auto add = [&](std::size_t c, std::uint8_t how) { out.push_back({name(c), how}); };
  std::visit(
      [&](const auto& s) {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, mult_spec>) {
          add(s.from, use::take);
          for (const auto& t : w.combinators.mults[self]->taps())
            out.push_back({t.ch.name(), use::put | use::close});
        } else if constexpr (std::is_same_v<S, pub_spec>) {
          add(s.from, use::take);
          for (const auto& e : w.combinators.pubs[self]->all())
            out.push_back({e.ch.name(), use::put | use::close});
        } else if constexpr (std::is_same_v<S, mix_spec>) {
          for (const auto& c : w.combinators.mixes[self]->calc().reads)
            out.push_back({c.name(), use::take});
          add(s.to, use::put);
        } else if constexpr (std::is_same_v<S, merge_spec>) {
          for (std::size_t c : s.from) add(c, use::take);
          add(s.to, use::put | use::close);
        } else if constexpr (std::is_same_v<S, split_spec>) {
          add(s.from, use::take);
          add(s.if_true, use::put | use::close);
          add(s.if_false, use::put | use::close);
        } else if constexpr (std::is_same_v<S, pipe_spec> || std::is_same_v<S, pipeline_spec>) {
          add(s.from, use::take);
          add(s.to, use::put | use::close);
        }
      },
      spec.body);
  return std::visit(
      [](const auto& s) {
        using S = std::decay_t<decltype(s)>;
        return std::is_same_v<S, pipe_spec> || std::is_same_v<S, mult_spec> ||
               std::is_same_v<S, pub_spec> || std::is_same_v<S, merge_spec> ||
               std::is_same_v<S, mix_spec> || std::is_same_v<S, split_spec> ||
               std::is_same_v<S, pipeline_spec>;
      },
      spec.body);
}

}  // namespace hotdog::sim
