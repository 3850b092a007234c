// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "arch/common/sram_port.hpp"
#include "workloads/float_format.hpp"

namespace axsim::arch::dlac {

/// dLAC's configurable parameters (Venkatesh, Nurvitadhi, Marr, ICASSP 2017). Published
/// second-hand [S]: a 2-D grid of PEs sharing weight and input-feature-map buffers along the
/// grid, 256 FP16 multipliers and 256 FP16 adders in inference mode (FP32 in training mode),
/// several output buffers per PE, zero skipping, 500 MHz. Not published, assumed
/// (docs/units/dlac.md measures what they change): the grid shape, the output buffers per PE,
/// the queues, the skip control's rate and the buffer sizes.
struct DlacSpec {
  std::string clock;
  int pe_rows = 16;
  int pe_cols = 16;
  int lanes = 1;         ///< FP multiplier + adder pairs per PE
  int ofm_buffers = 4;   ///< outputs a PE accumulates at once (output channels of one pixel)
  int queue_depth = 4;   ///< operand entries (weight word, activation) a PE holds
  int skip_per_cycle = 4;  ///< entries without work the skip control discards per cycle
  bool skip_zero_weights = true;
  bool skip_zero_activations = true;
  workloads::FloatFormat format = workloads::FloatFormat::kFp16;
  int pipeline_cycles = 4;  ///< an operation's latency from issue to the accumulator
  std::uint64_t weight_buffer_bytes = 16384;  ///< per PE row
  std::uint64_t ifm_buffer_bytes = 16384;     ///< per PE column

  int pes() const { return pe_rows * pe_cols; }
  int value_bits() const { return format == workloads::FloatFormat::kFp16 ? 16 : 32; }
  SramSpec weight_buffer() const { return {weight_buffer_bytes, 64, 2, 1}; }
  SramSpec ifm_buffer() const {
    return {ifm_buffer_bytes, std::uint32_t(value_bits()), std::uint32_t(value_bits()), 1};
  }
};

}  // namespace axsim::arch::dlac
