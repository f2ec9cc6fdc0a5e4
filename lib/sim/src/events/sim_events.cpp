#include "hotdog/sim/events/sim_events.hpp"

namespace hotdog::sim {

std::string field_text(const event& e, std::string_view key) {
  const auto* v = e.field(key);
  if (!v) return {};
  if (const auto* s = std::get_if<std::string_view>(v)) return std::string(*s);
  std::string out;
  append_field_json(out, *v);
  return out;
}

}  // namespace hotdog::sim
