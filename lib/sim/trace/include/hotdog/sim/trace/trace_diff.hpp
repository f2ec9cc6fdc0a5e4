#pragma once
/// @file trace_diff.hpp
/// Compares two traces line by line (one event a line, in either format), in bounded
/// memory: it keeps a few lines of context, the first difference, and a count of the rest.

#include <cstdint>
#include <deque>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace hotdog::sim {

/// Which trace format a file holds: from its content (a line starting with '{' is JSONL),
/// else from its name (".jsonl"); text otherwise.
enum class trace_format { text, jsonl };
trace_format detect_format(const std::string& path, const std::string& first_line);

/// Fed the two traces a line at a time, in step; reports the first difference readably.
class trace_comparer {
 public:
  explicit trace_comparer(trace_format f, std::size_t context = 3)
      : format_(f), context_(context) {}

  /// Feeds line n of each trace; an empty optional once a trace has ended.
  void feed(const std::optional<std::string>& expected, const std::optional<std::string>& actual);

  bool equal() const noexcept { return !first_.has_value(); }
  std::uint64_t differences() const noexcept { return differences_; }
  std::uint64_t expected_lines() const noexcept { return expected_count_; }
  std::uint64_t actual_lines() const noexcept { return actual_count_; }

  /// Writes the report: context before, the differing events with the fields that differ
  /// (highlighted when `color`), context after, and how many more events differ.
  void report(std::ostream& out, const std::string& expected_name, const std::string& actual_name,
              bool color) const;

  /// The fields whose values differ between two event lines: "name: A -> B" each.
  std::vector<std::string> field_differences(const std::string& a, const std::string& b) const;

 private:
  struct difference {
    std::uint64_t line;
    std::optional<std::string> expected, actual;
    std::vector<std::string> before;
    std::vector<std::pair<std::optional<std::string>, std::optional<std::string>>> after;
  };
  trace_format format_;
  std::size_t context_;
  std::deque<std::string> recent_;
  std::optional<difference> first_;
  std::uint64_t line_ = 0, differences_ = 0, expected_count_ = 0, actual_count_ = 0;
};

}  // namespace hotdog::sim
