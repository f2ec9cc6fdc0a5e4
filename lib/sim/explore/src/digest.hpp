#pragma once
// A 128-bit digest of text, built a piece at a time: what tells explore's classes apart
// without keeping every log line, and what a shard records of the scenario it ran. Not a
// cryptographic hash: it tells honest inputs apart, it does not stop a forged one.

#include "hotdog/random.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace hotdog::sim::detail {

class digest {
 public:
  /// Adds `s`, its length first, so that ("ab", "c") and ("a", "bc") differ.
  void add(std::string_view s) noexcept {
    add_word(s.size());
    std::uint64_t word = 0;
    std::size_t n = 0;
    for (const char c : s) {
      word |= std::uint64_t{static_cast<unsigned char>(c)} << (8 * n);
      if (++n == 8) {
        add_word(word);
        word = 0;
        n = 0;
      }
    }
    if (n > 0) add_word(word);
  }
  /// Adds a number.
  void add_word(std::uint64_t w) noexcept {
    // Two lanes mixed differently: a collision needs both to collide at once.
    a_ = mix64(a_ ^ w) + 0x9e3779b97f4a7c15ULL;
    b_ = mix64(b_ + w * 0xff51afd7ed558ccdULL) ^ (a_ >> 7);
  }
  /// 32 lowercase hex digits.
  std::string hex() const {
    char out[33];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(mix64(a_)),
                  static_cast<unsigned long long>(mix64(b_ ^ 0x2545f4914f6cdd1dULL)));
    return out;
  }

 private:
  std::uint64_t a_ = 0x6a09e667f3bcc908ULL, b_ = 0xbb67ae8584caa73bULL;
};

}  // namespace hotdog::sim::detail
