// SPDX-License-Identifier: Apache-2.0
#include "arch/aon_cim/analog_layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "sim/error.hpp"

namespace axsim::arch::aon_cim {

namespace {

std::int32_t max_level(const DenseLayer& d, int m_begin, int m_end) {
  std::int32_t top = 0;
  for (int m = m_begin; m < m_end; ++m)
    for (int k = 0; k < d.k_count; ++k) top = std::max(top, std::abs(d.level(m, k)));
  return top == 0 ? 1 : top;
}

/// One read of a device right after programming (no drift, the read noise of t = 0) or at the
/// inference time.
double read_at(const PcmDevice& d, bool at_programming, const PcmParams& pcm, sim::RandomStream& rng) {
  if (!at_programming) return read_device(d, rng);
  PcmDevice now = d;
  now.g_drifted = d.g_programmed;
  now.read_sigma_abs =
      pcm.read_noise ? float(d.g_programmed * PcmMoments::read_sigma_relative(d.g_programmed, 0.0, pcm)) : 0.0f;
  return read_device(now, rng);
}

}  // namespace

AnalogLayer::AnalogLayer(const DenseLayer& layer, const AonCimSpec& spec,
                         std::uint64_t program_seed, std::uint64_t read_seed)
    : layer_(layer), spec_(spec), read_rng_(read_seed) {
  // Signed inputs take a second phase: where the trace's inputs have negative values, and in an
  // lstm, whose h is a tanh output.
  const bool is_signed = layer_.lstm_step || std::any_of(layer_.input.begin(), layer_.input.end(),
                                                         [](std::int32_t q) { return q < 0; });
  const int magnitude_bits = std::min(30, std::max(1, layer_.input_bits - (is_signed ? 1 : 0)));
  magnitude_bits_ = magnitude_bits;
  for (const std::int32_t q : layer_.input)
    if (std::llabs(q) >> magnitude_bits != 0)
      throw sim::ConfigError("layer " + layer_.name + ": input " + std::to_string(q) +
                             " does not fit the layer's " + std::to_string(layer_.input_bits) +
                             "-bit inputs");
  signs_ = is_signed ? 2 : 1;
  slice_bits_ = std::min(spec.dac_bits, magnitude_bits);
  slices_ = (magnitude_bits + slice_bits_ - 1) / slice_bits_;
  slice_full_scale_ = double((1 << slice_bits_) - 1);
  const int m_count = layer_.shape.out_channels;
  const std::int32_t layer_top = max_level(layer_, 0, m_count);
  for (int m = 0; m < m_count; ++m)
    column_full_scale_.push_back(spec.weight_scaling == WeightScaling::kColumn
                                     ? double(max_level(layer_, m, m + 1))
                                     : double(layer_top));
  map_blocks();
  sim::RandomStream rng(program_seed);
  program(rng);
}

void AnalogLayer::map_blocks() {
  int next_tile = 0;
  for (int g = 0; g < layer_.shape.groups; ++g)
    for (int m0 = g * layer_.mg; m0 < (g + 1) * layer_.mg; m0 += spec_.cols)
      for (int k0 = 0; k0 < layer_.k_count; k0 += spec_.rows) {
        Block b;
        b.group = g, b.k0 = k0, b.k1 = std::min(k0 + spec_.rows, layer_.k_count);
        b.m0 = m0, b.m1 = std::min(m0 + spec_.cols, (g + 1) * layer_.mg);
        b.tile = next_tile;
        next_tile = (next_tile + 1) % spec_.tiles;
        blocks_.push_back(std::move(b));
      }
}

void AnalogLayer::program(sim::RandomStream& rng) {
  double largest_column = 0;
  for (Block& b : blocks_) {
    b.plus.resize(std::size_t(b.rows()) * std::size_t(b.cols()));
    b.minus.resize(b.plus.size());
    for (int r = 0; r < b.rows(); ++r)
      for (int c = 0; c < b.cols(); ++c) {
        const int m = b.m0 + c;
        const double g = double(layer_.level(m, b.k0 + r)) / column_full_scale_[std::size_t(m)];
        const std::size_t i = std::size_t(r) * std::size_t(b.cols()) + std::size_t(c);
        b.plus[i] = program_device(g > 0 ? g : 0.0, spec_.t_inference_s, spec_.pcm, rng);
        b.minus[i] = program_device(g < 0 ? -g : 0.0, spec_.t_inference_s, spec_.pcm, rng);
      }
    if (spec_.adc_gain == AdcGain::kPerLayer)
      for (int c = 0; c < b.cols(); ++c) {
        double column = 0;
        for (int r = 0; r < b.rows(); ++r)
          column += std::abs(double(layer_.level(b.m0 + c, b.k0 + r))) /
                    column_full_scale_[std::size_t(b.m0 + c)];
        largest_column = std::max(largest_column, column);
      }
  }
  double full_scale = spec_.adc_full_scale;
  if (spec_.adc_gain == AdcGain::kPerLayer) full_scale = spec_.adc_range_fraction * std::max(largest_column, 1.0);
  if (spec_.adc_gain == AdcGain::kCalibrated) full_scale = spec_.adc_headroom * largest_ideal_current();
  adc_lsb_ = full_scale / double((1 << (spec_.adc_bits - 1)) - 1);
  if (!spec_.drift_compensation) return;
  // Global drift compensation: the layer's summed |outputs| for the reference input, read
  // right after programming and again at the inference time; their ratio scales the outputs.
  const double at_programming = readout(true, rng), at_inference = readout(false, rng);
  if (at_inference > 0) compensation_ = at_programming / at_inference;
}

double AnalogLayer::readout(bool at_programming, sim::RandomStream& rng) const {
  const bool ones = spec_.compensation_input == CompensationInput::kOnes;
  const int pixels = ones ? 1 : std::min(layer_.pixels, spec_.compensation_pixels);
  const int phases_read = ones ? 1 : phases();
  std::vector<double> acc(std::size_t(layer_.shape.out_channels));
  double total = 0;
  for (int p = 0; p < pixels; ++p) {
    std::fill(acc.begin(), acc.end(), 0.0);
    for (int phase = 0; phase < phases_read; ++phase)
      for (const Block& b : blocks_)
        for (int c = 0; c < b.cols(); ++c) {
          double current = 0;
          for (int r = 0; r < b.rows(); ++r) {
            const double v = ones ? 1.0 : input_voltage(b.group, b.k0 + r, p, phase);
            if (v == 0) continue;
            const std::size_t i = std::size_t(r) * std::size_t(b.cols()) + std::size_t(c);
            current += v * (read_at(b.plus[i], at_programming, spec_.pcm, rng) -
                            read_at(b.minus[i], at_programming, spec_.pcm, rng));
          }
          acc[std::size_t(b.m0 + c)] += (ones ? 1.0 : phase_weight(phase)) * current;
        }
    for (const double a : acc) total += std::abs(a);
  }
  return total;
}

double AnalogLayer::phase_weight(int phase) const {
  const double sign = phase / slices_ == 1 ? -1.0 : 1.0;
  return sign * std::ldexp(1.0, (phase % slices_) * slice_bits_) * slice_full_scale_;
}

double AnalogLayer::largest_ideal_current() const {
  double top = 0;
  std::vector<double> column;
  for (const Block& b : blocks_)
    for (int p = 0; p < layer_.pixels; ++p)
      for (int phase = 0; phase < phases(); ++phase) {
        column.assign(std::size_t(b.cols()), 0.0);
        for (int r = 0; r < b.rows(); ++r) {
          const double v = input_voltage(b.group, b.k0 + r, p, phase);
          if (v == 0) continue;
          for (int c = 0; c < b.cols(); ++c)
            column[std::size_t(c)] += v * double(layer_.level(b.m0 + c, b.k0 + r)) /
                                      column_full_scale_[std::size_t(b.m0 + c)];
        }
        for (const double i : column) top = std::max(top, std::abs(i));
      }
  return top > 0 ? top : 1.0;  // all-zero calibration inputs: a full scale of one device
}

void AnalogLayer::set_input(std::vector<std::int32_t> q, int in_h, int in_w) {
  const std::int32_t top = input_limit(), bottom = signed_inputs() ? -top : 0;
  for (std::int32_t& v : q) v = std::clamp(v, bottom, top);
  layer_.input = std::move(q);
  layer_.shape.in_h = in_h, layer_.shape.in_w = in_w;
  layer_.pixels = layer_.shape.out_h() * layer_.shape.out_w();
}

void AnalogLayer::compute_pixel(int p, std::vector<double>& acc) {
  for (int phase = 0; phase < phases(); ++phase)
    for (std::size_t b = 0; b < blocks_.size(); ++b) read_block(b, p, phase, acc);
}

std::vector<float> AnalogLayer::compute(const std::vector<float>& x, int in_h, int in_w) {
  std::vector<std::int32_t> q(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    q[i] = std::int32_t(std::clamp(std::nearbyint(double(x[i]) / layer_.input_scale), -2e9, 2e9));
  set_input(std::move(q), in_h, in_w);
  if (layer_.input.size() != layer_.shape.input_count())
    throw sim::ConfigError("layer " + layer_.name + ": given " + std::to_string(x.size()) +
                           " inputs, its plane needs " + std::to_string(layer_.shape.input_count()));
  const std::size_t pixels = std::size_t(layer_.pixels), m_count = std::size_t(layer_.shape.out_channels);
  std::vector<float> y(m_count * pixels);
  std::vector<double> acc(m_count);
  for (std::size_t p = 0; p < pixels; ++p) {
    std::fill(acc.begin(), acc.end(), 0.0);
    compute_pixel(int(p), acc);
    for (std::size_t m = 0; m < m_count; ++m)
      y[m * pixels + p] = float(output_value(acc[m]) * layer_.row_scale[m] * layer_.input_scale);
  }
  return y;
}

double AnalogLayer::input_voltage(int g, int k, int p, int phase) const {
  const std::int64_t i = layer_.input_index(g, k, p);
  if (i < 0) return 0;
  const std::int32_t q = layer_.input[std::size_t(i)];
  const bool negative_phase = phase / slices_ == 1;
  if (q == 0 || (q < 0) != negative_phase) return 0;
  const int shift = (phase % slices_) * slice_bits_;
  const std::int64_t value = (std::llabs(q) >> shift) & ((std::int64_t{1} << slice_bits_) - 1);
  return double(value) / slice_full_scale_;
}

ReadCounts AnalogLayer::read_block(std::size_t bi, int p, int phase, std::vector<double>& acc) {
  const Block& b = blocks_[bi];
  ReadCounts counts;
  const bool pulse_width = spec_.input_encoding == InputEncoding::kPulseWidth;
  currents_.assign(std::size_t(b.cols()), 0.0);
  for (int r = 0; r < b.rows(); ++r) {
    const double v = input_voltage(b.group, b.k0 + r, p, phase);
    if (v == 0) continue;  // an undriven word line carries no current
    ++counts.driven_rows;
    const std::size_t row = std::size_t(r) * std::size_t(b.cols());
    for (int c = 0; c < b.cols(); ++c) {
      const double gp = read_device(b.plus[row + std::size_t(c)], read_rng_);
      const double gm = read_device(b.minus[row + std::size_t(c)], read_rng_);
      currents_[std::size_t(c)] += v * (gp - gm);
      counts.cell_read_units += (pulse_width ? v : v * v) * (gp + gm);
    }
  }
  counts.cell_read_units *= integration_s() * 1e9;
  const double top = double((1 << (spec_.adc_bits - 1)) - 1);
  const double weight = phase_weight(phase);
  for (int c = 0; c < b.cols(); ++c) {
    double code = currents_[std::size_t(c)] / adc_lsb_;
    if (spec_.adc_noise_lsb > 0) code += spec_.adc_noise_lsb * read_rng_.normal();
    code = std::nearbyint(code);
    if (std::abs(code) > top) code = std::copysign(top, code), ++counts.clipped;
    ++counts.conversions;
    const int m = b.m0 + c;
    acc[std::size_t(m)] += weight * code * adc_lsb_ * column_full_scale_[std::size_t(m)];
  }
  return counts;
}

void AnalogLayer::finish_pixel(int p, const std::vector<double>& acc,
                               std::vector<std::int32_t>& out) const {
  constexpr double kTop = double(std::numeric_limits<std::int32_t>::max());
  const std::size_t pixels = std::size_t(layer_.pixels);
  for (std::size_t m = 0; m < acc.size(); ++m) {
    double y = std::nearbyint(std::clamp(output_value(acc[m]), -kTop, kTop));
    if (layer_.relu && y < 0) y = 0;
    out[m * pixels + std::size_t(p)] = std::int32_t(y);
  }
}

}  // namespace axsim::arch::aon_cim
