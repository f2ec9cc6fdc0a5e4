#pragma once
// A move-only std::function with a small buffer: waiters hold Asio handlers, which are
// move-only, and the common handlers (a coroutine resumer, a small lambda) fit inline so
// parking a process costs no heap allocation for its handler. A callable that is trivially
// copyable (a coroutine resumer, a lambda of pointers) is moved by copying its bytes and needs
// no destruction: moving one through a queue costs no indirect call.

#include "hotdog/detail/pool_allocator.hpp"

#include <cstddef>
#include <cstring>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

namespace hotdog::detail {

template <class Signature>
class unique_function;

template <class R, class... Args>
class unique_function<R(Args...)> {
  static constexpr std::size_t inline_size = 6 * sizeof(void*);

  struct vtable {
    R (*invoke)(void*, Args&&...);
    void (*move)(void* from, void* to) noexcept;  // null: copy the bytes
    void (*destroy)(void*) noexcept;              // null: nothing to do
  };

  template <class F>
  static constexpr bool fits_inline =
      sizeof(F) <= inline_size &&
      alignof(F) <= alignof(std::max_align_t) && std::is_nothrow_move_constructible_v<F>;

  template <class F>
  static constexpr bool trivial =
      fits_inline<F>&& std::is_trivially_copyable_v<F>&& std::is_trivially_destructible_v<F>;

  // Calls f as std::function would: a result R (void: whatever f gives is dropped).
  template <class F>
  static R call(F& f, Args&&... args) {
    if constexpr (std::is_void_v<R>)
      static_cast<void>(std::invoke(f, std::forward<Args>(args)...));
    else
      return std::invoke(f, std::forward<Args>(args)...);
  }

  // A callable too large to fit inline (a process's body, a timer's handler) lives in a block
  // of the per-thread pool: a run makes and drops them per customer.
  template <class D, class F>
  static D* make_out_of_line(F&& f) {
    D* d = pool_allocator<D>().allocate(1);
    try {
      return ::new (static_cast<void*>(d)) D(std::forward<F>(f));
    } catch (...) {
      pool_allocator<D>().deallocate(d, 1);
      throw;
    }
  }
  template <class D>
  static void drop_out_of_line(D* d) noexcept {
    d->~D();
    pool_allocator<D>().deallocate(d, 1);
  }

  template <class F>
  static const vtable* vtable_for() {
    if constexpr (trivial<F>) {
      static constexpr vtable vt{[](void* p, Args&&... args) -> R {
                                   return call(*static_cast<F*>(p), std::forward<Args>(args)...);
                                 },
                                 nullptr, nullptr};
      return &vt;
    } else if constexpr (fits_inline<F>) {
      static constexpr vtable vt{[](void* p, Args&&... args) -> R {
                                   return call(*static_cast<F*>(p), std::forward<Args>(args)...);
                                 },
                                 [](void* from, void* to) noexcept {
                                   ::new (to) F(std::move(*static_cast<F*>(from)));
                                   static_cast<F*>(from)->~F();
                                 },
                                 [](void* p) noexcept { static_cast<F*>(p)->~F(); }};
      return &vt;
    } else {
      static constexpr vtable vt{
          [](void* p, Args&&... args) -> R {
            return call(**static_cast<F**>(p), std::forward<Args>(args)...);
          },
          [](void* from, void* to) noexcept { ::new (to) F*(*static_cast<F**>(from)); },
          [](void* p) noexcept { drop_out_of_line(*static_cast<F**>(p)); }};
      return &vt;
    }
  }

 public:
  unique_function() noexcept = default;
  unique_function(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor): empty

  // Any callable that can be called with Args and gives something convertible to R, as
  // std::function takes; a null function or member pointer makes an empty one, as there.
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, unique_function> &&
                                              std::is_invocable_r_v<R, std::decay_t<F>&, Args...>>>
  unique_function(F&& f) {  // NOLINT(google-explicit-constructor): a function wrapper
    using D = std::decay_t<F>;
    // (Only a pointer given as such: a function given by name is never null.)
    if constexpr (std::is_pointer_v<std::remove_reference_t<F>> || std::is_member_pointer_v<D>)
      if (f == nullptr) return;
    if constexpr (fits_inline<D>) {
      ::new (static_cast<void*>(storage_)) D(std::forward<F>(f));
    } else {
      ::new (static_cast<void*>(storage_)) D*(make_out_of_line<D>(std::forward<F>(f)));
    }
    vt_ = vtable_for<D>();
  }

  unique_function(unique_function&& other) noexcept : vt_(other.vt_) {
    if (vt_) {
      take_from(other);
      other.vt_ = nullptr;
    }
  }

  unique_function& operator=(unique_function&& other) noexcept {
    if (this != &other) {
      reset();
      vt_ = other.vt_;
      if (vt_) {
        take_from(other);
        other.vt_ = nullptr;
      }
    }
    return *this;
  }

  unique_function(const unique_function&) = delete;
  unique_function& operator=(const unique_function&) = delete;
  ~unique_function() { reset(); }

  explicit operator bool() const noexcept { return vt_ != nullptr; }

  R operator()(Args... args) { return vt_->invoke(storage_, std::forward<Args>(args)...); }

  void reset() noexcept {
    if (vt_) {
      if (vt_->destroy) vt_->destroy(storage_);
      vt_ = nullptr;
    }
  }

 private:
  // Moves other's callable into storage_ (vt_ is already other's).
  void take_from(unique_function& other) noexcept {
    if (vt_->move)
      vt_->move(other.storage_, storage_);
    else
      std::memcpy(storage_, other.storage_, inline_size);
  }

  alignas(std::max_align_t) unsigned char storage_[inline_size];
  const vtable* vt_ = nullptr;
};

}  // namespace hotdog::detail
