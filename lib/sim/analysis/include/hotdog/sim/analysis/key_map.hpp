#pragma once
/// @file key_map.hpp
/// A map from 64-bit keys to values whose entries come and go by the million (a crowd's
/// waiting customers, one entry per wait): the values live in one vector whose freed places
/// are reused, and the keys in an open-addressing table (linear probing, deletion by
/// shifting the run back), so a lookup that misses reads about one slot and, once the map has
/// grown to the most entries it holds at once, nothing allocates.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace hotdog::sim {

template <class V>
class key_map {
 public:
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }

  /// The value of `key`, or nullptr when it has none.
  V* find(std::uint64_t key) noexcept {
    if (size_ == 0) return nullptr;
    for (std::size_t i = home(key);; i = next(i)) {
      const slot& s = slots_[i];
      if (s.value == none) return nullptr;
      if (s.key == key) return &values_[s.value];
    }
  }

  /// Gives `key` the value v, replacing any it had.
  void insert_or_assign(std::uint64_t key, V v) {
    if (V* old = find(key)) {
      *old = std::move(v);
      return;
    }
    if (2 * (size_ + 1) > slots_.size()) grow();
    std::uint32_t place;
    if (!free_.empty()) {
      place = free_.back();
      free_.pop_back();
      values_[place] = std::move(v);
    } else {
      place = static_cast<std::uint32_t>(values_.size());
      values_.push_back(std::move(v));
    }
    std::size_t i = home(key);
    while (slots_[i].value != none) i = next(i);
    slots_[i] = {key, place};
    ++size_;
  }

  /// Removes `key` (nothing when it has no value).
  void erase(std::uint64_t key) noexcept {
    if (size_ == 0) return;
    std::size_t i = home(key);
    for (;; i = next(i)) {
      if (slots_[i].value == none) return;
      if (slots_[i].key == key) break;
    }
    free_.push_back(slots_[i].value);  // capacity reserved by grow(): cannot throw
    --size_;
    // Shift back the entries after it in its run that may sit in the hole (their home is not
    // between the hole and them), so that every lookup still finds its key before an empty slot.
    std::size_t hole = i;
    for (std::size_t j = next(i); slots_[j].value != none; j = next(j)) {
      const std::size_t h = home(slots_[j].key);
      const bool stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
      if (stays) continue;
      slots_[hole] = slots_[j];
      hole = j;
    }
    slots_[hole] = slot{};
  }

  /// Calls f(value&) for every entry, in no particular order.
  template <class F>
  void for_each(F&& f) {
    for (const slot& s : slots_)
      if (s.value != none) f(values_[s.value]);
  }

  /// Removes every entry (keeping the storage).
  void clear() noexcept {
    for (slot& s : slots_) s = slot{};
    values_.clear();
    free_.clear();
    size_ = 0;
  }

 private:
  static constexpr std::uint32_t none = ~std::uint32_t{0};
  struct slot {
    std::uint64_t key = 0;
    std::uint32_t value = none;  // the value's place in values_, or none: a free slot
  };

  std::size_t home(std::uint64_t key) const noexcept {
    // Fibonacci hashing: consecutive keys (a crowd's members) spread over the table.
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  std::size_t next(std::size_t i) const noexcept { return (i + 1) & (slots_.size() - 1); }

  // Doubles the table (at least 16 slots) and puts every key back in it. Everything that may
  // allocate happens before the map changes: if it throws, the map is as it was.
  void grow() {
    const std::size_t n = slots_.empty() ? 16 : slots_.size() * 2;
    std::vector<slot> table(n);
    std::vector<std::uint32_t> free_places;
    free_places.reserve(n / 2);  // erase() then never allocates
    free_places.assign(free_.begin(), free_.end());
    unsigned shift = 64;
    for (std::size_t k = n; k > 1; k >>= 1) --shift;
    std::swap(table, slots_);
    shift_ = shift;
    free_.swap(free_places);
    for (const slot& s : table) {
      if (s.value == none) continue;
      std::size_t i = home(s.key);
      while (slots_[i].value != none) i = next(i);
      slots_[i] = s;
    }
  }

  std::vector<slot> slots_;
  std::vector<V> values_;
  std::vector<std::uint32_t> free_;
  std::size_t size_ = 0;
  unsigned shift_ = 64;
};

}  // namespace hotdog::sim
