#pragma once
/// @file statistics.hpp
/// What a modeller asks of a run, computed from its events in one pass: customers' waits,
/// each machine's utilization, queue and time sold out, each channel's traffic, buffer
/// occupancy and longest queues, each process's time parked or blocked. Written as one JSON
/// object (`hotdog run --format summary`, and each run of a sweep).

#include "hotdog/detail/small_list.hpp"
#include "hotdog/event.hpp"
#include "hotdog/sim/analysis/key_map.hpp"
#include "hotdog/sim/events/payloads.hpp"
#include "hotdog/sim/model/scenario.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory_resource>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace hotdog::sim {

/// Passes every event to each of several observers, in order; wants what any of them wants.
class observer_tee final : public observer {
 public:
  explicit observer_tee(std::vector<observer*> to) : to_(std::move(to)) {}
  void on_event(const event& e) override;
  event_mask wants() const override;

 private:
  std::vector<observer*> to_;
};

/// Gathers a run's statistics as its events pass. Events tagged as the simulation tags them
/// (proc_tag, chan_tag: the scenario's index + 1) are counted by index; untagged ones (0) by
/// their names.
class statistics final : public observer {
 public:
  explicit statistics(const scenario& sc);
  void on_event(const event& e) override;
  event_mask wants() const override;

  /// The run's summary as one JSON object: the `summary` event's fields (when the run had
  /// one), then "end", "t", "waits", "machines", "channels" and "processes". Call after the
  /// run's `end` event.
  std::string json() const;

  /// A numeric field of the summary by name ("served", "wait_mean", ...), for tests.
  std::optional<double> summary_field(const std::string& key) const;

 private:
  // Looked up by the event's process name without making a string of it.
  struct name_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>()(s);
    }
  };
  // Sums of times, exact: a crowd's waits or a level's integral can pass 2^63-1 ms (a
  // thousand waits of 2^53 ms do) but not 2^127. A mean divides the exact sum once.
  __extension__ using wide = __int128;
  // A quantity whose time average is wanted: its integral over time so far, from `from`
  // (the warm-up) on.
  struct level {
    std::int64_t now = 0;    // the level
    std::int64_t since = 0;  // virtual time it has had it since
    wide area = 0;           // integral of the level from `from` to `since`
    std::int64_t max = 0;
    std::int64_t from = 0;
    // The maximum counts only a level held for some time (or at the end): a payment put
    // into a buffer and taken at the same instant never waited there.
    bool max_if_held = false;
    void set(std::int64_t t, std::int64_t to);
    double mean(std::int64_t end) const;
    std::int64_t max_until(std::int64_t end) const;
  };
  struct wait_stats {
    std::uint64_t n = 0;
    wide sum = 0;
    std::int64_t max = 0;
    void add(std::int64_t ms);
  };
  struct machine_stats {
    std::string name;
    std::size_t in_channel = 0;
    std::int64_t served = 0;
    std::int64_t busy = 0;  // ms between taking a payment and answering it
    std::optional<std::int64_t> busy_since;
    std::int64_t sold_out = 0;  // ms waiting for the chef
    std::optional<std::int64_t> sold_out_since;
    std::int64_t arrivals = 0;  // customers who came to it and have left
    wide waited = 0;            // their time from arriving to leaving, in ms
  };
  struct channel_stats {
    std::size_t capacity = 0;
    std::int64_t puts = 0, takes = 0, drops = 0, slides = 0;
    level buffer, waiting_puts, waiting_takes;
    // A machine's in (its own or a line) only: waiting_puts + buffer, the payments waiting
    // on it (its queue), whose maximum counts only a queue that lasted some time.
    bool line = false;
    level queued;
  };
  // A crowd's times add up over its customers: each total stops at 2^63-1 ms rather than
  // wrap, as virtual time does.
  struct process_stats {
    std::int64_t parked = 0, blocked = 0;
  };
  // A process that waits now: since when, how, and on which channels (put arms, take arms).
  struct waiter {
    std::int64_t since = 0;
    bool blocked = false;
    // Channel indices; in place for the usual wait on one channel or a short alts.
    detail::small_list<std::size_t, 4> puts, takes;
    process_stats* owner = nullptr;
  };

  // The scenario channel of a tag, or (tag 0) of a name; npos when not a scenario channel.
  std::size_t channel_of(std::uint32_t tag, std::string_view name) const;
  process_stats* process_of(const event& e);
  process_stats* process_named(std::string_view proc);
  void resume(const event& e);
  void resume(waiter& w, std::int64_t t);
  void add_waiting_put(std::size_t c, std::int64_t t, std::int64_t d);
  // The simulation's events, by payload; the kinds not read here are ignored.
  template <class Payload>
  void on_payload(std::int64_t, const Payload&) {}
  void on_payload(std::int64_t t, const summary_event& p);
  void on_payload(std::int64_t t, const leave_event& p);
  void on_payload(std::int64_t t, const pay_event& p);
  void on_payload(std::int64_t t, const sold_out_event& p);
  void on_payload(std::int64_t t, const dispense_event& p) { answered(t, p.machine, true); }
  void on_payload(std::int64_t t, const refund_event& p) { answered(t, p.machine, false); }
  void on_payload(std::int64_t t, const lettuce_event& p) { answered(t, p.machine, false); }
  // A machine answered the payment it held (with a hot dog when served).
  void answered(std::int64_t t, std::size_t machine, bool served);
  machine_stats* machine_at(std::size_t process);  // nullptr when not a machine

  std::vector<std::string> channel_names_;
  std::unordered_map<std::string_view, std::size_t> channel_index_;
  std::vector<channel_stats> channels_;
  std::vector<machine_stats> machines_;        // in the scenario's order
  std::vector<std::size_t> machine_slot_;      // by process index: its machines_ slot
  std::vector<std::size_t> machines_by_name_;  // machines_ slots, in name order
  std::size_t sold_out_waiting_ = 0;           // machines waiting for the chef now
  std::map<std::string, process_stats, std::less<>> processes_;  // declared; crowds aggregated
  std::vector<process_stats*> process_at_;  // by process index: its processes_ entry
  // Who waits now: tagged processes by (proc_tag, proc_member), untagged ones by name.
  // Their entries come and go at every wait (a crowd's customers by the million), and every
  // event of a process asks whether it waited: the tagged ones (all of a scenario's) in a
  // key_map, which reuses its entries and answers a miss in about one read; the rest from a
  // pool, so a wait costs no trip to malloc.
  key_map<waiter> waiting_tagged_;
  std::pmr::unsynchronized_pool_resource waiter_pool_;
  std::pmr::unordered_map<std::string, waiter, name_hash, std::equal_to<>> waiting_{&waiter_pool_};
  wait_stats served_, hungry_, all_;
  std::vector<std::pair<std::string, std::string>> summary_;  // the summary event, as JSON
  std::string end_reason_;
  std::int64_t end_t_ = 0;
  std::int64_t warmup_ = 0;  // waits, utilization and means count from here

  // The part of [since, t] after the warm-up, in ms.
  std::int64_t after_warmup(std::int64_t since, std::int64_t t) const {
    return t > warmup_ ? t - std::max(since, warmup_) : 0;
  }
};

}  // namespace hotdog::sim
