// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arch/unit.hpp"
#include "workloads/float_format.hpp"
#include "workloads/layer.hpp"

namespace axsim::arch {

/// A DNN layer as a phase: the layer and the workload it came from (named in errors).
class LayerPhase : public Phase {
 public:
  LayerPhase(const workloads::Layer& layer, std::string source)
      : layer_(layer), source_(std::move(source)) {}
  const std::string& name() const override { return layer_.name; }
  std::string kind() const override { return workloads::to_string(layer_.shape.kind); }
  const workloads::Layer& layer() const { return layer_; }
  const std::string& source() const { return source_; }

 private:
  const workloads::Layer& layer_;
  std::string source_;
};

/// A layer computed the way a unit's hardware computes it, on inputs other than the trace's: what
/// an inference through the model's graph (a task with labelled inputs) calls for each layer.
class LayerFunction {
 public:
  virtual ~LayerFunction() = default;
  /// x: real inputs [C][in_h][in_w] (one step's [x; h] of an lstm: in_h = in_w = 1), quantized by
  /// the trace's input scale and clamped to what the hardware takes; returns the real outputs
  /// [M][out_h][out_w] before the layer's bias and activation, as the hardware computes them.
  virtual std::vector<float> compute(const std::vector<float>& x, int in_h, int in_w) = 0;
};

/// The layer adapter DNN units sit on: a phase is a layer, its work the layer's MACs, and its
/// result the layer's int32 outputs, verified exactly against workloads' reference computed from
/// the trace alone (workloads/reference/quantized_layer.hpp). Before a layer runs, the adapter
/// refuses it when it stores none of the weight encodings the unit reads.
class LayerUnit : public Unit {
 public:
  using Unit::Unit;
  /// Loads the layer into the unit's DRAM image and wakes its first component.
  virtual void start_layer(const workloads::Layer& layer) = 0;
  /// Throws ConfigError if the layer cannot run on this configuration.
  virtual void check_layer(const workloads::Layer& layer) const = 0;
  virtual bool layer_done() const = 0;
  /// The layer's outputs as computed by the simulated datapath ([M][OH][OW], after the layer's
  /// ReLU): int32 values, or a floating-point datapath's bit patterns (output_float_format()).
  virtual const std::vector<std::int32_t>& layer_output() const = 0;
  /// The format of a floating-point datapath's outputs; none for an integer datapath. A float
  /// unit's outputs must equal workloads::float_reference_output() in that format, bit for bit.
  virtual std::optional<workloads::FloatFormat> output_float_format() const { return std::nullopt; }
  /// The rule of a unit whose outputs are noisy (analog compute): the largest relative RMS
  /// error sqrt(sum (out - ref)^2 / sum ref^2) of a layer's outputs against the reference (the
  /// ideal quantized computation); none: outputs must equal it exactly.
  virtual std::optional<double> output_tolerance() const { return std::nullopt; }
  /// The layer as the hardware computes it, for inferences on other inputs (owned by the unit,
  /// valid while it lives); none when the unit has no such path. Throws sim::ConfigError as
  /// check_layer().
  virtual LayerFunction* layer_function(const workloads::Layer& /*layer*/) { return nullptr; }
  /// The weight encodings this configuration reads, in preference order (a subset of its
  /// UnitInfo::formats).
  virtual std::vector<std::string> accepted_formats() const = 0;
  /// Dense multiply-accumulates of what the unit runs for the layer: one time step of an lstm
  /// (EIE and the dense baseline run one step, as EIE's paper does); a unit that runs the whole
  /// sequence overrides it.
  virtual std::uint64_t layer_macs(const workloads::Layer& layer) const {
    return layer.shape.step_shape().macs();
  }
  /// Multiply-accumulates the datapath performed for the layer just run: all of them for a
  /// dense unit, the stored entries for a sparse one.
  virtual std::uint64_t layer_ops(const workloads::Layer& layer) const { return layer_macs(layer); }
  virtual sim::Tick layer_ticks() const = 0;
  virtual double peak_macs_per_cycle() const = 0;
  /// What layer_output() must equal, from workloads' reference on the trace alone: one step of
  /// an lstm (reference_output(), or float_reference_output() in the unit's float format); a
  /// unit that runs whole sequences overrides it. Throws
  /// std::invalid_argument when the reference cannot evaluate the layer.
  virtual std::vector<std::int32_t> layer_reference(const workloads::Layer& layer) const;
  /// Useful MACs of what the unit runs (useful_macs(): one step of an lstm); a unit that runs
  /// whole sequences overrides it. Throws std::invalid_argument as layer_reference().
  virtual std::uint64_t layer_useful_macs(const workloads::Layer& layer) const;

  void check_phase(const Phase& phase) const override;
  void start_phase(const Phase& phase) override { start_layer(layer_of(phase)); }
  bool phase_done() const override { return layer_done(); }
  sim::Tick phase_ticks() const override { return layer_ticks(); }
  std::uint64_t phase_work(const Phase& phase) const override { return layer_macs(layer_of(phase)); }
  std::uint64_t phase_ops(const Phase& phase) const override { return layer_ops(layer_of(phase)); }
  /// Useful MACs of the layer (workloads/reference/useful_macs.hpp), one step of an lstm.
  std::uint64_t phase_useful_work(const Phase& phase) const override;
  std::string work_unit() const override { return "MACs"; }
  double peak_work_per_cycle() const override { return peak_macs_per_cycle(); }
  void verify_phase(const Phase& phase) const override;
  /// The tolerance rule (output_tolerance()): throws sim::SimError naming the layer when the
  /// relative RMS error of `got` against `expected` is above `tolerance` (an all-zero
  /// reference: the error relative to one unit per output).
  static void verify_within(const std::string& layer, const std::vector<std::int32_t>& got,
                            const std::vector<std::int32_t>& expected, double tolerance);

 private:
  static const LayerPhase& as_layer(const Phase& phase);
  static const workloads::Layer& layer_of(const Phase& phase) { return as_layer(phase).layer(); }
};

}  // namespace axsim::arch
