// `hotdog validate`, and the scenario loading every command shares.
#include "commands.hpp"

#include <iostream>

#include <unistd.h>

namespace hotdog::cli {

namespace {

void print(const std::vector<sim::diagnostic>& ds, const char* severity) {
  for (const auto& d : ds)
    std::cerr << d.file << ':' << d.where.line << ':' << d.where.column << ": " << severity << ": "
              << d.message << '\n';
}

}  // namespace

std::optional<sim::scenario> load(const std::string& path,
                                  const std::vector<sim::setting>& settings) {
  auto r = sim::load_scenario_file(path, settings);
  print(r.errors, "error");
  print(r.warnings, "warning");
  return std::move(r.value);
}

bool use_color(const std::string& color, int fd) {
  return color == "always" || (color == "auto" && ::isatty(fd));
}

int validate(const std::vector<std::string>& paths) {
  int status = 0;
  for (const auto& path : paths) {
    if (auto sc = load(path))
      std::cout << path << ": ok (" << sc->channels.size() << " channels, " << sc->processes.size()
                << " processes)\n";
    else
      status = exit_invalid;
  }
  return status;
}

}  // namespace hotdog::cli
