// SPDX-License-Identifier: Apache-2.0
#include "arch/aon_cim/aon_cim_params.hpp"

namespace axsim::arch::aon_cim {

namespace {

using P = ParamDecl;

ParamTable array_params(const AonCimSpec& d) {
  return {
      P::integer("rows", d.rows, 1, 4096, "word lines", "inputs per crossbar tile (not published: assumed)"),
      P::integer("cols", d.cols, 1, 4096, "columns",
                 "outputs per tile, each a pair of bit lines (plus and minus devices; assumed)"),
      P::integer("tiles", d.tiles, 1, 4096, "tiles",
                 "crossbar tiles; every layer stays programmed, its blocks spread over them"),
      P::number("g_max_us", d.pcm.g_max_us, 0.1, 1000, "uS",
                "largest programmable conductance (PCM model default 25 uS)"),
      P::number("t_read_ns", d.pcm.t_read_s * 1e9, 1, 1e6, "ns",
                "integration time of one read; also the 1/f read noise's lower time bound (250 ns "
                "in the fitted model)"),
      P::number("t_inference_s", d.t_inference_s, 0, 1e9, "s", "time since programming"),
      P::boolean("programming_noise", d.pcm.programming_noise, "draw each device's programming error"),
      P::boolean("drift", d.pcm.drift, "let conductances drift with per-device exponents"),
      P::boolean("read_noise", d.pcm.read_noise, "draw 1/f read noise at every read of a device"),
      P::boolean("drift_compensation", d.drift_compensation,
                 "global drift compensation: scale each layer's outputs by the ratio of its "
                 "all-ones reading right after programming to the one at inference time"),
      P::choice("compensation_input", "calibration",
                {{"ones", "an all-ones input on every word line (biased where a column's weights cancel: "
                          "measured on docs/units/aon_cim.md)"},
                 {"calibration", "the trace's inputs (the front-end's calibration data), its first "
                                 "compensation_pixels pixels"}},
                "what global drift compensation reads"),
      P::integer("compensation_pixels", d.compensation_pixels, 1, 1 << 20, "pixels",
                 "calibration compensation input: the pixels read"),
      P::choice("weight_scaling", "layer",
                {{"layer", "the layer's largest weight magnitude maps to g_max"},
                 {"column", "each output channel's largest magnitude maps to g_max"}},
                "how weights map to conductances"),
      P::number("v_read", d.v_read, 0.01, 5, "V", "read voltage at full input (array energy)"),
      P::number("cell_area_um2", d.cell_area_um2, 1e-4, 100, "um2",
                "one PCM device with its access transistor (assumed)"),
  };
}

ParamTable converter_params(const AonCimSpec& d) {
  return {
      P::integer("dac_bits", d.dac_bits, 1, 16, "bits",
                 "input magnitude bits a word-line DAC applies per read; wider inputs take "
                 "several slices (1: bit-serial binary inputs)"),
      P::choice("input_encoding", "amplitude",
                {{"amplitude", "a word-line voltage proportional to the input for t_read_ns"},
                 {"pulse_width", "the full read voltage for a pulse of input x pwm_lsb_ns; the "
                                 "integration window is the longest pulse (2^dac_bits - 1 LSBs, "
                                 "or the layer's input bits if fewer)"}},
                "how a word-line DAC applies an input"),
      P::number("pwm_lsb_ns", d.pwm_lsb_s * 1e9, 0.01, 1e6, "ns",
                "pulse-width encoding: the pulse of one input LSB (assumed)"),
      P::integer("dac_cycles", d.dac_cycles, 1, 1024, "cycles", "word-line drivers settling"),
      P::number("dac_energy_fj", d.dac_energy_fj, 0, 1e6, "fJ", "one word-line DAC conversion (assumed)"),
      P::number("dac_area_um2", d.dac_area_um2, 0, 1e6, "um2", "one word-line DAC (assumed)"),
      P::integer("adc_bits", d.adc_bits, 2, 16, "bits", "column ADC resolution (signed codes)"),
      P::integer("adcs_per_tile", d.adcs_per_tile, 1, 4096, "ADCs",
                 "column ADCs per tile, each converting its share of the columns in turn"),
      P::integer("adc_cycles_per_bit", d.adc_cycles_per_bit, 1, 64, "cycles",
                 "a SAR conversion: this many cycles per bit, plus one to sample"),
      P::choice("adc_gain", "calibrated",
                {{"fixed", "one full scale (adc_full_scale) for every layer: AON-CiM's fixed gain"},
                 {"per_layer", "full scale set once per layer from its weights: "
                               "adc_range_fraction of its largest possible column current"},
                 {"calibrated", "full scale set once per layer from the trace's inputs (the "
                                "front-end's calibration data): adc_headroom x the largest ideal "
                                "column current they give"}},
                "how the ADCs' full scale is set"),
      P::number("adc_headroom", d.adc_headroom, 1, 100, "",
                "calibrated gain: the full scale over the largest current of the calibration inputs"),
      P::number("adc_full_scale", d.adc_full_scale, 1e-3, 1e6, "g_max x full input",
                "fixed gain: the column current at the ADC's end code"),
      P::number("adc_range_fraction", d.adc_range_fraction, 1e-4, 1, "",
                "per-layer gain: the fraction of the layer's largest column current (all inputs "
                "at full scale) at the end code"),
      P::number("adc_noise_lsb", d.adc_noise_lsb, 0, 100, "LSB", "the ADC's own noise (sigma)"),
      P::number("adc_fom_fj", d.adc_fom_fj, 0, 1e6, "fJ/step",
                "Walden figure of merit: a conversion costs FOM x 2^adc_bits"),
      P::number("adc_area_um2", d.adc_area_um2, 0, 1e7, "um2", "one column ADC at 8 bits (x 2^(bits-8))"),
  };
}

ParamTable digital_params(const AonCimSpec& d) {
  return {
      P::integer("digital_lanes", d.digital_lanes, 1, 4096, "outputs",
                 "outputs the periphery scales, rectifies and re-quantizes per cycle"),
      P::integer("accumulator_bits", d.accumulator_bits, 8, 64, "bits", "partial-sum accumulators"),
      P::integer("output_bits", d.output_bits, 1, 32, "bits", "re-quantized outputs written back"),
      P::integer("activation_sram_bytes", d.activation_sram_bytes, 64, 1LL << 30, "bytes",
                 "SRAM holding a layer's inputs and outputs"),
      P::integer("sram_width_bits", d.sram_width_bits, 8, 4096, "bits", "SRAM word"),
      P::number("check_tolerance", d.check_tolerance, 0, 100, "",
                "--check: the largest relative RMS error of a layer's outputs against the "
                "ideal (noise-free, unconverted) quantized computation; the default catches gross "
                "errors only: the device model alone gives 0.1-0.3 on uniform 8-bit layers"),
  };
}

ParamTable aon_cim_params() {
  const AonCimSpec d;
  ParamTable t = array_params(d);
  for (ParamTable part : {converter_params(d), digital_params(d)})
    t.insert(t.end(), part.begin(), part.end());
  return t;
}

std::vector<StatDecl> aon_cim_stats() {
  return {
      {"aon_cim.controller", "block_reads", "reads", "reads of one block of a tile (one input phase)"},
      {"aon_cim.controller", "conversions", "conversions", "column ADC conversions"},
      {"aon_cim.controller", "clipped_conversions", "conversions",
       "conversions at the ADC's end codes (the column current out of range)"},
      {"aon_cim.controller", "driven_rows", "word lines", "word lines driven with a non-zero input"},
      {"aon_cim.controller", "phases", "phases", "input phases applied (sign x DAC slice, per pixel)"},
      {"aon_cim.periphery", "outputs", "values", "outputs scaled, rectified and re-quantized"},
  };
}

std::vector<ActionDecl> aon_cim_actions() {
  return {
      {"aon_cim.array", "cell_read_millunit", "v_read^2 x g_max x 1 ns / 1000",
       "a thousandth of a device at g_max under the full read voltage for 1 ns (counts sum "
       "g x v^2 x t_read over reads, or g x pulse length with pulse-width inputs)"},
      {"aon_cim.dacs", "conversion", "`dac_energy_fj`", "a word line driven for one read"},
      {"aon_cim.adcs", "conversion", "`adc_fom_fj` x 2^`adc_bits`", "one column conversion"},
      {"aon_cim.periphery", "partial_sum_add", "`int_add` at `accumulator_bits`",
       "a converted column added into its accumulator"},
      {"aon_cim.periphery", "output_op", "2 x `int_mult` + `int_add` at `accumulator_bits`",
       "an output scaled, compensated, rectified and re-quantized"},
      {"aon_cim.sram", "read", "SRAM model, `activation_sram_bytes` x `sram_width_bits`",
       "a word of a pixel's inputs"},
      {"aon_cim.sram", "write", "SRAM model, `activation_sram_bytes` x `sram_width_bits`",
       "a word of outputs"},
  };
}

}  // namespace

UnitInfo aon_cim_info() {
  UnitInfo u;
  u.type = "aon_cim";
  u.summary =
      "AON-CiM: layer-serial analog compute in PCM crossbar tiles (differential device pairs "
      "with programming noise, drift and read noise), word-line DACs, column ADCs and a digital "
      "periphery; outputs checked against the ideal computation within a tolerance";
  u.paper = "AnalogNets / AON-CiM, arXiv 2111.06503";
  u.params = aon_cim_params();
  u.stats = aon_cim_stats();
  u.actions = aon_cim_actions();
  u.doc =
      "Model and validation: [units/aon_cim.md](units/aon_cim.md). `configs/aon_cim.json` states "
      "every assumed value\n(the paper's array size, converters, clock and energies were not "
      "found; [AnalogNets](references.md#zhou2021analognets)).";
  return u;
}

AonCimSpec read_aon_cim(ParamReader& r, const ParseContext& ctx) {
  AonCimSpec s;
  s.clock = ctx.unit_clock;
  s.rows = r.int32("rows"), s.cols = r.int32("cols"), s.tiles = r.int32("tiles");
  s.pcm.g_max_us = r.number("g_max_us");
  s.pcm.t_read_s = r.number("t_read_ns") * 1e-9;
  s.t_inference_s = r.number("t_inference_s");
  s.pcm.programming_noise = r.boolean("programming_noise");
  s.pcm.drift = r.boolean("drift");
  s.pcm.read_noise = r.boolean("read_noise");
  s.drift_compensation = r.boolean("drift_compensation");
  s.compensation_input = r.choice("compensation_input") == "calibration" ? CompensationInput::kCalibration
                                                                         : CompensationInput::kOnes;
  s.compensation_pixels = r.int32("compensation_pixels");
  s.weight_scaling = r.choice("weight_scaling") == "column" ? WeightScaling::kColumn : WeightScaling::kLayer;
  s.v_read = r.number("v_read");
  s.cell_area_um2 = r.number("cell_area_um2");
  s.dac_bits = r.int32("dac_bits"), s.dac_cycles = r.int32("dac_cycles");
  s.input_encoding = r.choice("input_encoding") == "pulse_width" ? InputEncoding::kPulseWidth
                                                                 : InputEncoding::kAmplitude;
  s.pwm_lsb_s = r.number("pwm_lsb_ns") * 1e-9;
  s.dac_energy_fj = r.number("dac_energy_fj"), s.dac_area_um2 = r.number("dac_area_um2");
  s.adc_bits = r.int32("adc_bits"), s.adcs_per_tile = r.int32("adcs_per_tile");
  s.adc_cycles_per_bit = r.int32("adc_cycles_per_bit");
  const std::string gain = r.choice("adc_gain");
  s.adc_gain = gain == "fixed" ? AdcGain::kFixed : gain == "per_layer" ? AdcGain::kPerLayer : AdcGain::kCalibrated;
  s.adc_headroom = r.number("adc_headroom");
  s.adc_full_scale = r.number("adc_full_scale");
  s.adc_range_fraction = r.number("adc_range_fraction");
  s.adc_noise_lsb = r.number("adc_noise_lsb");
  s.adc_fom_fj = r.number("adc_fom_fj"), s.adc_area_um2 = r.number("adc_area_um2");
  s.digital_lanes = r.int32("digital_lanes");
  s.accumulator_bits = r.int32("accumulator_bits"), s.output_bits = r.int32("output_bits");
  s.activation_sram_bytes = std::uint64_t(r.integer("activation_sram_bytes"));
  s.sram_width_bits = std::uint32_t(r.integer("sram_width_bits"));
  s.check_tolerance = r.number("check_tolerance");
  if (s.adcs_per_tile > s.cols) r.error("adcs_per_tile", "more ADCs than columns would idle");
  return s;
}

}  // namespace axsim::arch::aon_cim
