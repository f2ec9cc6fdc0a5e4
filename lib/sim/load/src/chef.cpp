// A chef's keys: machine, cook_time, batch, batches.
#include "families.hpp"

namespace hotdog::sim::loading {

chef_spec read_chef(validator& v, const json& p, const std::string& ptr) {
  v.check_keys(p, ptr, process_keys({"machine", "cook_time", "batch", "batches"}));
  v.machine_refs.push_back(
      {p.contains("machine") ? ptr + "/machine" : ptr, p.value("machine", json())});
  chef_spec c;
  if (p.contains("machine") && !p["machine"].is_string())
    v.error(ptr + "/machine",
            "a chef serves one machine: \"machine\" must be a name, not " + describe(p["machine"]));
  else if (p.contains("machine"))
    c.machine = p["machine"].get<std::string>();
  if (p.contains("cook_time"))
    c.cook_time = v.random_duration_at(p["cook_time"], ptr + "/cook_time");
  c.batch = v.whole(p, ptr, "batch", 1, c.batch, validator::max_items);
  if (p.contains("batches"))
    c.batches = static_cast<std::uint64_t>(v.whole(p, ptr, "batches", 0, 0));
  return c;
}

}  // namespace hotdog::sim::loading
