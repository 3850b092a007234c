// SPDX-License-Identifier: Apache-2.0
#include "arch/layer_unit.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <stdexcept>

#include "sim/error.hpp"
#include "workloads/reference/float_layer.hpp"
#include "workloads/reference/quantized_layer.hpp"
#include "workloads/reference/useful_macs.hpp"

namespace axsim::arch {

const LayerPhase& LayerUnit::as_layer(const Phase& phase) {
  const auto* l = dynamic_cast<const LayerPhase*>(&phase);
  if (l == nullptr)  // e.g. a CPU trace given to a DNN unit
    throw sim::ConfigError("phase " + phase.name() + " is a " + phase.kind() +
                           " window, but this unit runs DNN layers (a compressed trace, .axt)");
  return *l;
}

void LayerUnit::check_phase(const Phase& phase) const {
  const LayerPhase& p = as_layer(phase);
  const workloads::Layer& l = p.layer();
  const std::vector<std::string> accepted = accepted_formats();
  const bool ok = std::any_of(accepted.begin(), accepted.end(),
                              [&](const std::string& f) { return l.encoding(f) != nullptr; });
  if (!ok) {
    const std::vector<std::string> present = l.formats();
    throw sim::ConfigError(fmt::format(
        "{}: layer '{}' stores its weights as {}; unit {} reads {}: compress the model "
        "with a recipe whose \"encoding\" lists one of them",
        p.source(), l.name,
        present.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(present, ", ")),
        type(), fmt::format("{}", fmt::join(accepted, ", "))));
  }
  check_layer(l);
}

std::uint64_t LayerUnit::phase_useful_work(const Phase& phase) const {
  const workloads::Layer& layer = layer_of(phase);
  try {
    return layer_useful_macs(layer);
  } catch (const std::invalid_argument& e) {
    throw sim::ConfigError("layer " + layer.name + ": its useful MACs cannot be counted: " +
                           e.what());
  }
}

// The reference decodes a layer's first stored encoding: put the one the unit reads (its first
// accepted format the layer stores) first, so that both decode the same bytes even when a
// damaged trace's encodings disagree.
std::vector<std::int32_t> LayerUnit::layer_reference(const workloads::Layer& layer) const {
  const workloads::Layer* l = &layer;
  workloads::Layer reordered;
  for (const std::string& f : accepted_formats()) {
    if (layer.encoding(f) == nullptr) continue;
    if (layer.encodings.front().format != f) {
      reordered = layer;
      std::stable_partition(reordered.encodings.begin(), reordered.encodings.end(),
                            [&](const workloads::WeightEncoding& e) { return e.format == f; });
      l = &reordered;
    }
    break;
  }
  if (const auto f = output_float_format()) return workloads::float_reference_output(*l, *f);
  return workloads::reference_output(*l);
}

std::uint64_t LayerUnit::layer_useful_macs(const workloads::Layer& layer) const {
  return workloads::useful_macs(layer);
}

void LayerUnit::verify_within(const std::string& layer, const std::vector<std::int32_t>& got,
                              const std::vector<std::int32_t>& expected, double tolerance) {
  double error = 0, norm = 0, worst = -1;
  std::size_t at = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double d = double(got[i]) - double(expected[i]);
    error += d * d, norm += double(expected[i]) * double(expected[i]);
    if (std::abs(d) > worst) worst = std::abs(d), at = i;
  }
  // All-zero references (a dead layer): the error relative to one unit per output.
  const double relative = std::sqrt(error / std::max(norm, double(expected.size())));
  if (relative > tolerance)
    throw sim::SimError(fmt::format(
        "layer {}: the outputs' relative RMS error against the ideal computation is {:.4g}, "
        "above the tolerance {:.4g} (largest difference at output {}: {}, reference {})",
        layer, relative, tolerance, at, got[at], expected[at]));
}

void LayerUnit::verify_phase(const Phase& phase) const {
  const workloads::Layer& layer = layer_of(phase);
  std::vector<std::int32_t> expected;
  try {
    expected = layer_reference(layer);
  } catch (const std::invalid_argument& e) {
    // The reference decodes the layer's first stored encoding, which need not be the one the
    // unit read: a damaged one (or codes without a level) is bad input, not a failed simulation.
    throw sim::ConfigError("layer " + layer.name + ": --check: the reference cannot evaluate it: " +
                           e.what());
  }
  const auto& got = layer_output();
  if (got.size() != expected.size())
    throw sim::SimError(fmt::format("layer {}: the unit produced {} outputs, the reference {}",
                                    layer.name, got.size(), expected.size()));
  if (const auto tolerance = output_tolerance()) {
    verify_within(layer.name, got, expected, *tolerance);
    return;
  }
  const auto f = output_float_format();
  auto text = [&](std::int32_t v) {
    return f ? fmt::format("{:.9g} ({} bits {:#x})", workloads::float_value(*f, v), to_string(*f), std::uint32_t(v))
             : std::to_string(v);
  };
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (got[i] != expected[i])
      throw sim::SimError(fmt::format("layer {}: output {} is {}, reference {}", layer.name, i,
                                      text(got[i]), text(expected[i])));
}

}  // namespace axsim::arch
