#pragma once
// The hotdog subcommands: main.cpp parses the command line into these and calls one; each
// returns the process's exit status.

#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/model/scenario.hpp>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::cli {

/// A command line, file or option that cannot be used.
constexpr int exit_invalid = 2;

/// `hotdog run`.
struct run_args {
  std::string scenario_path;
  std::string format = "text";  ///< text, jsonl, mermaid or html
  std::optional<std::uint64_t> seed;
  std::string until;  ///< as typed; empty when not given
  std::string out_path;
  std::string color = "auto";  ///< never, always or auto
  std::uint64_t max_events = 100'000'000;
  std::uint64_t stall_steps = 1'000'000;  ///< 0: never
  std::string expect_path;
  std::string update_path;
  bool explain = false;
  bool realtime = false;
  std::size_t threads = 8;
  double speed = 1.0;
  std::vector<std::string> sets;        ///< --set NAME.KEY=VALUE, as typed
  std::optional<std::string> schedule;  ///< --schedule, as typed
  std::string strategy = "random";      ///< --strategy: random or pct
  std::uint32_t depth = 3;              ///< --depth (pct)
  bool stdout_closed = false;           ///< stdout was closed when hotdog started
};

/// `hotdog sweep`.
struct sweep_args {
  std::string scenario_path;
  std::string seeds = "1..1";
  std::vector<std::string> sets;
  std::size_t jobs = 1;
  std::string shard = "1/1";
  std::string format = "jsonl";  ///< jsonl, csv, text or html
  std::string out_path;
  std::string until;
  std::uint64_t max_events = 100'000'000;
};

/// `hotdog explore`.
struct explore_args {
  std::string scenario_path;
  std::uint64_t runs = 100;
  std::size_t jobs = 1;
  std::string shard = "1/1";
  std::string format = "text";  ///< text or json
  std::string strategy = "random";
  std::uint32_t depth = 3;
  std::vector<std::string> sets;
  std::uint64_t max_events = 100'000'000;
};

/// `hotdog shrink`.
struct shrink_args {
  std::string scenario_path;
  std::string schedule;
  std::string strategy = "random";
  std::uint32_t depth = 3;
  std::string out_path;
  std::vector<std::string> sets;
  std::uint64_t max_events = 100'000'000;
};

/// `hotdog step`.
struct step_args {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;
  std::uint64_t stall_steps = 1'000'000;
};

int run(run_args args);
int step(const step_args& args);
int diff(const std::string& expected, const std::string& actual, const std::string& color);
int validate(const std::vector<std::string>& paths);
/// Prints, as one JSON object, the step, process, event and end-reason names this build knows.
int kinds();
int explore(const explore_args& args);
int shrink(const shrink_args& args);
int explore_merge(const std::vector<std::string>& paths, const std::string& format);
/// Opens every path for `merge` and `explore-merge` (files keeps them open, inputs points at
/// them, in order); false, having said which one on stderr, when one cannot be read.
bool open_inputs(const std::vector<std::string>& paths, std::vector<std::ifstream>& files,
                 std::vector<std::istream*>& inputs);
int sweep(const sweep_args& args);
int merge(const std::vector<std::string>& paths, const std::string& format,
          const std::string& out_path);

/// Parses --set texts into settings, printing what is wrong with any; empty on error.
std::optional<std::vector<sim::setting>> parse_settings(const std::vector<std::string>& sets);

/// Loads a scenario file, printing its errors and warnings to stderr.
std::optional<sim::scenario> load(const std::string& path,
                                  const std::vector<sim::setting>& settings = {});

/// Whether to colour output for `color` (never, always or auto: when `fd` is a terminal).
bool use_color(const std::string& color, int fd);

}  // namespace hotdog::cli
