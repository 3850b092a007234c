// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "workloads/cpu/cpu_trace.hpp"

namespace axsim::workloads::cpu {

/// Decodes x86-64 instructions with Capstone (Debian's libcapstone-dev): the class the CPU
/// models schedule and the architectural registers read and written, implicit ones included
/// (`cs_regs_access`), in the trace's register numbering (cpu_trace.hpp, namespace reg).
class X86Decoder {
 public:
  X86Decoder();
  ~X86Decoder();
  X86Decoder(const X86Decoder&) = delete;
  X86Decoder& operator=(const X86Decoder&) = delete;
  /// Fills `s.cls`, `s.src`, `s.dst` from `s.bytes` at `s.pc`; `s.mem` (the operations the
  /// tracer saw) tells loads from stores for data moves. Throws sim::ConfigError when the bytes
  /// are not one instruction.
  void decode(StaticInsn& s) const;
  /// The instruction as text ("add rax, 1"), for listings.
  std::string text(const StaticInsn& s) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace axsim::workloads::cpu
