// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "workloads/cpu/cpu_trace.hpp"
#include "workloads/cpu/x86_decode.hpp"

namespace axsim::workloads::cpu {

struct PackCounts {
  std::uint64_t instructions = 0;  ///< executed instructions written
  std::uint64_t statics = 0;       ///< distinct static instructions among them
  std::uint64_t accesses = 0;      ///< memory accesses
  std::uint64_t windows = 0;       ///< window records (axtrace --windows)
};

/// Reads the raw stream axtrace writes (tools/axtrace/axtrace.c: "AXTRRAW1", then 'S', 'I',
/// 'M', 'W' and 'E' records) and writes its executed instructions into `out`: each static
/// instruction decoded by `decoder` and indexed in order of first execution (instructions the
/// window never executed are left out), each execution with its memory accesses. Every record is
/// checked; damage throws sim::ConfigError naming `name` and the byte offset.
PackCounts pack_raw_trace(std::span<const std::uint8_t> raw, const std::string& name,
                          const X86Decoder& decoder, CpuTraceSink& out);

/// The raw stream, read piece by piece: up to `max` bytes into `dst`; 0 at its end.
using RawRead = std::function<std::size_t(std::uint8_t* dst, std::size_t max)>;
/// The same from a stream read piece by piece (a pipe from axtrace: no raw file on disk).
PackCounts pack_raw_trace(const RawRead& read, const std::string& name, const X86Decoder& decoder,
                          CpuTraceSink& out);

}  // namespace axsim::workloads::cpu
