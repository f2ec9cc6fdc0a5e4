// Names the run makes for itself must not collide with declared ones: a machine's NAME.in and
// NAME.hopper, a crowd's NAME-1 ... NAME-count, a customer's NAME.reply.
#include "families.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hotdog::sim::loading {

namespace {

// The scenario's machines, crowds (with their counts) and single customers, by name.
struct run_names {
  std::map<std::string, std::uint64_t, std::less<>> crowds;  // name -> count
  std::set<std::string, std::less<>> machines, customers;    // declared, one at a time

  explicit run_names(const scenario& sc) {
    for (const auto& p : sc.processes) {
      if (std::holds_alternative<machine_spec>(p.body)) machines.insert(p.name);
      if (const auto* c = std::get_if<customer_spec>(&p.body)) {
        if (c->count)
          crowds.emplace(p.name, *c->count);
        else
          customers.insert(p.name);
      }
    }
  }

  // "rush-17" when crowd "rush" has at least 17 customers: the crowd's name.
  std::optional<std::string> crowd_of(std::string_view name) const {
    const std::size_t dash = name.rfind('-');
    if (dash == std::string_view::npos || dash + 1 == name.size()) return std::nullopt;
    const std::string_view digits = name.substr(dash + 1);
    if (digits[0] == '0' || digits.size() > 19 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    auto it = crowds.find(name.substr(0, dash));
    if (it == crowds.end() || std::stoull(std::string(digits)) > it->second) return std::nullopt;
    return it->first;
  }
};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() > tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// A declared channel named like a machine's or a customer's own.
void check_channel_name(validator& v, const run_names& run, const std::string& name,
                        const std::string& ptr) {
  for (std::string_view own : {".in", ".hopper"})
    if (ends_with(name, own) && run.machines.count(name.substr(0, name.size() - own.size())))
      v.error(ptr, "channel " + q(name) + " belongs to machine " +
                       q(name.substr(0, name.size() - own.size())));
  if (ends_with(name, ".reply")) {
    const std::string who = name.substr(0, name.size() - 6);
    if (run.customers.count(who))
      v.error(ptr, "channel " + q(name) + " is the reply channel of customer " + q(who));
    else if (auto crowd = run.crowd_of(who))
      v.error(ptr, "channel " + q(name) + " is the reply channel of customer " + q(who) +
                       " of crowd " + q(*crowd));
  }
}

// The names a pipeline or a mix makes for itself: NAME.jobs, NAME.done, NAME.w1 ...
// NAME.wN and NAME.out of a pipeline, NAME.changes of a mix.
void check_combinator_names(validator& v, const scenario& sc) {
  std::map<std::string, std::string, std::less<>> made;  // name -> what makes it
  for (const auto& p : sc.processes) {
    if (const auto* pl = std::get_if<pipeline_spec>(&p.body)) {
      const std::string by = "pipeline " + q(p.name);
      made.emplace(pipeline_jobs(p.name), by);
      made.emplace(pipeline_done(p.name), by);
      made.emplace(pipeline_out(p.name), by);
      for (std::uint64_t k = 1; k <= pl->n; ++k) made.emplace(pipeline_worker(p.name, k), by);
    }
    if (std::holds_alternative<mix_spec>(p.body))
      made.emplace(mix_changes(p.name), "mix " + q(p.name));
  }
  if (made.empty()) return;
  for (std::size_t i = 0; i < sc.processes.size(); ++i)
    if (auto it = made.find(sc.processes[i].name); it != made.end())
      v.error(v.process_ptrs[i] + "/name", "process name " + q(it->first) + " is taken: " +
                                               it->second + " names one of its parts so");
  for (std::size_t i = 0; i < sc.channels.size(); ++i)
    if (auto it = made.find(sc.channels[i].name); it != made.end())
      v.error(pointer_append(pointer_append("/channels", i), "name"),
              "channel name " + q(it->first) + " is taken: " + it->second +
                  " names one of its parts so");
}

}  // namespace

void check_reserved_names(validator& v, const scenario& sc) {
  check_combinator_names(v, sc);
  const run_names run(sc);
  for (std::size_t i = 0; i < sc.processes.size(); ++i)
    if (auto crowd = run.crowd_of(sc.processes[i].name))
      v.error(v.process_ptrs[i] + "/name",
              "process name " + q(sc.processes[i].name) + " is taken: crowd " + q(*crowd) +
                  " names its customers " + *crowd + "-1 ... " + *crowd + "-" +
                  std::to_string(run.crowds.at(*crowd)));
  for (std::size_t i = 0; i < sc.channels.size(); ++i)
    check_channel_name(v, run, sc.channels[i].name,
                       pointer_append(pointer_append("/channels", i), "name"));
}

}  // namespace hotdog::sim::loading
