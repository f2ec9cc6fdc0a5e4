#include "slips.hpp"

#include <hotdog/sim/load/load.hpp>

#include <CLI/CLI.hpp>

#include <string_view>
#include <vector>

namespace hotdog::cli {

namespace {

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// The names someone may type for `cmd`'s visible subcommands.
std::vector<std::string> subcommand_names(const CLI::App& cmd) {
  std::vector<std::string> names;
  for (const auto* sub : cmd.get_subcommands([](const CLI::App* s) {
         return !s->get_group().empty();  // hidden ones have no group
       }))
    names.push_back(sub->get_name());
  return names;
}

// Every option of `cmd` as typed: --long, -s, and --help.
std::vector<std::string> option_names(const CLI::App& cmd) {
  std::vector<std::string> names;
  for (const auto* opt : cmd.get_options()) {
    for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
    for (const auto& s : opt->get_snames()) names.push_back("-" + s);
  }
  return names;
}

// The subcommand the words were for: the last one parsed, or the app itself.
const CLI::App& innermost(const CLI::App& app) {
  const CLI::App* cmd = &app;
  for (auto subs = cmd->get_subcommands(); !subs.empty(); subs = cmd->get_subcommands())
    cmd = subs.back();
  return *cmd;
}

std::string with_suggestion(std::string msg, const std::string& word,
                            const std::vector<std::string>& names) {
  if (auto m = sim::did_you_mean(word, names)) msg += "; did you mean " + in_quotes(*m) + "?";
  return msg;
}

// "unknown option "--formt"; did you mean "--format"?" for the first word `cmd` did not take.
std::optional<std::string> unexpected_word(const CLI::App& cmd) {
  const auto words = cmd.remaining();  // in the order typed
  if (words.empty()) return std::nullopt;
  const std::string& word = words.front();
  const std::string prefix = cmd.get_parent() ? cmd.get_name() + ": " : std::string();
  if (word.size() > 1 && word[0] == '-') {
    const std::string name = word.substr(0, word.find('='));
    return with_suggestion(prefix + "unknown option " + in_quotes(name), name, option_names(cmd));
  }
  const auto subs = subcommand_names(cmd);
  if (!subs.empty() && !cmd.get_parent() && cmd.get_subcommands().empty())
    return with_suggestion("unknown subcommand " + in_quotes(word), word, subs);
  return prefix + "unexpected argument " + in_quotes(word) +
         (words.size() > 1 ? " (and " + std::to_string(words.size() - 1) + " more after it)"
                           : std::string());
}

}  // namespace

std::optional<std::string> explain_slip(const CLI::App& app, const CLI::ParseError& e, int argc,
                                        char** argv) {
  // A word the command did not take explains a missing value or option better than CLI11's
  // "--schedule is required" does: the word typed was most likely meant for it.
  if (auto word = unexpected_word(innermost(app))) return word;
  // `hotdog runn` alone: no subcommand was chosen, and the first word that is not an option
  // is the one meant.
  if (dynamic_cast<const CLI::RequiredError*>(&e) && app.get_subcommands().empty())
    for (int i = 1; i < argc; ++i) {
      const std::string word = argv[i];
      if (!word.empty() && word[0] == '-') continue;
      return with_suggestion("unknown subcommand " + in_quotes(word), word, subcommand_names(app));
    }
  return std::nullopt;
}

}  // namespace hotdog::cli
