// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "arch/common/dram.hpp"
#include "arch/common/sram_buffer.hpp"

namespace axsim::arch::dense {

enum class Dataflow { kOutputStationary, kWeightStationary };

/// Parameters of the dense baseline: a pe_rows x pe_cols PE grid, each PE with macs_per_pe
/// 8-bit multiply-accumulate lanes along the reduction, three SRAM buffers and a DRAM.
struct DenseSpec {
  int pe_rows = 16, pe_cols = 16, macs_per_pe = 1;
  Dataflow dataflow = Dataflow::kOutputStationary;
  SramSpec weight_buffer{128 * 1024, 128, 8};
  SramSpec input_buffer{128 * 1024, 128, 8};
  SramSpec output_buffer{64 * 1024, 128, 32};
  std::string clock, dram_clock;
  DramSpec dram;
};

}  // namespace axsim::arch::dense
