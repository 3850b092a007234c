// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string_view>

namespace axsim::sim {

/// The seed of one component's random stream: splitmix64 of the run seed combined with the
/// FNV-1a 64 hash of the component's path ("eie.pe3.noise"). It depends on nothing else, so a
/// stream is the same at any -j and whatever order the components were built in.
std::uint64_t stream_seed(std::uint64_t run_seed, std::string_view path);

/// A small, fast deterministic generator (xoshiro256**, its state filled by splitmix64). Every
/// draw uses only integer arithmetic and IEEE basic operations (+ - * / sqrt) in our own code, so
/// a seed gives bit-identical draws on every platform and standard library (the std
/// distributions, std::normal_distribution in particular, are implementation-defined).
class RandomStream {
 public:
  explicit RandomStream(std::uint64_t seed);
  /// The next 64 random bits.
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0], s_[3] ^= s_[1], s_[1] ^= s_[2], s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, n) without modulo bias; n = 0 gives 0.
  std::uint64_t below(std::uint64_t n);
  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }
  /// Standard normal N(0, 1) by Marsaglia's polar method (pairs: every other call is free).
  double normal();
  /// N(mean, stddev^2).
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

/// Natural logarithm of x > 0 from basic operations only (frexp and a series), correct to a
/// few ulp and identical on every platform; the polar method uses it instead of std::log.
double portable_log(double x);

}  // namespace axsim::sim
