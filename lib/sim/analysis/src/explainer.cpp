#include "hotdog/sim/analysis/explainer.hpp"

#include "hotdog/sim/events/payloads.hpp"

#include <algorithm>
#include <map>
#include <string_view>

namespace hotdog::sim {
namespace {

// "a", "a and b", "a, b and c".
std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

std::vector<std::string> chans_of(const event& e) {
  if (e.chans.empty()) return {std::string(e.chan)};
  return {e.chans.begin(), e.chans.end()};
}

std::string clause(const deadlock_report& r, std::size_t i) {
  const waiting_entry& w = r.waiting[i];
  const waiting_for why = i < r.waits_for.size() ? r.waits_for[i] : waiting_for{};
  const bool one = why.partners.size() == 1;
  if (!why.partners.empty()) {
    const char* does = w.op == wait_op::put    ? (one ? "takes from" : "take from")
                       : w.op == wait_op::take ? (one ? "puts to" : "put to")
                                               : (one ? "acts on" : "act on");
    return w.proc + " waits for " + list(w.chans) + ", which only " + list(why.partners) + " " +
           does + (w.chans.size() > 1 ? " (of these)" : "");
  }
  if (why.self) {
    const char* does = w.op == wait_op::put    ? "takes from"
                       : w.op == wait_op::take ? "puts to or closes"
                                               : "acts on";
    return w.proc + " waits to " + std::string(to_string(w.op)) + " on " + list(w.chans) +
           ", which only " + w.proc + " itself " + does + " later: it waits on itself";
  }
  const std::string partner = w.op == wait_op::put    ? "takes from"
                              : w.op == wait_op::take ? "puts to"
                                                      : "serves";
  return w.proc + " waits to " + std::string(to_string(w.op)) + " on " + list(w.chans) +
         ", and no process left " + partner + " it";
}

}  // namespace

std::string describe_waits(const deadlock_report& r) {
  std::string s;
  for (std::size_t i = 0; i < r.waiting.size(); ++i) s += (s.empty() ? "" : "; ") + clause(r, i);
  return s;
}

std::string describe_cycle(const deadlock_report& r) {
  // Each name's first waiting entry, looked up once: a cycle of 20,000 stays linear.
  std::map<std::string_view, std::size_t> first;
  for (std::size_t j = 0; j < r.waiting.size(); ++j) first.emplace(r.waiting[j].proc, j);
  std::string s;
  // The last name of a cycle repeats its first.
  for (std::size_t i = 0; i + 1 < r.cycle.size(); ++i)
    if (auto it = first.find(r.cycle[i]); it != first.end()) {
      if (!s.empty()) s += "; ";
      s += clause(r, it->second);
    }
  return s;
}

void explainer::know(const scenario& sc) {
  roles_.assign(sc.processes.size(), role::other);
  for (std::size_t i = 0; i < sc.processes.size(); ++i) {
    if (std::holds_alternative<mult_spec>(sc.processes[i].body)) roles_[i] = role::mult;
    if (std::holds_alternative<pub_spec>(sc.processes[i].body)) roles_[i] = role::pub;
  }
  unbuffered_.clear();
  for (const auto& c : sc.channels)
    if (c.buffer == 0) unbuffered_.insert(c.name);
}

std::optional<std::string> explainer::explain_delivery(
    const event& e, role r, const std::vector<std::string>& chans) const {
  // Only a park on puts alone is a delivery (a park to take is waiting for the next value).
  const bool all_puts =
      e.op == wait_op::put || (e.op == wait_op::alts && chans.size() < 64 &&
                               e.put_arms == (std::uint64_t{1} << chans.size()) - 1);
  if (!all_puts) return std::nullopt;
  auto v = in_hand_.find(e.proc_tag);
  const std::string value = v == in_hand_.end() ? "its value" : v->second;
  const bool one = chans.size() == 1;
  if (r == role::mult)
    return "it is a mult, and " + std::string(one ? "tap " : "taps ") + list(chans) +
           (one ? " has" : " have") + " not accepted " + value +
           " yet; it takes its next value only once every tap has";
  return "it is a pub, and " + std::string(one ? "the subscriber " : "the subscribers ") +
         list(chans) + " of the topic of " + value + (one ? " has" : " have") +
         " not accepted it yet; it takes its next value only then";
}

std::optional<explainer::wait> explainer::take_wait(const event& e) {
  std::optional<wait> was;
  if (e.proc_tag != 0) {
    if (auto it = waiting_tagged_.find(tagged_key(e)); it != waiting_tagged_.end()) {
      was = std::move(it->second);
      waiting_tagged_.erase(it);
    }
  } else if (auto it = waiting_.find(e.proc); it != waiting_.end()) {
    was = std::move(it->second);
    waiting_.erase(it);
  }
  return was;
}

const explainer::wait* explainer::first_waiting(std::string_view chan, bool puts) const {
  const auto all = all_waiting(chan, puts);
  return all.empty() ? nullptr : all.front();
}

std::vector<const explainer::wait*> explainer::all_waiting(std::string_view chan, bool puts) const {
  std::vector<const wait*> found;
  const auto consider = [&](const wait& w) {
    for (std::size_t i = 0; i < w.chans.size(); ++i) {
      const bool arm_puts =
          w.op == wait_op::alts ? i < 64 && (w.put_arms >> i & 1) != 0 : w.op == wait_op::put;
      if (w.chans[i] == chan && arm_puts == puts) {
        found.push_back(&w);
        return;
      }
    }
  };
  for (const auto& [k, w] : waiting_tagged_) consider(w);
  for (const auto& [k, w] : waiting_) consider(w);
  std::sort(found.begin(), found.end(),
            [](const wait* a, const wait* b) { return a->since < b->since; });
  return found;
}

std::string explainer::explain_put(const event& e, const std::optional<wait>& was,
                                   bool after_discard, bool after_take) {
  const std::string p(e.proc), chan(e.chan);
  if (!e.ok.value_or(false))
    return (was ? p + " wakes: " : std::string()) + chan +
           " is closed, so the put returns false and the value is not delivered";
  if (was && after_take && unbuffered_.count(chan) != 0)
    // No buffer to make room in: the take just before was this put's handoff.
    return "the take just before took this value from " + chan + ": " + p +
           "'s put completes with true and " + p + " wakes";
  if (was && after_take)
    return "the take just before made room in the buffer of " + chan +
           ", so the value goes in: " + p + "'s put completes with true and " + p + " wakes";
  if (was) {
    // Reported at the handoff, before the taker's own event: the taker comes next.
    handed_[chan].push_back(p);
    return "a taker came to " + chan + " and gets the value (its take follows): " + p +
           "'s put completes with true and " + p + " wakes";
  }
  if (const wait* taker = first_waiting(chan, false))
    return taker->proc + " was waiting to take from " + chan +
           ", so the value goes straight to it (a rendezvous) and the put completes at once "
           "with true";
  if (after_discard)
    return "the buffer of " + chan +
           " never makes a put wait (it discards instead), so the put completes at once with "
           "true";
  return chan +
         " has room in its buffer, so the value waits there and the put completes at "
         "once with true";
}

std::string explainer::explain_take(const event& e, const std::optional<wait>& was) {
  const std::string p(e.proc), chan(e.chan);
  const std::string prefix = was ? p + " wakes: " : std::string();
  if (e.value.is_null()) return prefix + chan + " is closed and drained, so the take gives null";
  if (was) return prefix + "a value arrived on " + chan;
  if (auto h = handed_.find(chan); h != handed_.end() && !h->second.empty()) {
    const std::string putter = std::move(h->second.front());
    h->second.pop_front();
    return p + " takes at once the value " + putter + " was waiting to put on " + chan +
           " (the put just before)";
  }
  if (const wait* putter = first_waiting(chan, true))
    return p + " takes at once: from " + chan + "'s buffer, or from " + putter->proc +
           ", who was waiting to put on it";
  return p + " takes at once: a value was waiting in " + chan + "'s buffer";
}

std::string explainer::explain_close(const event& e) {
  const std::string chan(e.chan);
  std::string s = chan + " is closed: ";
  const auto names = [&](bool puts) {
    std::vector<std::string> out;
    for (const wait* w : all_waiting(chan, puts)) out.push_back(w->proc);
    return out;
  };
  const auto takers = names(false);
  const auto putters = names(true);
  if (!takers.empty())
    s += list(takers) +
         (takers.size() == 1 ? ", waiting to take, gets" : ", waiting to take, get") + " null; ";
  if (!putters.empty())
    // core.async: close! does not release a put that is already waiting.
    s += "the waiting put" + std::string(putters.size() == 1 ? " of " : "s of ") + list(putters) +
         (putters.size() == 1 ? " stays" : " stay") +
         " waiting, since close does not release a put already waiting: it is taken later, or "
         "never; ";
  return s + "values in it can still be taken, later puts return false";
}

std::optional<std::string> explainer::explain(const event& e) {
  const std::uint64_t seq = seen_++;
  // A dropping or sliding buffer reports its discard just before the put it made room for.
  const bool after_discard = !discarded_on_.empty() && discarded_on_ == e.chan;
  discarded_on_.clear();
  const bool after_take = !taken_from_.empty() && taken_from_ == e.chan;
  taken_from_.clear();
  if (e.kind == event_kind::take && !e.value.is_null()) taken_from_ = std::string(e.chan);
  const role r = role_of(e);
  if (r != role::other && e.kind == event_kind::take && !e.value.is_null())
    in_hand_[e.proc_tag] = e.value.json();
  const std::string p(e.proc);
  const std::string chan(e.chan);
  if (e.kind == event_kind::park || e.kind == event_kind::block) {
    auto chans = chans_of(e);
    const std::string how = e.kind == event_kind::park
                                ? p + " parks (its go block gives its thread back)"
                                : p + " blocks its thread";
    std::optional<std::string> s = how;
    if (e.op == wait_op::put)
      s = how + ": nobody is taking from " + chan + " yet, and it has no room";
    else if (e.op == wait_op::take)
      s = how + ": there is nothing to take from " + chan + " yet";
    else if (e.op == wait_op::alts)
      s = how + ": none of " + list(chans) + " is ready, so alts waits for the first that is";
    if (r != role::other)
      if (auto d = explain_delivery(e, r, chans)) s = how + ": " + *d;
    wait w{e.op, std::move(chans), e.op == wait_op::alts ? e.put_arms : 0, seq, p};
    if (e.proc_tag != 0)
      waiting_tagged_[tagged_key(e)] = std::move(w);
    else
      waiting_[p] = std::move(w);
    return s;
  }
  // What the process waited on, if it did: moved out, since the entry goes now.
  std::optional<wait> was = take_wait(e);
  const bool resumed = was.has_value();
  switch (e.kind) {
    case event_kind::put: return explain_put(e, was, after_discard, after_take);
    case event_kind::take: return explain_take(e, was);
    case event_kind::alts: {
      if (e.op == wait_op::none) return "nothing was ready, so alts returns its default at once";
      std::string s = chan == "timeout" ? "the timeout won the alts"
                                        : chan + " was ready first, so alts took it";
      if (resumed) {
        // The arms that lost: every channel the alts waited on but the winning port, once.
        std::vector<std::string> others;
        bool skipped = false;
        for (const auto& c : was->chans) {
          if (c == chan && !skipped) {
            skipped = true;
            continue;
          }
          others.push_back(c);
        }
        if (!others.empty())
          s += ", so its operation" + std::string(others.size() == 1 ? " on " : "s on ") +
               list(others) + (others.size() == 1 ? " is" : " are") + " withdrawn";
      }
      return s;
    }
    case event_kind::offer:
      if (!e.ok) return "offer! would have had to wait, so it gives up and returns null";
      if (!*e.ok) return chan + " is closed, so offer! returns false";
      return "offer! could put at once, so it returns true";
    case event_kind::poll:
      if (e.value.is_null())
        return "nothing could be taken from " + chan + " at once, so poll! returns null";
      return "poll! found a value at once";
    case event_kind::close: return explain_close(e);
    case event_kind::drop:
      discarded_on_ = chan;
      return "the buffer of " + chan + " is full, so the dropping buffer discards " +
             e.value.json() + ", the new value";
    case event_kind::slide:
      discarded_on_ = chan;
      return "the buffer of " + chan + " is full, so the sliding buffer drops " + e.value.json() +
             ", its oldest value";
    case event_kind::sleep:
      return p + " waits " + std::to_string(e.number) + " ms of virtual time (a timeout channel)";
    case event_kind::deadlock: {
      if (!e.deadlock) return "nothing can run and no timer is pending, so nobody will ever wake: ";
      const deadlock_report& d = *e.deadlock;
      std::string s =
          d.others_run
              ? "others still run, but these processes can never go on: no timer can wake them "
                "and no process that can still run would release them: "
              : "nothing can run and no timer is pending, so nobody will ever wake: ";
      s += describe_waits(d);
      if (d.cycle.size() > 2) {
        std::string arrows;
        for (const auto& name : d.cycle) arrows += (arrows.empty() ? "" : " -> ") + name;
        s += "; they wait on each other in a cycle (" + arrows + ")";
      }
      return s;
    }
    case event_kind::error:
      if (e.text.starts_with("virtual time stood still"))
        return "these processes keep running without ever letting virtual time advance, so the "
               "run could never reach its end: it stops, stalled";
      return "a failing process is never silent here: the run stops (core.async would only print "
             "it)";
    case event_kind::custom:
      if (const auto* sold_out = payload_of<sold_out_event>(e))
        return sold_out->action == sold_out_action::close
                   ? "out of hot dogs, the machine closes its in channel (the book's v2)"
                   : "out of hot dogs: the machine takes no payment until the chef restocks";
      if (const auto* leave = payload_of<leave_event>(e);
          leave && leave->reason == leave_reason::impatient)
        return "the customer's timeout won the alts, so the payment was withdrawn and no money "
               "was lost";
      return std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace hotdog::sim
