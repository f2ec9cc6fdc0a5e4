#pragma once
/// @file load.hpp
/// The loader: scenario JSON to the typed model of model/scenario.hpp, with every problem at
/// FILE:LINE:COLUMN; `--set` overrides; the names it checks against and its "did you mean".

#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/sim/text/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotdog::sim {

/// What loading gives: a scenario, or every problem found (in the file's order); its
/// warnings either way.
using load_result = result<scenario>;

/// An override of one key (`--set NAME.KEY=VALUE`): of the channel or process named
/// `target`, or a top-level key (`seed`, `until`) when `target` is empty. The value is read
/// as JSON, and as a plain string when it is not JSON.
struct setting {
  std::string target;
  std::string key;
  std::string value;
};

/// Parses `NAME.KEY=VALUE` or `KEY=VALUE` (the name is everything before the last '.');
/// returns the setting, or (unlocated) what is wrong with the text.
result<setting> parse_setting(std::string_view text);

/// Reads a scenario file's bytes, at most 64 MiB, in one pass (a pipe or /dev/stdin can be
/// read only once); or what stops it (a folder, a file that cannot be opened or read, or is
/// too large), located at the file's start.
result<std::string> read_scenario_text(const std::string& path);
/// Reads and validates a scenario file (at most 64 MiB), with `settings` applied first:
/// each is checked as the same key written in the file would be, and an unknown name is an
/// error (with "did you mean").
load_result load_scenario_file(const std::string& path, const std::vector<setting>& settings = {});
/// Validates scenario text; `file` names it in messages.
load_result load_scenario(std::string_view text, const std::string& file,
                          const std::vector<setting>& settings = {});

/// `name` itself when it may name a channel or a process, or (unlocated) why it may not. A
/// name is any non-empty UTF-8 text without control characters (U+0000..U+001F,
/// U+007F..U+009F), line separators (U+2028, U+2029), bidirectional formatting characters
/// (U+202A..U+202E, U+2066..U+2069) or '|' (which joins channel names in traces).
result<std::string> check_name(std::string_view name);

/// The operations a script step may name ("put", "take", ...), in the loader's order: the
/// one list the loader checks steps against (docs and schema are tested against it).
const std::vector<std::string>& step_operations();

/// The process kinds ("script", "machine", "customer", "chef").
const std::vector<std::string>& process_kinds();

/// The closest of `candidates` to `word` when it is close enough to be a likely typo. Bounded:
/// words longer than 64 bytes get no suggestion, and each load_scenario may spend a fixed
/// amount of work on suggestions (hostile input stays fast; past it, none are made).
std::optional<std::string> did_you_mean(const std::string& word,
                                        const std::vector<std::string>& candidates);

}  // namespace hotdog::sim
