// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "arch/aon_cim/aon_cim_spec.hpp"
#include "arch/aon_cim/pcm_model.hpp"
#include "arch/common/dense_layer.hpp"
#include "arch/layer_unit.hpp"
#include "sim/random.hpp"

namespace axsim::arch::aon_cim {

/// One block of a layer's weight matrix on one tile: rows [k0, k1) of the group's K terms and
/// output channels [m0, m1), each weight a pair of programmed devices (plus, minus).
struct Block {
  int group = 0, k0 = 0, k1 = 0, m0 = 0, m1 = 0;
  int tile = 0;
  std::vector<PcmDevice> plus, minus;  ///< [k - k0][m - m0]
  int rows() const { return k1 - k0; }
  int cols() const { return m1 - m0; }
};

/// What one read of a block converts (the counts the energy model prices).
struct ReadCounts {
  std::uint64_t driven_rows = 0;    ///< word lines with a non-zero input
  double cell_read_units = 0;       ///< sum over devices of g x v^2 x t_read (amplitude) or g x
                                    ///< pulse length (pulse width), in g_max x full voltage x ns
  std::uint64_t conversions = 0;    ///< column ADC conversions
  std::uint64_t clipped = 0;        ///< conversions at the ADC's end codes
};

/// A conv or fc layer programmed into the PCM tiles: each weight level a differential pair of
/// devices (pcm_model.hpp), the inputs applied by the word-line DACs in phases (positive inputs,
/// then negative ones; each in slices of `dac_bits`), each column's current converted by an ADC,
/// and the codes summed digitally across blocks, slices and signs into each output's
/// accumulator, scaled back to the integers of the layer's fixed-point rule. Every random draw
/// comes from the layer's own streams, in a fixed order.
class AnalogLayer : public LayerFunction {
 public:
  /// Programs the layer's devices (and takes its drift-compensation reading right after) from
  /// `program_seed`; reads draw from `read_seed`.
  AnalogLayer(const DenseLayer& layer, const AonCimSpec& spec, std::uint64_t program_seed,
              std::uint64_t read_seed);

  const DenseLayer& layer() const { return layer_; }
  /// Replaces the inputs (an inference on other data): q [C][in_h][in_w] in the layer's
  /// fixed-point format, clamped to what the DACs apply (input_limit(); negative values to 0
  /// when the layer's inputs are unsigned).
  void set_input(std::vector<std::int32_t> q, int in_h, int in_w);
  /// The largest input magnitude the DACs apply, and whether negative inputs have a phase.
  std::int32_t input_limit() const { return (std::int32_t{1} << magnitude_bits_) - 1; }
  bool signed_inputs() const { return signs_ == 2; }
  /// Every phase and block of pixel p into `acc` (one per output channel): the controller's
  /// reads without its timing (the draws in block order).
  void compute_pixel(int p, std::vector<double>& acc);
  const std::vector<Block>& blocks() const { return blocks_; }
  /// Input phases per pixel: signs x slices.
  int phases() const { return signs_ * slices_; }
  /// One read's integration time (AonCimSpec::integration_s of the layer's slice bits).
  double integration_s() const { return spec_.integration_s(slice_bits_); }
  /// Reads block `b` for output pixel `p` in `phase` and adds its converted columns into
  /// `acc` (one per output channel of the layer).
  ReadCounts read_block(std::size_t b, int p, int phase, std::vector<double>& acc);
  /// An accumulator scaled back to the layer's integers (drift compensation), unrounded.
  double output_value(double acc) const { return acc * compensation_; }
  /// The pixel's outputs from its accumulators: drift compensation, rounding, ReLU.
  void finish_pixel(int p, const std::vector<double>& acc, std::vector<std::int32_t>& out) const;
  /// LayerFunction: x quantized by the trace's input scale, every pixel computed
  /// (compute_pixel), scaled back by the weight and input scales.
  std::vector<float> compute(const std::vector<float>& x, int in_h, int in_w) override;
  double compensation() const { return compensation_; }
  double adc_lsb() const { return adc_lsb_; }

 private:
  void map_blocks();
  void program(sim::RandomStream& rng);
  /// The summed |outputs| of the drift-compensation input, its devices read right after
  /// programming or at the inference time.
  double readout(bool at_programming, sim::RandomStream& rng) const;
  /// What a phase's converted current counts in the accumulator: its sign, its slice's place.
  double phase_weight(int phase) const;
  /// The largest |column current| of the trace's inputs on the target conductances.
  double largest_ideal_current() const;
  /// The input voltage (full scale 1) of term k of pixel p in a phase.
  double input_voltage(int g, int k, int p, int phase) const;

  DenseLayer layer_;
  const AonCimSpec& spec_;
  std::vector<Block> blocks_;
  std::vector<double> column_full_scale_;  ///< per output channel: the level mapped to g_max
  int signs_ = 1, slices_ = 1, slice_bits_ = 1, magnitude_bits_ = 1;
  double slice_full_scale_ = 1;
  double adc_lsb_ = 1;
  double compensation_ = 1;
  sim::RandomStream read_rng_;
  std::vector<double> currents_;  ///< scratch: one block's column currents
};

}  // namespace axsim::arch::aon_cim
