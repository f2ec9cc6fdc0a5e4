#pragma once
/// @file error.hpp
/// Error codes of hotdog's channel library, in a category of its own.
///
/// A closed channel is not an error (a put completes with false, a take with an empty
/// optional); these codes are for what core.async treats as a programming mistake.

#include <string>
#include <system_error>

namespace hotdog {

/// Errors that channel operations complete with.
enum class errc {
  too_many_pending_puts = 1,  ///< a 1025th put would wait on one channel
  too_many_pending_takes,     ///< a 1025th take would wait on one channel
};

/// The category of hotdog::errc.
const std::error_category& channel_category() noexcept;

/// Makes an error_code of hotdog's category.
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), channel_category()};
}

/// At most this many puts, and this many takes, may wait on one channel (core.async's limit).
inline constexpr std::size_t max_pending = 1024;

}  // namespace hotdog

template <>
struct std::is_error_code_enum<hotdog::errc> : std::true_type {};
