// `hotdog validate`, and the scenario loading every command shares.
#include "commands.hpp"

#include <hotdog/sim/text/plural.hpp>
#include <hotdog/sim/text/printable.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include <unistd.h>

namespace hotdog::cli {

void print_diagnostics(const std::vector<sim::diagnostic>& ds, const char* severity) {
  // One write for them all: std::cerr is unbuffered, and a hostile file may have 10^6 errors.
  std::string text;
  const std::string file = ds.empty() ? std::string() : sim::printable(ds.front().file);
  for (const auto& d : ds) {
    const std::string where = d.file == ds.front().file ? file : sim::printable(d.file);
    // Line 0: what the command line gave (a --set), not a place in a file.
    if (d.where.line == 0)
      text += "hotdog: " + (std::string(severity) == "error" ? "" : severity + std::string(": ")) +
              where + ": " + sim::printable(d.message) + '\n';
    else
      text += where + ':' + std::to_string(d.where.line) + ':' + std::to_string(d.where.column) +
              ": " + severity + ": " + sim::printable(d.message) + '\n';
  }
  std::cerr << text;
}

namespace {
std::optional<sim::scenario> printed(sim::load_result r) {
  print_diagnostics(r.errors(), "error");
  print_diagnostics(r.warnings(), "warning");
  if (!r) return std::nullopt;
  return std::move(*r);
}
}  // namespace

std::optional<sim::scenario> load(const std::string& path,
                                  const std::vector<sim::setting>& settings) {
  return printed(sim::load_scenario_file(path, settings));
}

std::optional<sim::scenario> load_text(std::string_view text, const std::string& path,
                                       const std::vector<sim::setting>& settings) {
  return printed(sim::load_scenario(text, path, settings));
}

void add_color_option(CLI::App& cmd, std::string& color, const char* help) {
  cmd.add_option("--color", color, help)
      ->check(CLI::IsMember({"never", "always", "auto"}))
      ->capture_default_str();
}

bool use_color(const std::string& color, int fd) {
  return color == "always" || (color == "auto" && ::isatty(fd));
}

namespace {

exit_status validate(const std::vector<std::string>& paths) {
  exit_status status = exit_status::ok;
  for (const auto& path : paths) {
    if (auto sc = load(path))
      std::cout << sim::printable(path) << ": ok ("
                << sim::count_of(sc->channels.size(), "channel", "channels") << ", "
                << sim::count_of(sc->processes.size(), "process", "processes") << ")\n";
    else
      status = exit_status::invalid;
  }
  return status;
}

}  // namespace

void add_validate(CLI::App& app, command& chosen) {
  auto* cmd = app.add_subcommand("validate", "Check scenario files without running them");
  auto paths = std::make_shared<std::vector<std::string>>();
  cmd->add_option("SCENARIO", *paths, "Scenario files")->required();
  cmd->callback(
      [&chosen, paths] { chosen = [paths](const context&) { return validate(*paths); }; });
}

}  // namespace hotdog::cli
