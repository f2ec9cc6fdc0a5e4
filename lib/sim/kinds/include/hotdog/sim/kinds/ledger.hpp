#pragma once
// Every coin and hot dog of a run, counted where it moves: the summary and the conservation
// check are made from it.

#include "hotdog/sim/kinds/wait_tally.hpp"

#include <cstdint>
#include <limits>
#include <mutex>

namespace hotdog::sim {

struct ledger {
  /// `shared`: processes run on several threads (the real-time runtime), so every update
  /// takes the lock; on the deterministic runtime's one thread none is needed.
  explicit ledger(bool shared) : shared_(shared) {}

  /// Holds the lock while it lives, when the ledger is shared.
  std::unique_lock<std::mutex> hold() {
    return shared_ ? std::unique_lock<std::mutex>(mutex_) : std::unique_lock<std::mutex>();
  }

  /// Adds d (of either sign) to one of the money or hot dog totals below. A total that would
  /// leave int64's range stops at its bound and sets `overflowed`, and the summary then fails
  /// the run instead of reporting a wrapped total. The loader's limits (amounts and prices at
  /// most 10^6, batches and stock at most 10^6) with --max-events at most 2^40 keep every
  /// total of a run far inside the range; this guards a run that is not held by them (a
  /// library caller's limit). The counts below change by one an event and need no guard.
  void add(std::int64_t& total, std::int64_t d) noexcept {
    if (__builtin_add_overflow(total, d, &total)) {
      total = d < 0 ? std::numeric_limits<std::int64_t>::min()
                    : std::numeric_limits<std::int64_t>::max();
      overflowed = true;
    }
  }

  bool any = false;         // a machine, customer or chef took part
  bool overflowed = false;  // a total passed int64's range (see add)
  // Customers.
  std::int64_t customers = 0, served = 0, hungry = 0, refunded = 0, lettuce_eaters = 0, present = 0;
  std::int64_t purses = 0;       // money customers arrived with
  std::int64_t kept = 0;         // money that never left a customer's hand
  std::int64_t handed_over = 0;  // payments whose puts completed
  std::int64_t in_hand = 0;      // money of customers present who have not paid
  std::int64_t got_back = 0;     // change and refunds customers received
  wait_tally waits;              // arrival to leaving, per customer who left
  // Machines.
  std::int64_t payments = 0;          // money machines took from their `in`
  std::int64_t lost_in_channels = 0;  // payments a full channel or a combinator dropped
  std::int64_t carried = 0;           // payments a combinator took and has not put on yet
  std::int64_t revenue = 0, change = 0, refunds = 0, lettuce_takings = 0, held = 0;
  std::int64_t sold = 0;
  // Hot dogs.
  std::int64_t stocked = 0, cooked = 0, into_hoppers = 0, out_of_hoppers = 0, chef_holding = 0;
  std::int64_t machine_holding = 0;  // a hot dog a machine took from its hopper, not yet sold
  // Hot dogs a script took from a hopper (no combinator may take from one): out of the
  // hoppers and out of the books, so the check fails and says so, as for a payment.
  std::int64_t taken_by_scripts = 0;

 private:
  bool shared_;
  std::mutex mutex_;
};

}  // namespace hotdog::sim
