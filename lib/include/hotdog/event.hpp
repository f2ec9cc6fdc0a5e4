#pragma once
/// @file event.hpp
/// The trace event and the observer through which a runtime reports every event.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotdog {

/// One trace event. Field values are JSON text, in the order the trace shows them.
struct event {
  std::uint64_t seq = 0;  ///< 1, 2, 3, ... in the order events happened
  std::int64_t t = 0;     ///< virtual time, whole milliseconds
  std::string proc;       ///< the process the event belongs to; empty for none
  std::string ev;         ///< the kind: "put", "take", "park", "start", ...
  std::vector<std::pair<std::string, std::string>> fields;

  /// Adds a field whose value is already JSON text.
  event& raw(std::string key, std::string json) {
    fields.emplace_back(std::move(key), std::move(json));
    return *this;
  }
  /// Adds a string field.
  event& str(std::string key, std::string_view s);
  /// Adds an integer field.
  event& num(std::string key, std::int64_t n) { return raw(std::move(key), std::to_string(n)); }
  /// Adds a boolean field.
  event& boolean(std::string key, bool b) { return raw(std::move(key), b ? "true" : "false"); }
  /// Returns the JSON text of a field, or nullptr.
  const std::string* find(std::string_view key) const;
  /// Returns a field as plain text: a JSON string unquoted and unescaped, anything else as
  /// its JSON text; empty when absent.
  std::string text(std::string_view key) const;
};

/// Receives every event of a run, in order, one call at a time.
class observer {
 public:
  virtual ~observer() = default;
  virtual void on_event(const event& e) = 0;
};

/// Returns s as a JSON string literal (quoted and escaped); s is taken as UTF-8.
std::string json_quote(std::string_view s);
/// Appends s to out as a JSON string literal, without a temporary.
void append_json_quoted(std::string& out, std::string_view s);

}  // namespace hotdog
