#pragma once
/// @file parse_whole.hpp
/// Whole numbers from text, the one way: plain decimal digits and nothing else.

#include <cstdint>
#include <optional>
#include <string_view>

namespace hotdog {

/// The whole number that s spells in decimal digits (leading zeros allowed); nothing when s
/// is empty, holds anything but digits (a sign, a space, a point) or is above 2^64 - 1.
std::optional<std::uint64_t> parse_whole(std::string_view s) noexcept;

}  // namespace hotdog
