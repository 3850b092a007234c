// SPDX-License-Identifier: Apache-2.0
// The CPU trace's JSON header (cpu_trace.cpp's writer and reader; not for other code).
#pragma once
#include <cstdint>
#include <string>

#include "workloads/cpu/cpu_trace.hpp"

namespace axsim::workloads::cpu::header_detail {

/// Format versions: 1 without windows, 2 with (a "windows" list and 'W' records).
constexpr std::uint32_t kVersionPlain = 1, kVersionWindows = 2;
std::uint32_t version_of(const CpuTraceHeader& h);
/// The header as JSON text.
std::string header_text(const CpuTraceHeader& h);
/// Parses and checks a header of format `version`; damage throws sim::ConfigError naming `file`.
CpuTraceHeader parse_header(const std::string& text, const std::string& file,
                            std::uint32_t version);

}  // namespace axsim::workloads::cpu::header_detail
