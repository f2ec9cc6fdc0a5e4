#include "hotdog/sim/model/scenario.hpp"

namespace hotdog::sim {

std::string machine_in(std::string_view machine) { return std::string(machine) + ".in"; }
std::string machine_hopper(std::string_view machine) { return std::string(machine) + ".hopper"; }
std::string customer_reply(std::string_view customer) { return std::string(customer) + ".reply"; }

std::string_view process_spec::kind() const noexcept {
  constexpr std::string_view names[] = {"script", "machine", "customer", "chef",  "pipe",    "mult",
                                        "pub",    "merge",   "mix",      "split", "pipeline"};
  return names[body.index()];
}

std::string pipeline_jobs(std::string_view p) { return std::string(p) + ".jobs"; }
std::string pipeline_done(std::string_view p) { return std::string(p) + ".done"; }
std::string pipeline_worker(std::string_view p, std::uint64_t k) {
  return std::string(p) + ".w" + std::to_string(k);
}
std::string pipeline_out(std::string_view p) { return std::string(p) + ".out"; }
std::string mix_changes(std::string_view mix) { return std::string(mix) + ".changes"; }

std::string_view to_string(xform_stage_spec::kind k) noexcept {
  constexpr std::string_view names[] = {"map",  "filter", "remove",       "mapcat",
                                        "take", "dedupe", "partition_all"};
  return names[static_cast<std::size_t>(k)];
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
