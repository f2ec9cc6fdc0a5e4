#pragma once
// The validator's shared context: what one load reads (the located document), where its
// problems go (a JSON pointer becomes FILE:LINE:COLUMN), the names declared so far, and the
// small typed readers every family of keys uses. The families themselves are in families.hpp.

#include "hotdog/sim/load/load.hpp"
#include "hotdog/sim/model/scenario.hpp"

#include "json_reader.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace hotdog::sim::loading {

using json = nlohmann::json;
using names = std::vector<std::string>;

/// `s` in double quotes, as messages quote names.
std::string q(const std::string& s);
/// "null", "a boolean", "a number", "a string", "an array" or "an object".
std::string type_name(const json& v);
/// The type and the JSON text of `v` (cut to 40 bytes), as messages show a wrong value.
std::string describe(const json& v);
/// A variable name: a letter or '_', then letters, digits, '_' or '-'.
bool is_identifier(std::string_view s);

/// What the steps of the script process being read see.
struct script_scope {
  std::set<std::string> vars;  ///< every variable the script binds, for "did you mean"
  std::map<std::string, std::size_t, std::less<>> slots;  ///< each variable's slot
  int loop_depth = 0;  ///< loops around the step being read (a break needs one)
};

/// One load's shared context, passed to every validator family.
class validator {
 public:
  validator(const located_json& doc, std::string file);

  /// The document read.
  const json& root() const noexcept { return doc_.value; }

  /// Reports a problem at the value at JSON pointer `ptr`.
  void error(const std::string& ptr, std::string msg);
  /// Reports a problem at the key of the member at `ptr`.
  void error_key(const std::string& ptr, std::string msg);
  /// Reports a warning at the value at `ptr`.
  void warn(const std::string& ptr, std::string msg);
  /// The scenario, or the problems sorted by position; the warnings either way.
  load_result finish(std::optional<scenario> sc);

  /// Reports each key of `obj` not in `allowed` as an unknown `what`, with "did you mean".
  void check_keys(const json& obj, const std::string& ptr, const names& allowed,
                  const std::string& what = "key");
  /// obj[key] as a string; empty when absent or (reported) not a string.
  std::string optional_string(const json& obj, const std::string& ptr, const std::string& key);
  /// obj[key] as true or false; nothing when absent or (reported) not a boolean.
  std::optional<bool> optional_bool(const json& obj, const std::string& ptr,
                                    const std::string& key);
  /// v as a whole number in [min, max] (2.0 is 2), or nothing when it is not one.
  static std::optional<std::int64_t> whole_number(const json& v, std::int64_t min,
                                                  std::int64_t max);
  /// obj[key] as a whole number in [min, max]; `dflt` when absent or (reported) not one.
  std::int64_t whole(const json& obj, const std::string& ptr, const char* key, std::int64_t min,
                     std::int64_t dflt, std::int64_t max = std::int64_t{1} << 40);
  /// A duration in milliseconds; 0 when (reported) not one.
  std::int64_t duration_at(const json& v, const std::string& ptr);
  /// A duration, or {"uniform": [MIN, MAX]} or {"exponential": MEAN}.
  duration_spec random_duration_at(const json& v, const std::string& ptr);

  /// Hot dogs are real objects in the run (each one a value in a hopper): a million is plenty.
  static constexpr std::int64_t max_items = 1'000'000;
  /// A price or a customer's amount. With --max-events at most 2^40, a run's money totals
  /// (at most one amount per event, a few of them summed in the conservation check) stay far
  /// below 2^63: 5 x 2^40 x 10^6 < 6 x 10^18.
  static constexpr std::int64_t max_money = 1'000'000;

  std::size_t declared_channels = 0;  ///< how many of channel_names the file declares
  names channel_names;                ///< every channel: the declared ones, then the machines'
  /// Per declared channel, why it cannot carry a shared line of payments ("" when it can).
  std::vector<std::string> not_a_line;
  std::map<std::string, std::size_t, std::less<>> channel_index;  ///< every channel, by name
  std::unordered_set<std::string> channel_names_seen;             ///< declared so far
  /// Each customer's and chef's "machine" (null when missing) and where it was written.
  std::vector<std::pair<std::string, json>> machine_refs;
  std::vector<std::string> process_ptrs;  ///< where each of the scenario's processes is
  /// Every process in the file, by name: its index and kind (what tap, sub, admix name).
  std::map<std::string, std::pair<std::size_t, std::string>, std::less<>> process_kinds;
  script_scope script;  ///< the script process being read

 private:
  // A hostile file may hold millions of problems: the first max_reported of each kind are
  // kept (and sorted by position), the rest only counted, so memory stays in proportion.
  static constexpr std::size_t max_reported = 1000;

  // A problem at `where`, or at the --set that wrote the value at `ptr`.
  diagnostic located(const std::string& ptr, text_position where, std::string msg) const;

  const located_json& doc_;
  std::string file_;
  std::vector<diagnostic> errors_, warnings_;
  std::size_t more_errors_ = 0;
};

}  // namespace hotdog::sim::loading
