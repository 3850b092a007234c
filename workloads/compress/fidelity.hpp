// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

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
  double top1 = -1;           ///< fc/lstm layers: fraction of 16 seeded synthetic inputs (with
                              ///< reference activations: of fidelity_inputs() real inputs from
                              ///< whole-model runs) whose argmax output agrees (-1: not computed)
};

std::vector<LayerFidelity> layer_fidelity(const Model& original, const Compressed& c,
                                          std::uint64_t seed);

/// layer_fidelity() of one layer in two steps, for the layer-by-layer front-end
/// (LayerCallbacks): the original outputs from the original weights before they are dropped,
/// then the compressed ones. The same figures as layer_fidelity() for synthetic activations
/// (reference activations need whole-model runs: layer_fidelity()). Keeps a copy of the
/// original weights only for a layer that gets a top-1 figure (at most 20 M weights).
class LayerFidelityProbe {
 public:
  LayerFidelityProbe(const ModelLayer& layer, const std::vector<float>& matrix,
                     const std::vector<float>& input, std::uint64_t seed);
  LayerFidelity finish(const CompressedLayer& c) const;
  /// The same with the whole-model runs that give a reference-input layer its top-1 figure.
  LayerFidelity finish(const CompressedLayer& c, const std::vector<ModelRunner::Result>& runs,
                       std::size_t index) const;

 private:
  ModelLayer layer_;  ///< geometry
  std::uint64_t seed_ = 0;
  bool unknown_ = false;  ///< input size unknown: nothing to compare
  std::vector<std::int64_t> rows_, pixels_;
  std::vector<double> original_;  ///< the sampled outputs of the original layer
  std::vector<float> matrix_;     ///< original weights, for top-1 only
};

/// End-to-end fidelity of a model that can run (runner_for(): built-in conv / fc models, ONNX
/// models): the original and the compressed model both run the whole network on the same
/// seeded inputs. The compressed one uses its quantized weights and quantizes every layer's
/// input with that layer's activation bits (dequantized before the layer), so errors compound
/// across layers. The final outputs are compared, pooled over all inputs.
struct ModelFidelity {
  int inputs = 0;             ///< seeded inputs run (seeded_input(original, seed + i))
  std::uint64_t outputs = 0;  ///< final outputs compared: inputs x output size
  double sqnr_db = 0;         ///< as LayerFidelity, on the final outputs
  double cosine = 0;
  double top1 = 0;            ///< fraction of inputs whose argmax output agrees (-1: the output
                              ///< has one element, no class vector)
};

/// Whole-model runs a fidelity check makes: about 2 GMAC of forward passes, 1 to 16.
int fidelity_inputs(const Model& model);

/// Throws std::invalid_argument if the model has no runner or inputs < 1, sim::ConfigError if
/// its runner cannot run (ModelRunner::unavailable()).
ModelFidelity model_fidelity(const Model& original, const Compressed& c, std::uint64_t seed,
                             int inputs);

std::string format_fidelity_table(const std::vector<LayerFidelity>& f);
/// The same with a last line for the end-to-end figures.
std::string format_fidelity_table(const std::vector<LayerFidelity>& f, const ModelFidelity& model);

}  // namespace axsim::workloads
