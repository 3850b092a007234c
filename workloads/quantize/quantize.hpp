// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace axsim::workloads {

enum class QuantScheme {
  kNone,          ///< keep float values (codes are meaningless)
  kUniform,       ///< k-bit integer grid, symmetric or asymmetric, per tensor or per channel
  kKmeans,        ///< weight sharing (Deep Compression): 2^k-entry codebook, linear init
  kTernary,       ///< TTQ style {-Wn, 0, +Wp}, threshold t x max|w|, two scales
  kTwoBit,        ///< dLAC 2-bit weights {-a, 0, +a}: TWN threshold 0.7 mean|w|, one scale a
  kAdaptivFloat,  ///< AdaptivFloat (Tambe et al. 2020): n bits, e exponent bits, per-layer bias
  kLog,           ///< logarithmic: sign x 2^-k, k-bit codes
};
const char* to_string(QuantScheme s);
QuantScheme parse_quant_scheme(const std::string& s);  ///< throws std::invalid_argument

struct QuantSpec {
  QuantScheme scheme = QuantScheme::kNone;
  int bits = 8;
  bool symmetric = true;       ///< uniform
  bool per_channel = false;    ///< uniform: one scale per row
  /// uniform symmetric: the scale rounded up to a power of two (fixed point with a chosen
  /// number of fraction bits, the "dynamic precision" of ESE and Ristretto)
  bool power_of_two = false;
  int exp_bits = 3;            ///< AdaptivFloat exponent bits
  double ternary_threshold = 0.05;  ///< TTQ t: threshold = t x max|w| (Zhu et al., ICLR 2017 [S])
  int kmeans_iterations = 30;
};

/// The result for one rows x cols matrix. Pruned weights (mask 0) always quantize to exactly 0
/// with code 0. For codebook schemes (kmeans, ternary, two_bit, log, adaptivfloat) codebook[0]
/// is 0.0 and codes index the codebook; for uniform, codes are the signed integer levels q with
/// value = (q - zero_point[row]) x scale[row] (a single entry when per tensor).
struct Quantized {
  QuantSpec spec;
  std::vector<std::int32_t> codes;   ///< rows x cols
  std::vector<float> values;         ///< rows x cols, dequantized
  std::vector<float> codebook;       ///< codebook schemes only
  std::vector<float> scales;         ///< uniform only: 1 or rows entries
  std::vector<std::int32_t> zero_points;
  int code_bits = 0;                 ///< bits needed to store one code
};

/// Throws std::invalid_argument when the spec's bits or parameters are out of range for its
/// scheme (the message names the scheme and the allowed range).
void validate(const QuantSpec& spec);

Quantized quantize(const std::vector<float>& matrix, const std::vector<std::uint8_t>& mask,
                   std::int64_t rows, std::int64_t cols, const QuantSpec& spec);
/// The same, the values written over the matrix's own storage (Quantized::values takes it), so
/// a large layer is not held twice as floats, and the mask freed as soon as the scheme is done
/// with it. Identical results.
Quantized quantize(std::vector<float>&& matrix, std::vector<std::uint8_t>&& mask, std::int64_t rows,
                   std::int64_t cols, const QuantSpec& spec);

/// Fixed-point activation quantization: signed `bits`-bit integers with one power-of-two-free
/// scale chosen from max|x| (values = q x scale). bits = 1 gives binary {0, 1} x scale after ReLU
/// style thresholding at scale / 2.
struct QuantizedActivations {
  std::vector<std::int32_t> q;
  float scale = 1.0f;
  int bits = 8;
};
QuantizedActivations quantize_activations(const std::vector<float>& x, int bits);
/// Fixed point with a power-of-two scale 2^-f: the most fraction bits f that keep max|x| and
/// `at_least` (the largest magnitude the format must also hold) within `bits` signed bits.
QuantizedActivations power_of_two_activations(const std::vector<float>& x, int bits,
                                              double at_least);

}  // namespace axsim::workloads
