#pragma once
// The money a combinator or a pipeline holds between taking a payment and putting it on.

#include "hotdog/alts.hpp"
#include "hotdog/process.hpp"
#include "hotdog/sim/kinds/kinds.hpp"

#include "handed.hpp"

#include <cstdint>
#include <optional>
#include <utility>

namespace hotdog::sim {

// The money of a value a combinator took and has not yet put on, in the books
// (ledger::carried) from the moment it changes hands: at the handoff when the take waited
// (before the combinator resumes), else when the take returns; until the put that carries it
// on begins (its channel holds it then) or the value is dropped. A run cut in between
// (--max-events, a stall, an error) then still finds every payment.
class carrying {
 public:
  explicit carrying(world& w) : w_(w) {}
  carrying(const carrying&) = delete;
  carrying& operator=(const carrying&) = delete;

  // Call just before a take, or an alts whose take arms may win.
  void before_take(process& p) {
    p.at_handoff([this](const void* r) {
      if (const auto* got = handed<std::optional<message>>(r); got && *got) hold(**got);
    });
  }
  void before_alts(process& p) {
    p.at_handoff([this](const void* r) {
      if (const auto* got = handed<alts_result<message>>(r); got && got->value) hold(*got->value);
    });
  }
  // The value taken: booked once, whether or not its handoff booked it.
  void hold(const message& m) {
    if (std::exchange(holding_, true)) return;
    money_ = money_of(m);
    add(money_);
  }
  // The put that carries it on begins: its channel holds the value now. Not while the run
  // stops: the put then throws at once (process::check_running), and the value stays in the
  // combinator's frame, counted here. Safe to call when nothing is held.
  void put_on(process& p) {
    if (!p.rt().stopping()) let_go();
  }
  // The value was dropped (and booked lost, if money), or went on: no longer counted here.
  void let_go() {
    if (std::exchange(holding_, false)) add(-money_);
  }

 private:
  void add(std::int64_t d) {
    if (d == 0) return;
    auto h = w_.books.hold();
    w_.books.add(w_.books.carried, d);
  }
  world& w_;
  bool holding_ = false;
  std::int64_t money_ = 0;
};

}  // namespace hotdog::sim
