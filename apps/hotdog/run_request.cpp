#include "run_request.hpp"

#include "report_error.hpp"

#include <hotdog/parse_whole.hpp>
#include <hotdog/sim/model/duration.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>

namespace hotdog::cli {

namespace {

constexpr std::uint64_t max_seed = UINT64_MAX;
constexpr std::uint64_t max_events_limit = std::uint64_t{1} << 40;

bool has(run_options_list list, run_option o) {
  return std::find(list.begin(), list.end(), o) != list.end();
}

const char* const stall_help =
    "End the run (reason \"stalled\", exit 4) once virtual time has stood still for N steps "
    "(events, or loop iterations that make none; 0 to 2^40, default 1000000); 0: never";
const char* const strategy_help =
    "How a schedule orders ready processes: random (uniform at every choice) or pct "
    "(random priorities per process, depth - 1 priority change points)";

}  // namespace

std::optional<std::uint64_t> whole_option(const std::string& option, const std::string& text,
                                          std::uint64_t min, std::uint64_t max) {
  if (const auto n = parse_whole(text); n && *n >= min && *n <= max) return n;
  report_error(option + ": expected a whole number from " + std::to_string(min) + " to " +
               std::to_string(max) + ", not \"" + text + "\"");
  return std::nullopt;
}

std::string shell_word(const std::string& w) {
  const bool safe = !w.empty() && w.find_first_not_of(
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789_./:=,+-@%") == std::string::npos;
  if (safe) return w;
  std::string out = "'";
  for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void run_request::add_options(CLI::App& cmd, run_options_list which, const char* set_help) {
  cmd.add_option("SCENARIO", scenario_path, "The scenario file (JSON)")->required();
  if (has(which, run_option::seed))
    cmd.add_option("--seed", seed_text_,
                   "Override the scenario's seed (0 to 18446744073709551615)");
  if (has(which, run_option::until))
    cmd.add_option("--until", until_text_,
                   "Stop at this virtual time (e.g. 5000, \"90s\", \"10m\")");
  if (has(which, run_option::max_events))
    cmd.add_option("--max-events", max_events_text_,
                   "End a run after this many events, reason \"limit\" (exit 4 for run; 1 to 2^40; "
                   "default 100000000)");
  if (has(which, run_option::stall_steps))
    cmd.add_option("--stall-steps", stall_steps_text_, stall_help);
  if (has(which, run_option::sets))
    cmd.add_option("--set", sets,
                   set_help ? set_help
                            : "Override a key: NAME.KEY=VALUE (a channel's or process's), or "
                              "seed=N, until=DURATION (repeatable)");
  takes_schedule_ = has(which, run_option::schedule);
  if (takes_schedule_)
    cmd.add_option("--schedule", schedule_text_,
                   "Run under schedule N (1 to 18446744073709551615): the order of processes "
                   "ready at the same time, and every random choice, come from N (or "
                   "N@DECISION:PICK,... as hotdog shrink prints it)");
  if (has(which, run_option::strategy)) {
    cmd.add_option("--strategy", strategy_text_, strategy_help)
        ->check(CLI::IsMember({"random", "pct"}))
        ->capture_default_str();
    cmd.add_option("--depth", depth, "pct: the depth of the bugs it aims at (1 to 1000)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
  }
}

// Command-line numbers are checked as the scenario's are: same ranges, clear errors.
bool run_request::parse_numbers() {
  if (seed_text_ && !(seed = whole_option("--seed", *seed_text_, 0, max_seed))) return false;
  if (max_events_text_) {
    const auto n = whole_option("--max-events", *max_events_text_, 1, max_events_limit);
    if (!n) return false;
    max_events = *n;
  }
  // Read as --max-events is: CLI11's own conversion took -1 as 2^64 - 1 and 0x10 as 16.
  if (stall_steps_text_) {
    const auto n = whole_option("--stall-steps", *stall_steps_text_, 0, max_events_limit);
    if (!n) return false;
    stall_steps = *n;
  }
  return true;
}

bool run_request::parse_schedule() {
  strategy = strategy_text_ == "pct" ? schedule_strategy::pct : schedule_strategy::random;
  if (!schedule_text_) {
    if (takes_schedule_ && (strategy != schedule_strategy::random || depth != 3)) {
      report_error("--strategy and --depth say how a --schedule orders the run: give one");
      return false;
    }
    return true;
  }
  auto s = schedule::parse(*schedule_text_);
  if (const auto* err = std::get_if<schedule_error>(&s)) {
    report_error(
        "--schedule: expected a schedule number from 1 to 18446744073709551615, or "
        "N@DECISION:PICK,... (as hotdog shrink prints it), not \"" +
        *schedule_text_ + "\"" +
        (*err == schedule_error::decisions_not_increasing ? ": the decisions must increase" : ""));
    return false;
  }
  sched = std::get<schedule>(std::move(s));
  sched->strategy = strategy;
  sched->depth = depth;
  return true;
}

bool run_request::validate() {
  if (!parse_numbers()) return false;
  bool ok = true;
  for (const auto& text : sets) {
    auto s = sim::parse_setting(text);
    if (!s) {
      report_error("--set: " + s.error().message());
      ok = false;
    } else {
      settings.push_back(std::move(*s));
    }
  }
  if (!ok) return false;
  // One seed and one end per run: with both an option and a --set of the same key, the option
  // won and the --set was silently unused (a sweep's point even said the --set's value).
  for (const std::string_view key : {"seed", "until"}) {
    if (set_gives(key) && (key == "seed" ? seed_text_ : until_text_)) {
      report_error(option_beside_set(key));
      return false;
    }
  }
  if (until_text_ && !(until = sim::parse_duration(*until_text_))) {
    report_error("--until: expected a duration like 5000, \"90s\" or \"10m\", at most " +
                 std::to_string(sim::max_duration_ms) + " ms, not \"" + *until_text_ + "\"");
    return false;
  }
  return parse_schedule();
}

sim::run_options run_request::run_options() const {
  sim::run_options o;
  o.seed = seed;
  o.until = until;
  o.max_events = max_events;
  o.stall_steps = stall_steps;
  o.sched = sched;
  return o;
}

std::string run_request::words(run_options_list order) const {
  const sim::run_options defaults;
  std::string out;
  for (const run_option o : order) switch (o) {
      case run_option::seed:
        if (seed) out += " --seed " + std::to_string(*seed);
        break;
      case run_option::until:
        if (until) out += " --until " + std::to_string(*until);
        break;
      case run_option::max_events:
        if (max_events != defaults.max_events) out += " --max-events " + std::to_string(max_events);
        break;
      case run_option::stall_steps:
        if (stall_steps != defaults.stall_steps)
          out += " --stall-steps " + std::to_string(stall_steps);
        break;
      case run_option::sets:
        for (const auto& s : sets) out += " --set " + shell_word(s);
        break;
      case run_option::schedule:
        if (sched) out += schedule_words(sched->text());
        break;
      case run_option::strategy:
        if (strategy == schedule_strategy::pct)
          out += " --strategy pct --depth " + std::to_string(depth);
        break;
    }
  return out;
}

std::string run_request::command(run_options_list order) const {
  return "hotdog run " + shell_word(scenario_path) + words(order);
}

// A golden's hints repeat every option that changed the trace it compared, in this order; the
// golden of a scheduled run is written and compared under the same schedule.
std::string run_request::golden_words() const {
  return words({run_option::until, run_option::max_events, run_option::stall_steps,
                run_option::sets, run_option::schedule, run_option::strategy});
}

std::string run_request::reproduce_command(std::uint64_t scenario_seed, const std::string& format,
                                           const std::string& golden_path) const {
  run_request r = *this;
  // The seed spelled out, unless a --set gives it (the two together are refused).
  if (!set_gives("seed")) r.seed = seed.value_or(scenario_seed);
  return r.command({run_option::seed}) + golden_words() + " --format " + format + " --expect " +
         shell_word(golden_path);
}

std::string run_request::accept_command(const std::string& golden_path) const {
  // The seed only when one was given: the scenario's own is what a plain run uses anyway.
  return command({run_option::seed}) + golden_words() + " --update " + shell_word(golden_path);
}

std::string run_request::explore_replay(std::uint64_t n) const {
  // What shaped the runs: the scenario, the --set overrides, the strategy and the limit.
  return command({run_option::sets, run_option::strategy, run_option::max_events}) +
         schedule_words(std::to_string(n));
}

bool run_request::set_gives(std::string_view key) const {
  return std::any_of(settings.begin(), settings.end(),
                     [key](const sim::setting& s) { return s.target.empty() && s.key == key; });
}

std::string option_beside_set(std::string_view key) {
  return "--" + std::string(key) + " and --set " + std::string(key) + "=... both give the run's " +
         (key == "seed" ? "seed" : "end") + ": give one";
}

std::string schedule_words(const std::string& text) { return " --schedule " + shell_word(text); }

std::optional<std::string> replay_prefix(const std::string& replay) {
  const std::size_t at = replay.rfind(" --schedule ");
  if (at == std::string::npos) return std::nullopt;
  return replay.substr(0, at);
}

}  // namespace hotdog::cli
