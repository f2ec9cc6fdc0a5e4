#pragma once
// The one way the CLI says what went wrong.

#include <string_view>

namespace hotdog::cli {

/// Writes "hotdog: MESSAGE" and a newline to stderr in one write, with every control character
/// and invalid UTF-8 byte in `message` escaped (sim::printable): paths, --set texts and option
/// values a user typed cannot start a new line or send an escape sequence.
void report_error(std::string_view message);

}  // namespace hotdog::cli
