#include "hotdog/sim/output_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <unistd.h>

namespace hotdog::sim {

output_file::output_file(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  const auto kind = std::filesystem::status(path_, ec).type();
  const bool special = !ec && kind != std::filesystem::file_type::regular &&
                       kind != std::filesystem::file_type::not_found;
  if (!special) tmp_path_ = path_ + ".tmp." + std::to_string(::getpid());
  file_.open(special ? path_ : tmp_path_, std::ios::binary | std::ios::trunc);
  if (!file_) {
    error_ = "cannot write " + path_ + ": " + std::strerror(errno);
    tmp_path_.clear();  // nothing was created
  }
}

output_file::~output_file() {
  if (committed_ || tmp_path_.empty()) return;
  if (file_.is_open()) file_.close();
  std::remove(tmp_path_.c_str());
}

std::optional<std::string> output_file::commit() {
  if (!error_.empty()) return error_;
  file_.flush();
  file_.close();
  if (!file_ || (!tmp_path_.empty() && std::rename(tmp_path_.c_str(), path_.c_str()) != 0)) {
    if (!tmp_path_.empty()) std::remove(tmp_path_.c_str());
    tmp_path_.clear();
    return "cannot write " + path_;
  }
  committed_ = true;
  return std::nullopt;
}

}  // namespace hotdog::sim
