// `hotdog diff`: two trace files, exit 0 when equal, 1 when not.
#include "commands.hpp"
#include "report_error.hpp"

#include <hotdog/sim/run/golden.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace hotdog::cli {

namespace {

struct diff_args {
  std::string expected, actual;
  std::string color = "auto";
};

exit_status diff(const diff_args& args) {
  return report_comparison(sim::compare_trace_files(args.expected, args.actual), args.expected,
                           args.actual, args.color);
}

}  // namespace

exit_status report_comparison(const sim::trace_comparison& c, const std::string& expected_name,
                              const std::string& actual_name, const std::string& color) {
  if (!c.error.empty()) {
    report_error(c.error);
    return exit_status::invalid;
  }
  if (c.equal()) return exit_status::ok;
  if (!c.line_endings.empty()) report_error(c.line_endings);
  if (!c.comparer.equal())
    c.comparer.report(std::cerr, expected_name, actual_name, use_color(color, 2));
  return exit_status::failed;
}

void add_diff(CLI::App& app, command& chosen) {
  auto* cmd = app.add_subcommand("diff", "Compare two traces: exit 0 when equal, 1 when not");
  auto args = std::make_shared<diff_args>();
  cmd->add_option("EXPECTED", args->expected, "The expected trace")->required();
  cmd->add_option("ACTUAL", args->actual, "The actual trace")->required();
  add_color_option(*cmd, args->color, "Colour in the report");
  cmd->callback([&chosen, args] { chosen = [args](const context&) { return diff(*args); }; });
}

}  // namespace hotdog::cli
