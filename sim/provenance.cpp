// SPDX-License-Identifier: Apache-2.0
#include "sim/provenance.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace axsim::sim {

std::string utc_now_iso() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t seconds = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
  return out;
}

std::string fnv1a_hex(const std::string& text) {
  return fnv1a_hex(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::string fnv1a_hex(std::span<const std::uint8_t> bytes) {
  constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::uint64_t hash = kOffsetBasis;
  for (std::uint8_t byte : bytes) {
    hash ^= byte;
    hash *= kPrime;
  }
  constexpr const char* kDigits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kDigits[hash & 0xf];
  return out;
}

}  // namespace axsim::sim
