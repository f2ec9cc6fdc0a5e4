#pragma once
// The executor inside an any_io_executor, when it is of a given type.
//
// Asio 1.22's any_io_executor::target<E>() does not look at the type it holds: it returns
// its pointer cast to E for any non-empty executor, so asking a thread pool's executor for an
// io_context's answered yes (and posting through the answer worked only because the two
// classes happen to lay out their scheduler alike). This asks the type first.

#include <asio/any_io_executor.hpp>

#include <typeinfo>

namespace hotdog::detail {

/// The executor of type E that ex holds, or null when it holds another type or none.
template <class E>
const E* executor_cast(const asio::any_io_executor& ex) noexcept {
  if (!ex || ex.target_type() != typeid(E)) return nullptr;
  return ex.target<E>();
}

}  // namespace hotdog::detail
