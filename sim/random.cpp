// SPDX-License-Identifier: Apache-2.0
#include "sim/random.hpp"

#include <cmath>

namespace axsim::sim {

namespace {

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;
constexpr double kLn2 = 0.6931471805599453094;
constexpr double kSqrtHalf = 0.7071067811865475244;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::uint64_t stream_seed(std::uint64_t run_seed, std::string_view path) {
  std::uint64_t h = kFnvOffset;
  for (const char c : path) h = (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
  std::uint64_t state = run_seed;
  return splitmix64(state) ^ h;
}

RandomStream::RandomStream(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (std::uint64_t& s : s_) s = splitmix64(state);  // never all zero: splitmix64 is a bijection
}

std::uint64_t RandomStream::below(std::uint64_t n) {
  if (n == 0) return 0;
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);  // a multiple of n
  std::uint64_t x = next();
  while (x >= limit) x = next();
  return x % n;
}

double RandomStream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u = 0, v = 0, s = 0;
  do {
    u = 2 * uniform() - 1;
    v = 2 * uniform() - 1;
    s = u * u + v * v;
  } while (s >= 1 || s == 0);
  const double f = std::sqrt(-2 * portable_log(s) / s);  // sqrt is exact in IEEE 754
  spare_ = v * f;
  has_spare_ = true;
  return u * f;
}

double portable_log(double x) {
  if (!(x > 0)) return x == 0 ? -HUGE_VAL : NAN;
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);    // x = m 2^e, m in [0.5, 1): exact
  if (m < kSqrtHalf) m *= 2, --e;  // m in [sqrt(1/2), sqrt(2))
  // log(m) = 2 atanh(t), t = (m - 1) / (m + 1), |t| < 0.172: the odd series to t^27.
  const double t = (m - 1) / (m + 1), t2 = t * t;
  double sum = 0;
  for (int k = 27; k >= 3; k -= 2) sum = (sum + 1.0 / k) * t2;
  return 2 * t * (1 + sum) + e * kLn2;
}

}  // namespace axsim::sim
