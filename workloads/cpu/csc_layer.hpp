// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "workloads/layer.hpp"

namespace axsim::workloads::cpu {

/// Writes an fc layer of a compressed trace as the CSC matrix and input vector a CPU kernel
/// reads (tools/cpu_suite/spmv.c): the real weights (each stored code's level x the weight
/// scale, x its row's scale when per-channel) and real inputs (code x input scale) that the
/// trace stores. Little-endian: "AXCSC1\0\0", u32 rows, u32 cols, u32 non-zeros, u32
/// column starts [cols + 1], u16 row of each non-zero, f32 value of each non-zero (column
/// order), f32 inputs [cols]. Throws sim::ConfigError for a layer that is not fc or has more
/// than 65,536 rows, or a file it cannot write.
void write_csc_layer(const Layer& layer, const std::string& path);

}  // namespace axsim::workloads::cpu
