// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>

#include "arch/cpu/branch_predictor.hpp"

namespace axsim::arch::cpu {

/// The in-order core's parameters (docs/units/holiswap.md).
struct CoreSpec {
  std::uint32_t width = 4;          ///< instructions fetched and issued per cycle
  std::uint32_t fetch_bytes = 16;   ///< bytes of one L1-I fetch (aligned)
  std::uint32_t fetch_queue = 16;   ///< instructions between fetch and issue
  std::uint32_t decode_cycles = 1;  ///< from a fetch's arrival to its instructions' issue
  std::uint32_t alu_cycles = 1;     ///< integer, branch and other instructions
  std::uint32_t mul_cycles = 3;
  std::uint32_t div_cycles = 20;  ///< not pipelined
  std::uint32_t fp_cycles = 5;    ///< floating point and vector
  std::uint32_t mul_units = 1, div_units = 1, fp_units = 1;
  std::uint32_t mem_ports = 1;      ///< L1-D requests sent per cycle
  bool blocking_loads = false;      ///< issue stops at a load until its data returns
  std::uint32_t max_loads = 8;      ///< loads outstanding at once (non-blocking)
  std::uint32_t store_buffer = 20;  ///< stores sent and not yet acknowledged
  PredictorSpec predictor;          ///< the front end's branch prediction
};

}  // namespace axsim::arch::cpu
