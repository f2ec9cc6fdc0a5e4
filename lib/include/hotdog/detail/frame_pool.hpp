#pragma once
// Where task frames come from: a free list per thread and per size, so that the frames a
// run makes and drops by the million (a customer's take, put, alts and sleep, each a
// coroutine) are reused instead of going through malloc each time. The other small objects
// a run makes per customer (a channel's state, a queue's array, a process, a large callable)
// come from here too, through pool_allocator. A frame freed on another
// thread (the real-time runtime's) joins that thread's lists. Each list keeps at most
// `kept_per_size` frames, so what a long run keeps stays bounded; the rest go back to the
// heap. Under AddressSanitizer the pool steps aside: reused memory would hide a frame used
// after it was freed.

#include <cstddef>
#include <cstdint>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define HOTDOG_FRAME_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOTDOG_FRAME_POOL 0
#endif
#endif
#ifndef HOTDOG_FRAME_POOL
#define HOTDOG_FRAME_POOL 1
#endif

namespace hotdog::detail {

class frame_pool {
 public:
  static constexpr std::size_t granule = 16;
  static constexpr std::size_t sizes = 128;  // frames up to 2 KiB are pooled
  static constexpr std::uint32_t kept_per_size = 1024;

  /// n bytes for a frame: a recycled block of its size class when this thread has one.
  static void* allocate(std::size_t n) {
#if HOTDOG_FRAME_POOL
    const std::size_t c = size_class(n);
    if (c < sizes) {
      lists& l = local();
      if (block* b = l.head[c]) {
        l.head[c] = b->next;
        --l.count[c];
        return b;
      }
      return ::operator new((c + 1) * granule);
    }
#endif
    return ::operator new(n);
  }

  /// Takes back a frame of n bytes from allocate(n).
  static void deallocate(void* p, std::size_t n) noexcept {
#if HOTDOG_FRAME_POOL
    const std::size_t c = size_class(n);
    if (c < sizes) {
      lists& l = local();
      if (l.count[c] < kept_per_size && owner_alive()) {
        auto* b = static_cast<block*>(p);
        b->next = l.head[c];
        l.head[c] = b;
        ++l.count[c];
        return;
      }
    }
#else
    (void)n;
#endif
    ::operator delete(p);
  }

 private:
  struct block {
    block* next;
  };
  // Plain data, so reaching it costs no guard; the owner below frees it at thread exit.
  struct lists {
    block* head[sizes];
    std::uint32_t count[sizes];
  };
  static std::size_t size_class(std::size_t n) noexcept { return (n + granule - 1) / granule - 1; }
  static lists& local() noexcept {
    static thread_local lists l{};
    return l;
  }

  // Frees this thread's lists when the thread ends. Made on the first frame kept; once it is
  // gone (a frame freed by a later thread-exit or static destructor), frames go to the heap.
  static int& state() noexcept {
    static thread_local int s = 0;  // 0: no owner yet, 1: owner alive, 2: owner gone
    return s;
  }
  struct owner {
    ~owner() {
      state() = 2;
      lists& l = local();
      for (std::size_t c = 0; c < sizes; ++c) {
        while (block* b = l.head[c]) {
          l.head[c] = b->next;
          ::operator delete(b);
        }
        l.count[c] = 0;
      }
    }
  };
  static bool owner_alive() noexcept {
    int& s = state();
    if (s == 1) return true;
    if (s == 2) return false;
    static thread_local owner o;
    s = 1;
    return true;
  }
};

}  // namespace hotdog::detail
