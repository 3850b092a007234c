// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <compare>
#include <cstdint>
#include <limits>
#include <string_view>

namespace axsim::sim {

/// Global simulated time in picoseconds: the one clock every domain converts to.
using Tick = std::uint64_t;
inline constexpr Tick kTickNever = std::numeric_limits<Tick>::max();
inline constexpr Tick kTicksPerSecond = 1'000'000'000'000ULL;

/// A count of cycles of some clock domain; only a ClockDomain turns it into ticks.
struct Cycles {
  std::uint64_t n = 0;
  constexpr auto operator<=>(const Cycles&) const = default;
  constexpr Cycles operator+(Cycles o) const { return {n + o.n}; }
  constexpr Cycles operator-(Cycles o) const { return {n - o.n}; }
  constexpr Cycles& operator+=(Cycles o) {
    n += o.n;
    return *this;
  }
};

/// The range of clock frequencies: 1 kHz to 1 THz, that is a period of 1 ps (the tick) to 1e9 ps.
/// Slower clocks would overflow the tick axis over a long run; faster ones round to 0 ticks.
inline constexpr double kMinFrequencyHz = 1e3;
inline constexpr double kMaxFrequencyHz = 1e12;
inline constexpr Tick kMaxPeriodPs = 1'000'000'000;

/// Parses "800MHz", "1 GHz", "200e6Hz" into a period in picoseconds. Throws std::invalid_argument
/// with a message saying what was expected; a frequency outside [kMinFrequencyHz,
/// kMaxFrequencyHz] (or NaN, infinite, zero, negative) is refused, and one whose period is not a
/// whole number of picoseconds is rejected rather than rounded, so clock ratios stay exact.
Tick parse_frequency_period_ps(std::string_view text);

}  // namespace axsim::sim
