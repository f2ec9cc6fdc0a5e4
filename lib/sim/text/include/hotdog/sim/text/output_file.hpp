#pragma once
/// @file output_file.hpp
/// A file written completely or not at all (`hotdog run --out`): the text goes to a temporary
/// file beside it, renamed into place once it is all there, so a reader never sees half of it.

#include <fstream>
#include <optional>
#include <ostream>
#include <string>

namespace hotdog::sim {

/// One output file. A regular file, or a path where nothing is yet, is written through a
/// temporary file TARGET.tmp.XXXXXX beside it (created exclusively, under an unpredictable
/// name, with the target's mode) and renamed into place by commit(); a symlink is followed,
/// so its target gets the contents and the link stays a link. A device or a pipe (/dev/null,
/// a FIFO) is written directly, never replaced. Without a successful commit() the target is
/// left as it was and the temporary file is removed, also when SIGINT or SIGTERM ends the
/// program meanwhile (it then exits with 130 or 143).
class output_file {
 public:
  /// Opens the file to write (for a FIFO, waits for a reader); see error().
  explicit output_file(std::string path);
  /// Removes the temporary file unless commit() renamed it into place.
  ~output_file();
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;

  /// Empty once open; else why not: "cannot write PATH: REASON".
  const std::string& error() const noexcept { return error_; }
  /// The path given.
  const std::string& path() const noexcept { return path_; }
  /// True when written directly (a device or a pipe), with no temporary file.
  bool direct() const noexcept { return tmp_path_.empty(); }
  /// Where to write the contents.
  std::ostream& stream() noexcept { return file_; }

  /// Flushes and closes the stream, then renames the temporary file into place. Returns an
  /// empty optional on success, else what went wrong ("cannot write PATH"), the temporary
  /// file removed and the target left as it was. Call it once.
  std::optional<std::string> commit();

 private:
  std::string path_;
  std::string target_;    // path_ with its symlinks followed
  std::string tmp_path_;  // empty when written directly
  std::string error_;
  std::ofstream file_;
  bool committed_ = false;
};

}  // namespace hotdog::sim
