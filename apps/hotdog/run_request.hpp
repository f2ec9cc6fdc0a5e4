#pragma once
// What a command line asks of a run: every option that changes a run's trace, registered on
// the subcommands that take it, validated once, converted to the library's run_options and
// settings, and rendered back to shell words for the replay, reproduce and accept hints.

#include <hotdog/schedule.hpp>
#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/run/simulation.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace hotdog::cli {

/// One option of a run_request, to register or to render.
enum class run_option {
  seed,         ///< --seed N
  until,        ///< --until DURATION
  max_events,   ///< --max-events N
  stall_steps,  ///< --stall-steps N
  sets,         ///< --set NAME.KEY=VALUE, repeatable
  schedule,     ///< --schedule N or N@DECISION:PICK,...
  strategy,     ///< --strategy random|pct and --depth D
};

/// The options as one list.
using run_options_list = std::initializer_list<run_option>;

/// Every option that changes a run's trace: what `run` and `step` take.
inline constexpr run_options_list run_changing_options = {
    run_option::seed, run_option::until,    run_option::max_events, run_option::stall_steps,
    run_option::sets, run_option::schedule, run_option::strategy};

/// A whole number from min to max in plain decimal digits, or nothing, having said on stderr
/// which option expected what.
std::optional<std::uint64_t> whole_option(const std::string& option, const std::string& text,
                                          std::uint64_t min, std::uint64_t max);

/// `w` as a POSIX shell reads it back: as it is when that is safe, else single-quoted.
std::string shell_word(const std::string& w);

/// The scenario and the options that change how it runs, as one command line gave them.
struct run_request {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> until;  ///< ms
  std::uint64_t max_events = sim::run_options{}.max_events;
  std::uint64_t stall_steps = sim::run_options{}.stall_steps;
  std::vector<std::string> sets;  ///< --set texts as typed
  std::vector<sim::setting> settings;
  std::optional<schedule> sched;  ///< with strategy and depth filled in
  schedule_strategy strategy = schedule_strategy::random;
  std::uint32_t depth = 3;

  /// Adds SCENARIO and the options in `which` to `cmd`; `set_help` replaces --set's help.
  /// This request must outlive the parse.
  void add_options(CLI::App& cmd, run_options_list which, const char* set_help = nullptr);
  /// Checks and converts what was typed (ranges, durations, --set and --schedule syntax);
  /// false, having said what is wrong on stderr, when something cannot be used.
  bool validate();
  /// The library's options for this request (seed, until, limits, schedule).
  sim::run_options run_options() const;

  /// The options in `order`, each that differs from its default, as " --name value" words.
  std::string words(run_options_list order) const;
  /// "hotdog run SCENARIO" and then words(order).
  std::string command(run_options_list order) const;

  /// The command that repeats an --expect comparison with the seed spelled out (`scenario_seed`
  /// when no --seed was given).
  std::string reproduce_command(std::uint64_t scenario_seed, const std::string& format,
                                const std::string& golden_path) const;
  /// The command that writes this run as the new golden trace.
  std::string accept_command(const std::string& golden_path) const;
  /// An explored run under schedule number n, as `hotdog run` replays it.
  std::string explore_replay(std::uint64_t n) const;

 private:
  // As typed, checked by validate().
  // Optional, so that an option given as "" is read (and refused), not taken as not given.
  std::optional<std::string> seed_text_, until_text_, max_events_text_, stall_steps_text_;
  std::optional<std::string> schedule_text_;
  std::string strategy_text_ = "random";
  bool takes_schedule_ = false;
  bool parse_numbers();
  bool parse_schedule();
  std::string golden_words() const;
  // Whether a --set gives the top-level `key` (seed, until).
  bool set_gives(std::string_view key) const;
};

/// The error for an option given beside a --set of the same top-level key (seed, until): the
/// option would win and the --set go silently unused.
std::string option_beside_set(std::string_view key);

/// " --schedule TEXT": the words that add a schedule to a run command.
std::string schedule_words(const std::string& text);
/// The part of an explored run's replay command before its schedule words, or nothing when
/// `replay` is not such a command.
std::optional<std::string> replay_prefix(const std::string& replay);

}  // namespace hotdog::cli
