#pragma once
/// @file progress.hpp
/// How long work tells its caller how far it has got. The library never prints: the caller
/// draws what it likes, and nothing it does changes what the work does or writes.

#include <cstdint>
#include <functional>

namespace hotdog::sim {

/// Called with how much is done of how much (`total` 0 when it is not known), on one thread
/// at a time and in order; it must not throw.
using progress_fn = std::function<void(std::uint64_t done, std::uint64_t total)>;

}  // namespace hotdog::sim
