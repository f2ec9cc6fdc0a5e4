#pragma once
// A list of small, trivially copyable values that keeps its first N in place and moves to
// the heap only past them: an alts's channel names and tags, remembered by its process for
// each wait. Most alts have a few arms, so a process that waits on one allocates nothing.

#include <array>
#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

namespace hotdog::detail {

template <class T, std::size_t N>
class small_list {
  static_assert(std::is_trivially_copyable_v<T>, "values are copied in and out freely");

 public:
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const T& operator[](std::size_t i) const noexcept { return data()[i]; }
  const T* begin() const noexcept { return data(); }
  const T* end() const noexcept { return data() + size_; }
  operator std::span<const T>() const noexcept { return {data(), size_}; }

  void clear() noexcept {
    size_ = 0;
    spilled_.clear();  // keeps its capacity: a process that once had a long alts reuses it
  }
  void push_back(const T& v) {
    if (size_ < N) {
      in_place_[size_] = v;
    } else {
      if (size_ == N) spilled_.assign(in_place_.begin(), in_place_.end());
      spilled_.push_back(v);
    }
    ++size_;
  }

 private:
  const T* data() const noexcept { return size_ <= N ? in_place_.data() : spilled_.data(); }
  std::array<T, N> in_place_{};
  std::vector<T> spilled_;
  std::size_t size_ = 0;
};

}  // namespace hotdog::detail
