// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "arch/common/dram/dram.hpp"
#include "arch/common/sram_buffer.hpp"

namespace axsim::arch::dense {

enum class Dataflow { kOutputStationary, kWeightStationary };

/// Parameters of the dense baseline: a pe_rows x pe_cols PE grid, each PE with macs_per_pe
/// multiply-accumulate lanes along the reduction, three SRAM buffers and a DRAM. The datapath
/// always computes on int8 values; `data_bits`, `mac_bits` and the DRAM options change only
/// what the hardware is costed as (e.g. SCNN's 16-bit DCNN).
struct DenseSpec {
  int pe_rows = 16, pe_cols = 16, macs_per_pe = 1;
  Dataflow dataflow = Dataflow::kOutputStationary;
  SramSpec weight_buffer{128 * 1024, 128, 8};
  SramSpec input_buffer{128 * 1024, 128, 8};
  SramSpec output_buffer{64 * 1024, 128, 32};
  std::string clock;
  DramSpec dram;
  int mac_bits = 8;             ///< operand width a MAC lane's multiplier is priced at
  int accumulator_bits = 32;    ///< width of its accumulating adder
  bool zero_gating = false;     ///< zero-operand MACs become `mac_gated` actions
  /// How weight, input and output blocks cross the DRAM interface: a DramCodecs name, "none"
  /// or "zero_rle" (SCNN's zero-run-length format, dram_format.hpp; DCNN-opt,
  /// Parashar et al., ISCA 2017, Tables 5-6).
  std::string dram_compression = "none";
  int data_bits = 8;           ///< stored width of weights and inputs (SRAM and DRAM)
  int output_dram_bits = 32;   ///< width of each output written back to DRAM
  /// `input_buffer.keeps_activations`: activations stay on chip between layers when they fit
  /// (SCNN keeps them in its IARAM and OARAM the same way, Parashar et al., ISCA 2017): outputs are
  /// not written to DRAM, and a layer input that fits half the input buffer is not read from it; a
  /// larger input is charged its write-back (by the layer before) and read as usual.
  bool resident_activations = false;
};

}  // namespace axsim::arch::dense
