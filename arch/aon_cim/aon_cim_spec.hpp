// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "arch/aon_cim/pcm_model.hpp"
#include "arch/common/sram_port.hpp"

namespace axsim::arch::aon_cim {

/// How the ADC's full scale is set. kFixed: one full-scale current for every layer and column
/// (AON-CiM's fixed ADC gain [S]). kPerLayer: a programmable gain set once per layer from its
/// weights (a fraction of its largest possible column current). kCalibrated: set once per layer
/// from the trace's inputs (the calibration data the front-end ran): the largest ideal column
/// current they give, times a headroom.
enum class AdcGain { kFixed, kPerLayer, kCalibrated };
/// What global drift compensation reads: an all-ones input (the usual choice), or the trace's
/// inputs (the front-end's calibration data, its first `compensation_pixels` pixels).
enum class CompensationInput { kOnes, kCalibration };
/// How weights map to conductances: the largest magnitude of the layer (or of each output
/// channel) to g_max.
enum class WeightScaling { kLayer, kColumn };
/// How a word-line driver applies an input code: as a voltage proportional to the code for the
/// whole integration time (t_read), or at the full read voltage for a pulse of code x
/// pwm_lsb (pulse-width modulation, as IBM's 14 nm PCM cores drive their word lines); the
/// integration window is then the longest pulse.
enum class InputEncoding { kAmplitude, kPulseWidth };

/// AON-CiM's parameters (AnalogNets, arXiv 2111.06503): a layer-serial PCM compute-in-memory
/// accelerator at 14 nm [S]. Its array size, converter resolutions and types, SRAM size, clock
/// and energies were not published: every value here is an assumption stated in
/// configs/aon_cim.json and measured on docs/units/aon_cim.md.
struct AonCimSpec {
  std::string clock;
  // Crossbar tiles.
  int rows = 256;        ///< word lines (inputs) per tile
  int cols = 256;        ///< bit-line pairs (outputs) per tile
  int tiles = 16;        ///< tiles of the array; a layer's blocks are spread over them
  PcmParams pcm;         ///< device model; pcm.t_read_s is also the integration time of a read
  double t_inference_s = 3600;  ///< time since programming
  bool drift_compensation = true;
  CompensationInput compensation_input = CompensationInput::kCalibration;
  int compensation_pixels = 16;
  WeightScaling weight_scaling = WeightScaling::kLayer;
  double v_read = 0.2;   ///< read voltage at full input (V), for the array's energy
  // Converters.
  int dac_bits = 8;      ///< input bits applied per read (magnitude); more input bits: slices
  InputEncoding input_encoding = InputEncoding::kAmplitude;
  double pwm_lsb_s = 1e-9;  ///< pulse-width encoding: the pulse of one input LSB
  int dac_cycles = 1;    ///< cycles to settle the word-line drivers
  int adc_bits = 8;      ///< signed output codes: +-(2^(bits-1) - 1)
  int adcs_per_tile = 32;  ///< column ADCs, each converting cols / adcs columns in turn
  int adc_cycles_per_bit = 1;  ///< SAR: one comparison per bit, plus one cycle to sample
  AdcGain adc_gain = AdcGain::kCalibrated;
  double adc_full_scale = 8;  ///< fixed gain: full-scale current in g_max x full-input units
  double adc_range_fraction = 0.25;  ///< per-layer gain: the fraction of the largest column current
  double adc_headroom = 1.25;        ///< calibrated gain: full scale over the largest current seen
  double adc_noise_lsb = 0.5;  ///< the ADC's own input-referred noise, sigma in LSBs
  double adc_fom_fj = 2.0;     ///< Walden figure of merit (fJ per conversion step)
  double adc_area_um2 = 300;   ///< one column ADC
  double dac_energy_fj = 5;    ///< one word-line driver conversion
  double dac_area_um2 = 10;    ///< one word-line driver (DAC)
  double cell_area_um2 = 0.01;  ///< one PCM device with its access transistor
  // Digital periphery and memory.
  int digital_lanes = 16;  ///< outputs the periphery finishes per cycle (scale, ReLU, requantize)
  int accumulator_bits = 32;
  int output_bits = 8;     ///< re-quantized activations written back to the SRAM
  std::uint64_t activation_sram_bytes = 65536;
  std::uint32_t sram_width_bits = 64;
  // Verification.
  double check_tolerance = 0.5;  ///< --check: largest relative RMS error against the ideal output

  std::uint64_t adc_conversion_cycles() const {
    return std::uint64_t(adc_bits) * std::uint64_t(adc_cycles_per_bit) + 1;
  }
  /// A read's integration time for inputs of `slice_bits` magnitude bits.
  double integration_s(int slice_bits) const {
    return input_encoding == InputEncoding::kAmplitude ? pcm.t_read_s
                                                       : double((1 << slice_bits) - 1) * pwm_lsb_s;
  }
  int columns_per_adc() const { return (cols + adcs_per_tile - 1) / adcs_per_tile; }
  SramSpec activation_sram() const { return {activation_sram_bytes, sram_width_bits, 8, 1}; }
};

}  // namespace axsim::arch::aon_cim
