#pragma once
// What to tell someone whose command line CLI11 refused for a slip of the keyboard: an unknown
// subcommand or option, with the likely one named.

#include <optional>
#include <string>

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace hotdog::cli {

/// For an unknown subcommand (`hotdog runn`) or an unexpected word (`hotdog run S --formt`):
/// a message naming the first such word as typed, with "did you mean" when one is close.
/// Nothing for other errors (CLI11's own message says them well). `argv` is what was parsed.
std::optional<std::string> explain_slip(const CLI::App& app, const CLI::ParseError& e, int argc,
                                        char** argv);

}  // namespace hotdog::cli
