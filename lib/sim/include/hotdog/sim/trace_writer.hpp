#pragma once
/// @file trace_writer.hpp
/// Trace writers: observers that stream each event as it happens.

#include "hotdog/event.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace hotdog::sim {

/// One JSON object per line, keys in the spec's order, no spaces.
class jsonl_writer final : public observer {
 public:
  explicit jsonl_writer(std::ostream& out) : out_(out) {}
  void on_event(const event& e) override;

 private:
  std::ostream& out_;
};

/// Aligned columns for people: time, process, event, details; colour if asked.
class text_writer final : public observer {
 public:
  /// `process_width` is the widest process name, so columns line up from the first line.
  /// The `summary` event goes to `summary` (stderr in the CLI), written for people.
  text_writer(std::ostream& out, std::size_t process_width, bool color, std::ostream& summary);
  void on_event(const event& e) override;

 private:
  std::ostream& out_;
  std::ostream& summary_;
  std::size_t width_;
  bool color_;
};

/// Virtual time for people: "0.000s", "2.500s", "1m02.500s", "1h00m00.000s".
std::string format_time(std::int64_t ms);

}  // namespace hotdog::sim
