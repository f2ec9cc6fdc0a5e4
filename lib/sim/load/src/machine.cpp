// A machine's keys: price, stock, capacity, when_empty, lettuce, serve_time, in.
#include "families.hpp"

#include <algorithm>

namespace hotdog::sim::loading {

machine_spec read_machine(validator& v, const json& p, const std::string& ptr) {
  v.check_keys(
      p, ptr,
      process_keys({"price", "stock", "capacity", "when_empty", "lettuce", "serve_time", "in"}));
  machine_spec m;
  m.price = v.whole(p, ptr, "price", 1, m.price, validator::max_money);
  if (p.contains("stock") && p["stock"] == "unlimited")
    m.unlimited = true;
  else
    m.stock = v.whole(p, ptr, "stock", 0, m.stock, validator::max_items);
  if (p.contains("serve_time"))
    m.serve_time = v.random_duration_at(p["serve_time"], ptr + "/serve_time");
  m.capacity =
      v.whole(p, ptr, "capacity", 1, std::max<std::int64_t>(m.stock, 10), validator::max_items);
  if (m.stock > m.capacity)
    v.error(ptr + "/stock", "\"stock\" (" + std::to_string(m.stock) +
                                ") does not fit in \"capacity\" (" + std::to_string(m.capacity) +
                                ")");
  if (p.contains("when_empty") && p["when_empty"] != "wait" && p["when_empty"] != "close")
    v.error(ptr + "/when_empty",
            "\"when_empty\" must be \"wait\" (for the chef) or \"close\" (like the book's v2), "
            "not " +
                describe(p["when_empty"]));
  m.close_when_empty = p.value("when_empty", json()) == "close";
  m.lettuce = v.optional_bool(p, ptr, "lettuce").value_or(m.lettuce);
  if (p.contains("in")) m.in = declared_channel(v, p["in"], ptr + "/in", m.in_channel);
  return m;
}

}  // namespace hotdog::sim::loading
