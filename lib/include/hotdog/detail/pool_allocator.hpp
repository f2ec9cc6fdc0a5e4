#pragma once
// A standard allocator over frame_pool: what a run makes and drops per customer besides its
// frames (a reply channel's state, the first array of a channel's queue) is recycled by the
// same per-thread free lists instead of going through malloc each time. Objects above the
// pool's largest size, and every object under AddressSanitizer, come from the heap; so do
// over-aligned ones (a channel of a type aligned to 64 bytes), which the pool cannot hold.

#include "hotdog/detail/frame_pool.hpp"

#include <cstddef>
#include <new>

namespace hotdog::detail {

template <class T>
struct pool_allocator {
  using value_type = T;
  // The pool hands out what operator new does: aligned for any ordinarily aligned type.
  static constexpr bool over_aligned = alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__;

  pool_allocator() noexcept = default;
  template <class U>
  pool_allocator(const pool_allocator<U>&) noexcept {}  // NOLINT: rebinding converts implicitly

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    if constexpr (over_aligned)
      return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{alignof(T)}));
    else
      return static_cast<T*>(frame_pool::allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    // Unsized: clang 14 declares no sized deallocation unless asked (-fsized-deallocation).
    if constexpr (over_aligned)
      ::operator delete (p, std::align_val_t{alignof(T)});
    else
      frame_pool::deallocate(p, n * sizeof(T));
  }

  template <class U>
  bool operator==(const pool_allocator<U>&) const noexcept {
    return true;  // one pool per thread, and any thread may give a block back
  }
};

}  // namespace hotdog::detail
