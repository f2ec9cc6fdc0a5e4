// `hotdog kinds` (hidden): the names this build knows, read from the tables the loader and
// the trace writers use, so that a test can check that docs and schema name every one.
#include "commands.hpp"

#include <hotdog/event.hpp>
#include <hotdog/runtime.hpp>
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/events/sim_events.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace hotdog::cli {

namespace {

void print_list(const char* key, const std::vector<std::string>& names) {
  std::cout << '"' << key << "\":[";
  for (std::size_t i = 0; i < names.size(); ++i)
    std::cout << (i ? "," : "") << '"' << names[i] << '"';
  std::cout << ']';
}

exit_status kinds() {
  std::vector<std::string> events;
  for (std::size_t k = 0; k + 1 < event_kind_count; ++k)  // every kind but `custom`
    events.emplace_back(to_string(static_cast<event_kind>(k)));
  for (std::string_view n : sim::sim_event_names) events.emplace_back(n);
  // end_reason has no count: its names run until to_string falls back to "done" again.
  std::vector<std::string> reasons{std::string(to_string(end_reason::done))};
  for (int r = 1; to_string(static_cast<end_reason>(r)) != "done"; ++r)
    reasons.emplace_back(to_string(static_cast<end_reason>(r)));
  std::cout << '{';
  print_list("steps", sim::step_operations());
  std::cout << ',';
  print_list("process_kinds", sim::process_kinds());
  std::cout << ',';
  print_list("events", events);
  std::cout << ',';
  print_list("end_reasons", reasons);
  std::cout << "}\n";
  return exit_status::ok;
}

}  // namespace

void add_kinds(CLI::App& app, command& chosen) {
  auto* cmd = app.add_subcommand("kinds", "Print the names this build knows, as JSON");
  // Hidden (no group): for the docs test, which checks that every name is documented.
  cmd->group("");
  cmd->callback([&chosen] { chosen = [](const context&) { return kinds(); }; });
}

}  // namespace hotdog::cli
