#pragma once
// The one progress line every long command draws on stderr for people.

#include <hotdog/sim/run/progress.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace hotdog::cli {

/// A line on stderr saying how far long work has got: what is done of what, the rate and,
/// when the total is known, the time left. Drawn only when stderr is a terminal (never into
/// files, pipes or CI logs), at most ten times a second, and erased when the work ends. It
/// reads the wall clock and nothing else: what the work does and writes never depends on it.
class progress_line {
 public:
  /// `what` names the work ("explore"); `one` and `many` what is counted ("run", "runs").
  /// Nothing is drawn before `after` has passed.
  progress_line(std::string what, std::string one, std::string many,
                std::chrono::milliseconds after = std::chrono::milliseconds{0});
  ~progress_line();
  progress_line(const progress_line&) = delete;
  progress_line& operator=(const progress_line&) = delete;

  /// Shows amounts with `shown` instead of as a count of the noun (bytes, virtual time).
  void show_amounts(std::function<std::string(std::uint64_t)> shown);
  /// `done` of `total` (0: not known).
  void update(std::uint64_t done, std::uint64_t total);
  /// `done` of `total`, and `note` after the counts ("virtual time 2m30s"), made only when
  /// the line is drawn.
  void update(std::uint64_t done, std::uint64_t total, const std::function<std::string()>& note);
  /// update, as the library's progress callback (valid while this line lives).
  sim::progress_fn callback();
  /// Erases the line, if one was drawn.
  void finish();

  /// Whether anything will ever be drawn (stderr is a terminal).
  bool active() const noexcept { return tty_; }

 private:
  std::string amount(std::uint64_t n) const;

  std::string what_, one_, many_;
  std::function<std::string(std::uint64_t)> shown_;
  bool tty_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, next_;
};

}  // namespace hotdog::cli
