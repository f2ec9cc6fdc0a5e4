#pragma once
// What an operation that waited got, as process::at_handoff hands it over.

#include <system_error>
#include <tuple>

namespace hotdog::sim {

/// The result of the operation whose completion `result` points to (R: what it returns, as
/// `std::optional<message>` for a take, `bool` for a put, `alts_result<message>` for alts);
/// null when it failed.
template <class R>
const R* handed(const void* result) {
  const auto& r = *static_cast<const std::tuple<std::error_code, R>*>(result);
  return std::get<0>(r) ? nullptr : &std::get<1>(r);
}

}  // namespace hotdog::sim
