// SPDX-License-Identifier: Apache-2.0
// IEEE 754 binary16 and binary32 as a datapath's number formats: rounding a real value to the
// format (round to nearest, ties to even; overflow to infinity; subnormals kept), and the
// format's bit patterns. One operation of two format values is computed exactly in double (a
// product of two binary32 values has at most 48 significant bits, a sum of two binary16 values
// at most 40) and then rounded once, so each operation is correctly rounded.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace axsim::workloads {

enum class FloatFormat { kFp16, kFp32 };
const char* to_string(FloatFormat f);
FloatFormat parse_float_format(const std::string& s);  ///< "fp16" or "fp32"; std::invalid_argument

/// `v` rounded to binary16 (as a double holding that value exactly).
inline double round_fp16(double v) {
  if (std::isnan(v) || std::isinf(v) || v == 0) return v;
  const double a = std::fabs(v);
  if (a >= 65520.0) return std::copysign(INFINITY, v);  // at or beyond max + half an ulp
  int e = 0;
  std::frexp(a, &e);                        // a = m x 2^e, m in [0.5, 1)
  const int q = std::max(e - 11, -24);      // the ulp's exponent: 11 significant bits, 2^-24 floor
  const double r = std::nearbyint(std::ldexp(a, -q));  // default mode: ties to even
  return std::copysign(std::ldexp(r, q), v);
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
