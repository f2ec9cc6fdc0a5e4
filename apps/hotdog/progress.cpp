#include "progress.hpp"

#include <hotdog/sim/text/plural.hpp>

#include <cstdio>

#include <unistd.h>

namespace hotdog::cli {

using clock = std::chrono::steady_clock;

progress_line::progress_line(std::string what, std::string one, std::string many,
                             std::chrono::milliseconds after)
    : what_(std::move(what)),
      one_(std::move(one)),
      many_(std::move(many)),
      tty_(::isatty(2) == 1),
      start_(clock::now()),
      next_(start_ + after) {}

progress_line::~progress_line() { finish(); }

void progress_line::show_amounts(std::function<std::string(std::uint64_t)> shown) {
  shown_ = std::move(shown);
}

std::string progress_line::amount(std::uint64_t n) const {
  return shown_ ? shown_(n) : sim::count_of(n, one_, many_);
}

void progress_line::update(std::uint64_t done, std::uint64_t total) { update(done, total, {}); }

void progress_line::update(std::uint64_t done, std::uint64_t total,
                           const std::function<std::string()>& note) {
  if (!tty_) return;
  const auto now = clock::now();
  if (now < next_) return;
  next_ = now + std::chrono::milliseconds{100};
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string line = what_ + ": " + (shown_ ? amount(done) : std::to_string(done));
  if (total > 0)
    line += " of " + amount(total);
  else if (!shown_)
    line += ' ' + (done == 1 ? one_ : many_);
  if (note) line += ", " + note();
  const auto per_second = static_cast<std::uint64_t>(rate);
  line += ", " + (shown_ ? amount(per_second) : std::to_string(per_second) + ' ' + many_) + "/s";
  if (total > done && rate > 0) {
    const auto left = static_cast<std::uint64_t>(static_cast<double>(total - done) / rate + 0.5);
    line += left == 0 ? ", less than a second left"
                      : ", about " + sim::count_of(left, "second", "seconds") + " left";
  }
  // \r and erase-to-end: the line is redrawn in place.
  std::fprintf(stderr, "\r\x1b[K%s", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

sim::progress_fn progress_line::callback() {
  return [this](std::uint64_t done, std::uint64_t total) { update(done, total); };
}

void progress_line::finish() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace hotdog::cli
