#include "hotdog/sim/text/output_file.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hotdog::sim {

namespace {

// The temporary file of the output_file being written, for the signal handler to remove: a
// fixed buffer, since a handler may not allocate. Empty when there is none.
std::array<char, 4096> pending_tmp{};
volatile std::sig_atomic_t have_pending_tmp = 0;
constexpr std::array<int, 2> removing_signals{SIGINT, SIGTERM};
std::array<struct sigaction, removing_signals.size()> previous_actions{};

extern "C" void remove_tmp_and_exit(int sig) {
  if (have_pending_tmp) ::unlink(pending_tmp.data());
  ::_exit(128 + sig);  // 130 for SIGINT, 143 for SIGTERM: what a shell reports
}

void watch(const std::string& tmp) {
  if (tmp.size() >= pending_tmp.size()) return;  // too long to hold: left as is
  std::memcpy(pending_tmp.data(), tmp.c_str(), tmp.size() + 1);
  have_pending_tmp = 1;
  struct sigaction on_signal {};
  on_signal.sa_handler = remove_tmp_and_exit;
  sigemptyset(&on_signal.sa_mask);
  for (std::size_t i = 0; i < removing_signals.size(); ++i)
    ::sigaction(removing_signals[i], &on_signal, &previous_actions[i]);
}

void unwatch() {
  if (!have_pending_tmp) return;
  for (std::size_t i = 0; i < removing_signals.size(); ++i)
    ::sigaction(removing_signals[i], &previous_actions[i], nullptr);
  have_pending_tmp = 0;
}

// Where writing `path` really goes: through symlinks to their final target, so that the
// link stays a link and the file it points at gets the new contents.
std::filesystem::path resolve_links(const std::filesystem::path& path) {
  std::filesystem::path p = path;
  std::error_code ec;
  for (int hops = 0;
       hops < 40 && std::filesystem::is_symlink(std::filesystem::symlink_status(p, ec)); ++hops) {
    const auto target = std::filesystem::read_symlink(p, ec);
    if (ec) break;
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  return p;
}

}  // namespace

output_file::output_file(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  const auto kind = std::filesystem::status(path_, ec).type();
  // A path whose status cannot be read for any reason but its absence (a loop of symlinks,
  // a folder that may not be searched, a name too long): said here, not written over (a
  // loop's link would become a plain file).
  if (ec && kind != std::filesystem::file_type::not_found) {
    error_ = "cannot write " + path_ + ": " + ec.message();
    return;
  }
  const bool special = !ec && kind != std::filesystem::file_type::regular &&
                       kind != std::filesystem::file_type::not_found;
  if (special) {
    if (kind == std::filesystem::file_type::directory) {
      error_ = "cannot write " + path_ + ": it is a folder";
      return;
    }
    file_.open(path_, std::ios::binary | std::ios::trunc);
    if (!file_) error_ = "cannot write " + path_ + ": " + std::strerror(errno);
    return;
  }
  // A regular file, or none yet: a temporary file beside the real target, created exclusively
  // under a name nobody can predict (mkstemp), renamed into place by commit().
  target_ = resolve_links(path_).string();
  std::string tmpl = target_ + ".tmp.XXXXXX";
  const int fd = ::mkstemp(tmpl.data());
  if (fd == -1) {
    error_ = "cannot write " + path_ + ": " + std::strerror(errno);
    return;
  }
  // The target's mode when it exists; else what a new file gets (0666 less the umask).
  struct stat st {};
  mode_t mode = 0;
  if (::stat(target_.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
  ::close(fd);
  tmp_path_ = tmpl;
  watch(tmp_path_);
  file_.open(tmp_path_, std::ios::binary | std::ios::trunc);
  if (!file_) {
    error_ = "cannot write " + path_ + ": " + std::strerror(errno);
    std::remove(tmp_path_.c_str());
    tmp_path_.clear();
    unwatch();
  }
}

output_file::~output_file() {
  if (committed_ || tmp_path_.empty()) return;
  if (file_.is_open()) file_.close();
  std::remove(tmp_path_.c_str());
  unwatch();
}

std::optional<std::string> output_file::commit() {
  if (!error_.empty()) return error_;
  file_.flush();
  const bool written = static_cast<bool>(file_);
  file_.close();
  if (!written || !file_ ||
      (!tmp_path_.empty() && std::rename(tmp_path_.c_str(), target_.c_str()) != 0)) {
    const std::string why = std::strerror(errno);
    if (!tmp_path_.empty()) std::remove(tmp_path_.c_str());
    tmp_path_.clear();
    unwatch();
    return "cannot write " + path_ + ": " + why;
  }
  committed_ = true;
  unwatch();
  return std::nullopt;
}

}  // namespace hotdog::sim
