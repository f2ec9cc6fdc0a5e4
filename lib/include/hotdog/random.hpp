#pragma once
/// @file random.hpp
/// The project's own PRNG and distributions.
///
/// Traces must be byte-identical across compilers and standard libraries, and
/// `std::*_distribution` differ between libstdc++ and libc++, so every random draw that can
/// reach a trace goes through these functions.

#include <cstdint>
#include <mutex>

namespace hotdog {

/// splitmix64's finaliser: a bijection that spreads every bit of z over all 64 bits of the
/// result (seeds from seed numbers, hashes from hashes). The same everywhere, forever: seeds
/// and schedules that reach a trace depend on it.
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A source of uniformly distributed 64-bit words; alts draws its random choice from one.
class random_source {
 public:
  virtual ~random_source() = default;
  /// Returns the next 64 random bits.
  virtual std::uint64_t next() = 0;

  /// Returns a uniform integer in [0, n); n must be > 0 (Lemire's unbiased method).
  /// Inline: an alts draws its order with it, a few times per alts.
  std::uint64_t below(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;  // g++ and clang++ both have it
    const u128 m = static_cast<u128>(next()) * n;
    // Only a low word below n may fall in the biased zone: then the exact test, out of line.
    if (static_cast<std::uint64_t>(m) < n) [[unlikely]]
      return below_rejecting(n, static_cast<std::uint64_t>(m), static_cast<std::uint64_t>(m >> 64));
    return static_cast<std::uint64_t>(m >> 64);
  }
  /// Returns a uniform integer in [lo, hi] (inclusive).
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  /// Returns a uniform double in [0, 1) with 53 random bits.
  double uniform01();
  /// Returns an exponentially distributed double with the given mean (inverse transform).
  double exponential(double mean);

 private:
  std::uint64_t below_rejecting(std::uint64_t n, std::uint64_t low, std::uint64_t high);
};

/// xoshiro256** seeded through splitmix64: small, fast and identical everywhere.
class prng final : public random_source {
 public:
  explicit prng(std::uint64_t seed = 1) noexcept;
  std::uint64_t next() noexcept override;

 private:
  std::uint64_t s_[4];
};

/// A prng that may be shared between threads (the real-time runtime's).
class locked_prng final : public random_source {
 public:
  explicit locked_prng(std::uint64_t seed = 1) noexcept : inner_(seed) {}
  std::uint64_t next() override {
    std::lock_guard lock(mutex_);
    return inner_.next();
  }

 private:
  std::mutex mutex_;
  prng inner_;
};

}  // namespace hotdog
