#include "hotdog/sim/model/scenario.hpp"

namespace hotdog::sim {

std::string machine_in(std::string_view machine) { return std::string(machine) + ".in"; }
std::string machine_hopper(std::string_view machine) { return std::string(machine) + ".hopper"; }
std::string customer_reply(std::string_view customer) { return std::string(customer) + ".reply"; }

std::string_view process_spec::kind() const noexcept {
  constexpr std::string_view names[] = {"script", "machine", "customer", "chef"};
  return names[body.index()];
}

std::size_t scenario::declared_channels() const noexcept {
  std::size_t n = 0;
  while (n < channels.size() && channels[n].owner.empty()) ++n;
  return n;
}

std::int64_t amount_spec::draw(random_source& random) const {
  switch (type) {
    case kind::uniform: return random.between(min, max);
    case kind::choose: return choices[random.below(choices.size())];
    case kind::fixed: break;
  }
  return n;
}

}  // namespace hotdog::sim
