#pragma once
/// @file explainer.hpp
/// Says what an event means in core.async terms, in one short line: the teaching side of
/// the text trace (`hotdog run --explain`).

#include "hotdog/event.hpp"

#include <cstdint>
#include <map>
#include <optional>
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

 private:
  struct wait {
    wait_op op = wait_op::none;
    std::vector<std::string> chans;
  };
  static std::uint64_t tagged_key(const event& e) {
    return std::uint64_t{e.proc_tag} << 32 | e.proc_member;
  }
  // What e's process waited on, if it did; the entry goes.
  std::optional<wait> take_wait(const event& e);
  // Who waits now: a tagged process by (proc_tag, proc_member), an untagged one by name.
  std::unordered_map<std::uint64_t, wait> waiting_tagged_;
  std::map<std::string, wait, std::less<>> waiting_;
};

}  // namespace hotdog::sim
