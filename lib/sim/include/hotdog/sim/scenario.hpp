#pragma once
/// @file scenario.hpp
/// The scenario model (plain structs) and the one loader that makes it from a JSON file,
/// reporting every problem at once as FILE:LINE:COLUMN.

#include "hotdog/buffer.hpp"
#include "hotdog/runtime.hpp"
#include "hotdog/sim/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotdog::sim {

/// One problem in a scenario file.
struct diagnostic {
  std::string file;
  text_position where;
  std::string message;
  /// "FILE:LINE:COLUMN: error: MESSAGE"
  std::string to_string() const;
};

/// A duration that may be random: fixed ms, uniform in [min, max], or exponential(mean).
struct duration_spec {
  enum class kind { fixed, uniform, exponential } type = kind::fixed;
  std::int64_t ms = 0;
  std::int64_t min = 0, max = 0;
  double mean = 0;
  /// Draws one duration (fixed ones draw nothing).
  std::int64_t draw(random_source& random) const;
};

struct channel_spec {
  std::string name;
  std::size_t buffer = 0;
  buffer_policy policy = buffer_policy::fixed;
};

struct process_spec {
  std::string name;
  std::string kind;  ///< "script", "machine", "customer" or "chef"
  process_mode mode = process_mode::go;
  bool daemon = false;
  std::int64_t start = 0;
  nlohmann::json steps;   ///< validated script steps
  nlohmann::json params;  ///< the whole validated entry (machine, customer and chef read theirs)
  std::string pointer;    ///< where it is in the file, for warnings
};

/// A loaded, validated scenario.
struct scenario {
  std::string file;
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  std::optional<std::int64_t> until;
  std::vector<channel_spec> channels;
  std::vector<process_spec> processes;
  located_json doc;
};

/// What loading gives: a scenario, or every problem found (then `value` is empty).
struct load_result {
  std::optional<scenario> value;
  std::vector<diagnostic> errors;
  std::vector<diagnostic> warnings;
};

/// Reads and validates a scenario file (at most 64 MiB).
load_result load_scenario_file(const std::string& path);
/// Validates scenario text; `file` names it in messages.
load_result load_scenario(std::string_view text, const std::string& file);

/// Parses a duration: an integer of milliseconds or "250ms", "2s", "1.5s", "3m", "1h".
std::optional<std::int64_t> parse_duration(const nlohmann::json& v);

/// Draws a validated (maybe random) duration from its JSON.
std::int64_t draw_duration(const nlohmann::json& v, random_source& random);

/// The closest of `candidates` to `word` when it is close enough to be a likely typo.
std::optional<std::string> did_you_mean(const std::string& word,
                                        const std::vector<std::string>& candidates);

}  // namespace hotdog::sim
