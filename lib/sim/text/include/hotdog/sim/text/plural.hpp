#pragma once
/// @file plural.hpp
/// A count with its noun in the right number: "1 run", "2 runs", "0 runs".

#include <cstdint>
#include <string>
#include <string_view>

namespace hotdog::sim {

/// `n` and `one` when n is 1, else `n` and `many`.
inline std::string count_of(std::uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + ' ' + std::string(n == 1 ? one : many);
}

}  // namespace hotdog::sim
