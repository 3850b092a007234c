// SPDX-License-Identifier: Apache-2.0
// IEEE 754 binary16 and binary32 as a datapath's number formats: rounding a real value to the
// format (round to nearest, ties to even; overflow to infinity; subnormals kept), and the
// format's bit patterns. One operation of two format values is computed exactly in double (a
// product of two binary32 values has at most 48 significant bits, a sum of two binary16 values
// at most 40) and then rounded once, so each operation is correctly rounded.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace axsim::workloads {

enum class FloatFormat { kFp16, kFp32 };
const char* to_string(FloatFormat f);
FloatFormat parse_float_format(const std::string& s);  ///< "fp16" or "fp32"; std::invalid_argument

/// `v` rounded to binary16 (as a double holding that value exactly): the double's significand
/// cut to the 11 bits binary16 keeps (fewer for its subnormals), round to nearest, ties to even.
inline double round_fp16(double v) {
  std::uint64_t b = 0;
  std::memcpy(&b, &v, sizeof b);
  const std::uint64_t sign = b & (std::uint64_t{1} << 63);
  const int exp = int((b >> 52) & 0x7ff);
  if (exp == 0x7ff || (b << 1) == 0) return v;  // NaN, infinity, zero
  if (exp < 1023 - 25) return sign ? -0.0 : 0.0;  // below half the smallest subnormal
  if (exp > 1023 + 15) return sign ? -INFINITY : INFINITY;
  const int e = exp - 1023;                  // v = 1.m x 2^e
  const int keep = e >= -14 ? 10 : 10 - (-14 - e);  // fraction bits binary16 keeps at e
  const int drop = 52 - keep;                // 42 .. 53
  std::uint64_t m = (b & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
  const std::uint64_t half = std::uint64_t{1} << (drop - 1), rest = m & ((std::uint64_t{1} << drop) - 1);
  m >>= drop;
  if (rest > half || (rest == half && (m & 1))) ++m;
  const double r = std::ldexp(double(m), e - keep);
  if (r > 65504.0) return sign ? -INFINITY : INFINITY;
  return sign ? -r : r;
}

/// `v` rounded to binary32.
inline double round_fp32(double v) { return double(static_cast<float>(v)); }

inline double round_to(FloatFormat f, double v) {
  return f == FloatFormat::kFp16 ? round_fp16(v) : round_fp32(v);
}

/// The binary16 bit pattern of a value already in the format (round_fp16's result).
std::uint16_t fp16_bits(double v);
double fp16_value(std::uint16_t bits);

/// The bit pattern of a format value, in the low 16 or 32 bits (a unit's outputs in int32).
inline std::int32_t float_bits(FloatFormat f, double v) {
  if (f == FloatFormat::kFp16) return std::int32_t(fp16_bits(v));
  const float x = static_cast<float>(v);
  std::int32_t b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
inline double float_value(FloatFormat f, std::int32_t bits) {
  if (f == FloatFormat::kFp16) return fp16_value(std::uint16_t(bits & 0xffff));
  float x = 0;
  std::memcpy(&x, &bits, sizeof x);
  return double(x);
}

/// Correctly rounded operations on format values.
inline double fadd(FloatFormat f, double a, double b) { return round_to(f, a + b); }
inline double fmul(FloatFormat f, double a, double b) { return round_to(f, a * b); }

}  // namespace axsim::workloads
