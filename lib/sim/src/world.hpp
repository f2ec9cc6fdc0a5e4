#pragma once
// What the processes of one run share: the channels by name (reply channels come and go),
// and the tallies the summary and the conservation check are made from.

#include "hotdog/channel.hpp"
#include "hotdog/process.hpp"
#include "hotdog/sim/json_value.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

using json_channel = channel<nlohmann::json>;

/// The channels of a run, by name; thread-safe, since customers add and drop theirs.
class channel_directory {
 public:
  void add(const std::string& name, json_channel c) {
    std::lock_guard lock(mutex_);
    channels_.insert_or_assign(name, std::move(c));
  }
  json_channel get(const std::string& name) const {
    std::lock_guard lock(mutex_);
    return channels_.at(name);
  }
  void remove(const std::string& name) {
    std::lock_guard lock(mutex_);
    channels_.erase(name);
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, json_channel, std::less<>> channels_;
};

/// Every coin and hot dog of a run, counted where it moves.
struct tallies {
  std::mutex mutex;
  bool any = false;  // a machine, customer or chef took part
  // Customers.
  std::int64_t customers = 0, served = 0, hungry = 0, refunded = 0, lettuce_eaters = 0, present = 0;
  std::int64_t purses = 0;          // money customers arrived with
  std::int64_t kept = 0;            // money that never left a customer's hand
  std::int64_t handed_over = 0;     // payments a machine accepted
  std::int64_t in_hand = 0;         // money of customers present who have not paid
  std::int64_t got_back = 0;        // change and refunds customers received
  std::vector<std::int64_t> waits;  // arrival to hot dog, per served customer
  // Machines.
  std::int64_t payments = 0;  // money machines took from their `in`
  std::int64_t revenue = 0, change = 0, refunds = 0, lettuce_takings = 0, held = 0;
  std::int64_t sold = 0;
  // Hot dogs.
  std::int64_t stocked = 0, cooked = 0, into_hoppers = 0, out_of_hoppers = 0, chef_holding = 0;
  std::int64_t machine_holding = 0;  // a hot dog a machine took from its hopper, not yet sold
};

}  // namespace hotdog::sim
