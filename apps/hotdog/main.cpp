// The hotdog CLI: each subcommand adds itself and its options (see commands.hpp); main parses
// the command line and runs the one chosen.
#include "commands.hpp"
#include "report_error.hpp"
#include "slips.hpp"

#include <hotdog/sim/text/printable.hpp>

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <streambuf>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace {

using hotdog::sim::exit_status;
using hotdog::sim::to_int;

// A closed standard stream would be reused by the next file opened, and the trace written
// into it: hold each closed one open on /dev/null. Returns whether stdout was closed.
bool hold_closed_standard_streams() {
  bool stdout_closed = false;
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      if (fd == 1) stdout_closed = true;
      const int null = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
      if (null != fd && null != -1) {
        ::dup2(null, fd);
        ::close(null);
      }
    }
  return stdout_closed;
}

// std::cout's buffer when stdout was closed at start (fd 1 then holds /dev/null): it refuses
// every byte, so a command that prints anything fails as it would on a full disk, and one
// that prints nothing (its output went to --out) succeeds.
class refusing_buffer : public std::streambuf {
 protected:
  int_type overflow(int_type) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

// CLI11's message for a command line it cannot parse, with what the user typed escaped as
// report_error escapes it (the hint to run --help that follows is CLI11's own).
std::string parse_failure(const CLI::App* app, const CLI::Error& e) {
  return hotdog::sim::printable(e.what()) +
         CLI::FailureMessage::simple(app, e).substr(std::strlen(e.what()));
}

int run_command_line(int argc, char** argv) {
  using namespace hotdog::cli;
  CLI::App app{"hotdog: independent processes talking over core.async channels, simulated"};
  app.set_version_flag("--version", std::string("hotdog ") + HOTDOG_VERSION);
  app.require_subcommand(1);
  app.failure_message(parse_failure);
  command chosen;
  for (auto add : {add_run, add_sweep, add_merge, add_explore, add_explore_merge, add_shrink,
                   add_validate, add_step, add_diff, add_kinds})
    add(app, chosen);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (auto slip = explain_slip(app, e, argc, argv)) {
      report_error(*slip);
      std::cerr << "Run with --help for more information.\n";
      return to_int(exit_status::invalid);
    }
    // --help and --version come here too (CLI11 prints them from its exception path, to
    // stdout): what they printed must have got there, as for every command below.
    const int code = app.exit(e);
    std::cout.flush();
    if (!std::cout) {
      report_error("cannot write to standard output: what it printed is incomplete");
      return to_int(exit_status::invalid);
    }
    return code == 0 ? to_int(exit_status::ok) : to_int(exit_status::invalid);
  }
  const context ctx{hold_closed_standard_streams()};
  refusing_buffer refusing;
  // std::cout's own buffer is put back however this returns: it outlives this function.
  struct restore {
    std::streambuf* old;
    ~restore() { std::cout.rdbuf(old); }
  } put_back{ctx.stdout_closed ? std::cout.rdbuf(&refusing) : std::cout.rdbuf()};
  const exit_status status = chosen(ctx);
  // Whatever a command wrote to stdout must have got there: a full disk, /dev/full or a
  // closed stdout is reported, never an exit 0 with the output lost (a command that saw it
  // already said so).
  std::cout.flush();
  if (!std::cout && status != exit_status::invalid) {
    report_error(ctx.stdout_closed
                     ? "cannot write to standard output: it is closed, and this command prints"
                     : "cannot write to standard output: what it printed is incomplete");
    return to_int(exit_status::invalid);
  }
  return to_int(status);
}

}  // namespace

// One handler for whatever escapes a command: a message and exit 4, never an abort. (A run
// reports what escapes it as an `error` event itself; this is for everything else.)
int main(int argc, char** argv) {
  try {
    return run_command_line(argc, argv);
  } catch (const std::system_error& e) {
    // What the system refused (a thread, a file): not a fault of hotdog's, said as it is.
    hotdog::cli::report_error(e.what());
  } catch (const std::exception& e) {
    hotdog::cli::report_error(std::string("internal error: ") + e.what());
  } catch (...) {
    hotdog::cli::report_error("internal error: unknown exception");
  }
  return to_int(exit_status::error);
}
