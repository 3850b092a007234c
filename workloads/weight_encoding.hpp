// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace axsim::workloads {

/// One stored encoding of a layer's quantized weights: the packed bytes of `format`
/// (workloads/encode), exactly as the trace holds them, and what reading them needs. A layer
/// may carry several encodings of the same codes (e.g. SCNN's and a dense one).
struct WeightEncoding {
  std::string format;  ///< "eie_csc", "ese", "scnn", "bitmask" or "dense"
  int code_bits = 0;
  bool signed_codes = false;
  int num_pes = 1, index_bits = 4, pointer_bits = 16;
  std::vector<std::uint8_t> bytes;
  int channels = 1;  ///< ese: columns interleaved over channels of num_pes PEs each
};

}  // namespace axsim::workloads
