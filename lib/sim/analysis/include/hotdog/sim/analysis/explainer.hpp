#pragma once
/// @file explainer.hpp
/// Says what an event means in core.async terms, in one short line: the teaching side of
/// the text trace (`hotdog run --explain`).

#include "hotdog/event.hpp"
#include "hotdog/sim/model/scenario.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string_view>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace hotdog::sim {

/// One clause per deadlocked process, "; "-separated, in the report's order: whom it waits
/// for ("ann waits for tongs2, which only bob puts to"), that it waits on itself, or that no
/// process left could release it.
std::string describe_waits(const deadlock_report& r);

/// The report's cycle in words, one clause per process in the cycle's order ("ann waits
/// for tongs2, which only bob puts to; bob waits for tongs1, which only ann puts to");
/// empty when there is no cycle.
std::string describe_cycle(const deadlock_report& r);

/// Remembers what it needs across events (who waits on what) to explain the next one.
class explainer {
 public:
  /// The explanation of e, or nothing for events that speak for themselves.
  std::optional<std::string> explain(const event& e);

  /// Learns which of sc's processes are a mult or a pub (by the events' proc_tag), so that
  /// their waits on taps and subscribers are told as what they mean.
  void know(const scenario& sc);

 private:
  enum class role : std::uint8_t { other, mult, pub };
  role role_of(const event& e) const {
    return e.proc_tag != 0 && e.proc_tag <= roles_.size() ? roles_[e.proc_tag - 1] : role::other;
  }
  // A mult's or pub's park on the puts of the value in hand, in words.
  std::optional<std::string> explain_delivery(const event& e, role r,
                                              const std::vector<std::string>& chans) const;
  struct wait {
    wait_op op = wait_op::none;
    std::vector<std::string> chans;
    std::uint64_t put_arms = 0;  // an alts's: bit i set when arm i puts
    std::uint64_t since = 0;     // the order the waits began in
    std::string proc;
  };
  static std::uint64_t tagged_key(const event& e) {
    return std::uint64_t{e.proc_tag} << 32 | e.proc_member;
  }
  // What e's process waited on, if it did; the entry goes.
  std::optional<wait> take_wait(const event& e);
  // Who has waited longest to put (or to take) on chan, if anyone does: a channel serves
  // its waiters in order.
  const wait* first_waiting(std::string_view chan, bool puts) const;
  // Every wait to put (or to take) on chan, in the order they began.
  std::vector<const wait*> all_waiting(std::string_view chan, bool puts) const;
  std::string explain_put(const event& e, const std::optional<wait>& was, bool after_discard,
                          bool after_take);
  std::string explain_take(const event& e, const std::optional<wait>& was);
  std::string explain_close(const event& e);
  // Who waits now: a tagged process by (proc_tag, proc_member), an untagged one by name.
  std::unordered_map<std::uint64_t, wait> waiting_tagged_;
  std::map<std::string, wait, std::less<>> waiting_;
  std::uint64_t seen_ = 0;
  // Putters whose wait a taker ended, by channel: the taker's take is reported after the put.
  std::map<std::string, std::deque<std::string>, std::less<>> handed_;
  // The channel of the drop or slide just before, whose put comes next.
  std::string discarded_on_;
  // The channel the event just before took a value from.
  std::string taken_from_;
  // By proc_tag - 1: what each of the scenario's processes is, where that matters.
  std::vector<role> roles_;
  // The scenario's channels without a buffer: a take there makes no room.
  std::set<std::string, std::less<>> unbuffered_;
  // The value (JSON) each mult or pub took last, by proc_tag: the one it is delivering.
  std::unordered_map<std::uint32_t, std::string> in_hand_;
};

}  // namespace hotdog::sim
