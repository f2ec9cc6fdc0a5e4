#pragma once
// hotdog::detail::name_table — numbers the channel names one deadlock look meets, 0, 1, 2...
// in the order they are first met, so that what the look keeps per channel lives in plain
// vectors indexed by that number.
//
// The deterministic runtime looks for a deadlock among some processes every time a process
// begins a wait no timer can end: in an M/M/1 queue, twice per customer. A std::map per look
// made about 35 allocations and 90 string comparisons of each look, most of its cost. This
// table is open addressing with linear probing over storage kept from one look to the next,
// so a warm look allocates nothing. Only lookups are made, never an iteration in slot order:
// where a name lands (its hash) cannot change what a look finds.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace hotdog::detail {

class name_table {
 public:
  static constexpr std::size_t none = static_cast<std::size_t>(-1);

  /// Forgets every name, keeping the storage (trimmed when a look had very many).
  void clear() {
    if (names_.capacity() > keep_at_most) {
      slots_ = {};
      used_ = {};
      names_ = {};
      return;
    }
    for (const std::size_t s : used_) slots_[s] = none;
    used_.clear();
    names_.clear();
  }

  /// The name's number, added as the next one when it is new.
  std::size_t id(std::string_view name) {
    if ((names_.size() + 1) * 2 > slots_.size()) grow();
    std::size_t s = slot_of(name);
    if (slots_[s] == none) {
      // The slot is taken last: if a push throws, the table is as it was.
      used_.push_back(s);
      names_.push_back(name);
      slots_[s] = names_.size() - 1;
    }
    return slots_[s];
  }

  /// The name's number, or none when it was never added.
  std::size_t find(std::string_view name) const {
    if (slots_.empty()) return none;
    return slots_[slot_of(name)];
  }

  /// Equal names; most names a look compares are views of one channel's own name, so the
  /// same characters settle it without comparing them.
  static bool same_name(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && (a.data() == b.data() || a == b);
  }

  /// How many names have a number.
  std::size_t size() const noexcept { return names_.size(); }

 private:
  // A look that met more names than this gives its storage back rather than keep it.
  static constexpr std::size_t keep_at_most = 1 << 16;

  // Eight bytes at a time, each mixed in by a multiply: a crowd's names ("rush-1234.reply")
  // cost three rounds where a byte at a time (FNV-1a, as before) cost one per character, and
  // a look hashes a name per wait and per use it meets. Every load has a fixed size (a
  // variable-length copy is a call, and its bytes cannot be forwarded to the next load): a
  // tail is the name's last eight bytes, overlapping, and a name shorter than eight is read
  // as two overlapping halves. (The byte order of the machine changes the numbers; nothing
  // depends on them but where a name is looked up.)
  static std::uint64_t hash(std::string_view name) noexcept {
    const char* p = name.data();
    const std::size_t n = name.size();
    std::uint64_t h = n * 0x9E3779B97F4A7C15ull;
    const auto mix = [&h](std::uint64_t w) {
      h = (h ^ w) * 0xFF51AFD7ED558CCDull;
      h ^= h >> 32;
    };
    if (n >= 8) {
      std::size_t i = 0;
      for (; i + 8 <= n; i += 8) mix(load<std::uint64_t>(p + i));
      if (i < n) mix(load<std::uint64_t>(p + n - 8));
    } else if (n >= 4) {
      mix(load<std::uint32_t>(p) | std::uint64_t{load<std::uint32_t>(p + n - 4)} << 32);
    } else if (n > 0) {
      mix(std::uint64_t{static_cast<unsigned char>(p[0])} |
          std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
          std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
    }
    return h ^ (h >> 29);
  }
  template <class Word>
  static Word load(const char* p) noexcept {
    Word w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }

  // The slot that holds the name, or the empty one where it would go.
  std::size_t slot_of(std::string_view name) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t s = static_cast<std::size_t>(hash(name)) & mask;
    while (slots_[s] != none && !same_name(names_[slots_[s]], name)) s = (s + 1) & mask;
    return s;
  }

  // Everything is allocated before anything changes: if an allocation throws, the table is
  // as it was.
  void grow() {
    std::vector<std::size_t> bigger(slots_.empty() ? 16 : slots_.size() * 2, none);
    std::vector<std::size_t> used;
    used.reserve(bigger.size() / 2);
    slots_.swap(bigger);
    used_.swap(used);
    for (std::size_t i = 0; i < names_.size(); ++i) {
      const std::size_t s = slot_of(names_[i]);
      slots_[s] = i;
      used_.push_back(s);  // within the capacity reserved: does not throw
    }
  }

  std::vector<std::size_t> slots_;  // a power of two of them, at most half used
  std::vector<std::size_t> used_;   // which slots hold a number: what clear() empties
  std::vector<std::string_view> names_;
};

}  // namespace hotdog::detail
