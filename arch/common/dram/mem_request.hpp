// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>

namespace axsim::arch {

/// A memory transfer as it crosses the request channel: `bytes` from byte `address` (a DRAM
/// splits it into bursts); `tag` comes back in the response.
struct MemRequest {
  std::uint64_t bytes = 0;
  bool write = false;
  std::uint32_t tag = 0;
  std::uint64_t address = 0;
};

struct MemResponse {
  std::uint32_t tag = 0;
  bool write = false;
};

}  // namespace axsim::arch
