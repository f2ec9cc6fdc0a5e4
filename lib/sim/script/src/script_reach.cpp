#include "hotdog/sim/script/script_reach.hpp"

#include "hotdog/sim/model/combinators.hpp"

namespace hotdog::sim {

void add_channel_uses(const step& s, std::vector<channel_use>& out) {
  namespace use = channel_uses;
  // A script reads what it takes as plain data: a payment's reply channel goes no further.
  // (An admix below is the mix's take, which takes values whole.)
  constexpr auto own_take = static_cast<std::uint8_t>(use::take | use::reads_apart);
  if (const auto* put = std::get_if<put_step>(&s.op)) {
    out.push_back({put->chan.name, use::put});
  } else if (const auto* take = std::get_if<take_step>(&s.op)) {
    out.push_back({take->chan.name, own_take});
  } else if (const auto* offer = std::get_if<offer_step>(&s.op)) {
    out.push_back({offer->chan.name, use::put});
  } else if (const auto* poll = std::get_if<poll_step>(&s.op)) {
    out.push_back({poll->chan.name, own_take});
  } else if (const auto* close = std::get_if<close_step>(&s.op)) {
    out.push_back({close->chan.name, use::close});
  } else if (const auto* alts = std::get_if<alts_step>(&s.op)) {
    for (const auto& arm : alts->arms) {
      if (arm.type == alts_arm::kind::put) out.push_back({arm.chan.name, use::put});
      if (arm.type == alts_arm::kind::take) out.push_back({arm.chan.name, own_take});
    }
  }
  // A tap or sub makes its combinator put to (and maybe close) ch; an admix makes a mix take
  // from it: the step reaches ch in those ways.
  if (const auto* tap = std::get_if<tap_step>(&s.op); tap && !tap->untap)
    out.push_back({tap->chan.name, use::put | use::close});
  if (const auto* sub = std::get_if<sub_step>(&s.op); sub && !sub->unsub)
    out.push_back({sub->chan.name, use::put | use::close});
  if (const auto* mix = std::get_if<mix_step>(&s.op)) {
    if (mix->type != mix_step::kind::unmix) out.push_back({mix->chan.name, use::take});
    // Every mix step is a put to the mix's change channel, which wakes the mix: a mix waiting
    // for its inputs is not stuck while a process may still change them.
    out.push_back({mix->changes, use::put});
  }
  if (const auto* onto = std::get_if<onto_step>(&s.op))
    out.push_back(
        {onto->chan.name, static_cast<std::uint8_t>(use::put | (onto->close ? use::close : 0))});
  if (const auto* collect = std::get_if<collect_step>(&s.op))
    out.push_back({collect->chan.name, own_take});
  for (const step_list* inner : child_lists(s)) add_channel_uses(*inner, 0, out);
}

void add_channel_uses(const step_list& steps, std::size_t from, std::vector<channel_use>& out) {
  for (std::size_t i = from; i < steps.size(); ++i) add_channel_uses(steps[i], out);
}

}  // namespace hotdog::sim
