// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

#include "sim/results_db.hpp"
#include "workloads/compress/compress.hpp"

namespace axsim::workloads {

/// How close a compressed layer's outputs are to the original's on the same input: the
/// original runs fp32 weights on fp32 activations, the compressed one its quantized weights on
/// its quantized activations. Layer by layer (each on its own input), not end to end.
struct LayerFidelity {
  std::string layer;
  std::uint64_t outputs = 0;  ///< outputs compared (a seeded sample of at most 4096 per layer;
                              ///< 0 when the input size is unknown)
  double sqnr_db = 0;         ///< 10 log10(sum y^2 / sum (y - y')^2)
  double cosine = 0;          ///< cosine similarity of the two output vectors
  double top1 = -1;           ///< fc/lstm layers: fraction of 16 seeded inputs whose argmax
                              ///< output agrees (-1: not computed)
};

std::vector<LayerFidelity> layer_fidelity(const Model& original, const Compressed& c,
                                          std::uint64_t seed);
std::vector<sim::FidelityRow> fidelity_rows(const std::vector<LayerFidelity>& f);
std::string format_fidelity_table(const std::vector<LayerFidelity>& f);

}  // namespace axsim::workloads
