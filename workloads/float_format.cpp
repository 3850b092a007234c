// SPDX-License-Identifier: Apache-2.0
#include "workloads/float_format.hpp"

#include <stdexcept>

namespace axsim::workloads {

const char* to_string(FloatFormat f) { return f == FloatFormat::kFp16 ? "fp16" : "fp32"; }

FloatFormat parse_float_format(const std::string& s) {
  if (s == "fp16") return FloatFormat::kFp16;
  if (s == "fp32") return FloatFormat::kFp32;
  throw std::invalid_argument("\"" + s + "\" is not a float format (fp16, fp32)");
}

std::uint16_t fp16_bits(double v) {
  const std::uint16_t sign = std::signbit(v) ? 0x8000 : 0;
  const double a = std::fabs(v);
  if (std::isnan(a)) return 0x7e00;
  if (std::isinf(a)) return sign | 0x7c00;
  if (a == 0) return sign;
  int e = 0;
  const double m = std::frexp(a, &e);  // a = m x 2^e, m in [0.5, 1)
  if (e <= -14)                        // subnormal: a = k x 2^-24
    return sign | std::uint16_t(std::ldexp(a, 24));
  const auto frac = std::uint16_t(std::ldexp(m, 11)) & 0x3ff;  // drop the leading 1
  return sign | std::uint16_t((e + 14) << 10) | frac;
}

double fp16_value(std::uint16_t bits) {
  const double sign = (bits & 0x8000) ? -1.0 : 1.0;
  const int exp = (bits >> 10) & 0x1f;
  const int frac = bits & 0x3ff;
  if (exp == 0x1f) return frac ? NAN : sign * INFINITY;
  if (exp == 0) return sign * std::ldexp(double(frac), -24);
  return sign * std::ldexp(double(frac | 0x400), exp - 25);
}

}  // namespace axsim::workloads
