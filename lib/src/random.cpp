#include "hotdog/random.hpp"

#include <cmath>

namespace hotdog {
namespace {

// splitmix64: a Weyl sequence, each step mixed.
std::uint64_t splitmix64(std::uint64_t& x) noexcept { return mix64(x += 0x9e3779b97f4a7c15ULL); }

// 64x64->128 multiplication; both g++ and clang++ have the extension.
__extension__ using u128 = unsigned __int128;

constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

}  // namespace

prng::prng(std::uint64_t seed) noexcept {
  for (auto& word : s_) word = splitmix64(seed);
}

std::uint64_t prng::next() noexcept {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t random_source::below_rejecting(std::uint64_t n, std::uint64_t low,
                                             std::uint64_t high) {
  // Lemire, "Fast Random Integer Generation in an Interval" (2019): no modulo bias. below()
  // got here with the first draw's low word under n.
  const std::uint64_t threshold = (0 - n) % n;
  while (low < threshold) {
    const u128 m = static_cast<u128>(next()) * n;
    low = static_cast<std::uint64_t>(m);
    high = static_cast<std::uint64_t>(m >> 64);
  }
  return high;
}

std::int64_t random_source::between(std::int64_t lo, std::int64_t hi) {
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  if (span == 0) return static_cast<std::int64_t>(next());  // the whole 64-bit range
  return lo + static_cast<std::int64_t>(below(span));
}

double random_source::uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double random_source::exponential(double mean) {
  // log1p is correctly rounded in glibc for this range, which both g++ and clang++ use.
  return -mean * std::log1p(-uniform01());
}

}  // namespace hotdog
