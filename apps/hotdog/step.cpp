// `hotdog step`: one event at a time, one key at a time.
#include "commands.hpp"
#include "run_request.hpp"

#include <hotdog/sim/run/simulation.hpp>
#include <hotdog/sim/run/stepper.hpp>

#include <CLI/CLI.hpp>

#include <array>
#include <csignal>
#include <iostream>
#include <memory>

#include <termios.h>
#include <unistd.h>

namespace hotdog::cli {

namespace {

// The terminal's settings before raw mode, for the signal handler to put back.
termios saved_settings{};

constexpr std::array<int, 4> fatal_signals{SIGINT, SIGTERM, SIGHUP, SIGQUIT};

extern "C" void restore_and_reraise(int sig) {
  ::tcsetattr(0, TCSANOW, &saved_settings);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Puts a terminal on stdin into raw mode (one key at a time, unechoed) for its lifetime, and
// puts it back however the program leaves: a return or exception through this scope, or a
// signal that ends it. Does nothing when stdin is not a terminal.
class raw_terminal {
 public:
  raw_terminal() : active_(::isatty(0) && ::tcgetattr(0, &saved_settings) == 0) {
    if (!active_) return;
    struct sigaction on_signal {};
    on_signal.sa_handler = restore_and_reraise;
    sigemptyset(&on_signal.sa_mask);
    for (std::size_t i = 0; i < fatal_signals.size(); ++i)
      ::sigaction(fatal_signals[i], &on_signal, &previous_[i]);
    termios raw = saved_settings;
    raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(0, TCSANOW, &raw);
  }
  ~raw_terminal() {
    if (!active_) return;
    ::tcsetattr(0, TCSANOW, &saved_settings);
    for (std::size_t i = 0; i < fatal_signals.size(); ++i)
      ::sigaction(fatal_signals[i], &previous_[i], nullptr);
  }
  raw_terminal(const raw_terminal&) = delete;
  raw_terminal& operator=(const raw_terminal&) = delete;

 private:
  bool active_;
  std::array<struct sigaction, fatal_signals.size()> previous_{};
};

exit_status step(run_request request) {
  if (!request.validate()) return exit_status::invalid;
  auto sc = load(request.scenario_path, request.settings);
  if (!sc) return exit_status::invalid;
  const sim::run_options o = request.run_options();
  run_result r;
  try {
    const raw_terminal keys;
    r = sim::step_through(*sc, o, std::cin, std::cout);
  } catch (...) {
    // Caught only so that the stack unwinds and the terminal is put back; then as before.
    throw;
  }
  return sim::exit_status_of(r.reason);
}

}  // namespace

void add_step(CLI::App& app, command& chosen) {
  auto* cmd =
      app.add_subcommand("step", "Step through a scenario one event at a time (Enter, c, q)");
  auto request = std::make_shared<run_request>();
  // Every option that changes a run, as `run` takes them: any replay command can be stepped.
  request->add_options(*cmd, run_changing_options);
  cmd->callback(
      [&chosen, request] { chosen = [request](const context&) { return step(*request); }; });
}

}  // namespace hotdog::cli
