#include "hotdog/sim/events/payloads.hpp"

namespace hotdog::sim {

std::string_view to_string(sold_out_action a) noexcept {
  switch (a) {
    case sold_out_action::close: return "close";
    case sold_out_action::wait_for_chef: break;
  }
  return "wait for the chef";
}

std::string_view to_string(refund_reason) noexcept { return "too little"; }

std::string_view to_string(leave_reason r) noexcept {
  switch (r) {
    case leave_reason::served: return "served";
    case leave_reason::refunded: return "refunded";
    case leave_reason::lettuce: return "lettuce";
    case leave_reason::impatient: return "impatient";
    case leave_reason::closed: break;
  }
  return "closed";
}

}  // namespace hotdog::sim
