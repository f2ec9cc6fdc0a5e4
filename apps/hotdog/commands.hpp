#pragma once
// The hotdog subcommands: each adds itself, with the options it takes, to the command line;
// main.cpp parses it and runs the one chosen.

#include <hotdog/sim/run/golden.hpp>
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/model/scenario.hpp>
#include <hotdog/sim/run/exit_status.hpp>

#include <fstream>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hotdog::cli {

using sim::exit_status;

/// What main learnt before running the chosen subcommand.
struct context {
  bool stdout_closed = false;  ///< stdout was closed when hotdog started
};

/// The subcommand the command line chose, to run once it is parsed.
using command = std::function<exit_status(const context&)>;

/// `hotdog run`.
void add_run(CLI::App& app, command& chosen);
/// `hotdog sweep` and `hotdog merge`.
void add_sweep(CLI::App& app, command& chosen);
void add_merge(CLI::App& app, command& chosen);
/// `hotdog explore` and `hotdog explore-merge`.
void add_explore(CLI::App& app, command& chosen);
void add_explore_merge(CLI::App& app, command& chosen);
/// `hotdog shrink`.
void add_shrink(CLI::App& app, command& chosen);
/// `hotdog validate`.
void add_validate(CLI::App& app, command& chosen);
/// `hotdog step`.
void add_step(CLI::App& app, command& chosen);
/// `hotdog diff`.
void add_diff(CLI::App& app, command& chosen);
/// `hotdog kinds` (hidden): the step, process, event and end-reason names this build knows.
void add_kinds(CLI::App& app, command& chosen);

/// Adds `--out FILE` to cmd, writing into path; an empty FILE is refused (it would have
/// meant standard output, which leaving --out out already says).
void add_out_option(CLI::App& cmd, std::string& path, const std::string& description);

/// Opens every path for `merge` and `explore-merge` (files keeps them open, inputs points at
/// them, in order); false, having said which one on stderr, when one cannot be read.
bool open_inputs(const std::vector<std::string>& paths, std::vector<std::ifstream>& files,
                 std::vector<std::istream*>& inputs);

/// Writes loader problems to stderr, one line each: "FILE:LINE:COLUMN: SEVERITY: MESSAGE", or
/// for one a --set caused (line 0) "hotdog: --set NAME.KEY=VALUE: MESSAGE".
void print_diagnostics(const std::vector<sim::diagnostic>& ds, const char* severity);

/// Loads a scenario file, printing its errors and warnings to stderr.
std::optional<sim::scenario> load(const std::string& path,
                                  const std::vector<sim::setting>& settings = {});
/// The same for a scenario's text, read already (`path` names it in messages).
std::optional<sim::scenario> load_text(std::string_view text, const std::string& path,
                                       const std::vector<sim::setting>& settings = {});

/// Adds --color (never, always or auto) to `cmd`.
void add_color_option(CLI::App& cmd, std::string& color, const char* help);
/// Whether to colour output for `color` (never, always or auto: when `fd` is a terminal).
bool use_color(const std::string& color, int fd);

/// Says on stderr how a trace comparison went wrong (its error, line endings, the first
/// difference) and returns invalid when the traces could not be read, failed when they
/// differ, ok when they are equal.
exit_status report_comparison(const sim::trace_comparison& c, const std::string& expected_name,
                              const std::string& actual_name, const std::string& color);

}  // namespace hotdog::cli
