// `hotdog validate`, and the scenario loading every command shares.
#include "commands.hpp"

#include <hotdog/sim/text/printable.hpp>

#include <iostream>

#include <unistd.h>

namespace hotdog::cli {

namespace {

void print(const std::vector<sim::diagnostic>& ds, const char* severity) {
  // One write for them all: std::cerr is unbuffered, and a hostile file may have 10^6 errors.
  std::string text;
  const std::string file = ds.empty() ? std::string() : sim::printable(ds.front().file);
  for (const auto& d : ds)
    text += (d.file == ds.front().file ? file : sim::printable(d.file)) + ':' +
            std::to_string(d.where.line) + ':' + std::to_string(d.where.column) + ": " + severity +
            ": " + sim::printable(d.message) + '\n';
  std::cerr << text;
}

}  // namespace

std::optional<sim::scenario> load(const std::string& path,
                                  const std::vector<sim::setting>& settings) {
  auto r = sim::load_scenario_file(path, settings);
  print(r.errors(), "error");
  print(r.warnings(), "warning");
  if (!r) return std::nullopt;
  return std::move(*r);
}

bool use_color(const std::string& color, int fd) {
  return color == "always" || (color == "auto" && ::isatty(fd));
}

int validate(const std::vector<std::string>& paths) {
  int status = 0;
  for (const auto& path : paths) {
    if (auto sc = load(path))
      std::cout << sim::printable(path) << ": ok (" << sc->channels.size() << " channels, "
                << sc->processes.size() << " processes)\n";
    else
      status = exit_invalid;
  }
  return status;
}

}  // namespace hotdog::cli
