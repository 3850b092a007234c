// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

namespace axsim::sim {

/// How many bytes decoding one input (a trace layer, an ONNX tensor, an .npz array) may
/// allocate. Default: half the machine's physical memory. The environment variable
/// AXSIM_MEMORY_BUDGET ("512M", "8G", "1048576") or `axsim --memory-budget` overrides it
/// (docs/limits.md). A size read from a file is checked here before it is allocated, so a
/// damaged or hostile file is refused with a clear message instead of exhausting memory.
class MemoryBudget {
 public:
  /// The budget in bytes: the override if set, else AXSIM_MEMORY_BUDGET, else half of RAM.
  static std::uint64_t bytes();
  /// Sets the override (the --memory-budget option). Throws ConfigError for a bad text.
  static void set(const std::string& text);
  static void clear();  ///< drops the override (tests)
  /// "512M" -> 536870912; plain digits are bytes; K, M, G, T (binary). Throws ConfigError.
  static std::uint64_t parse(const std::string& text, const std::string& source);
  /// Throws ConfigError "<what>: decoding needs N bytes, above the memory budget of M
  /// (AXSIM_MEMORY_BUDGET or --memory-budget)" if bytes > the budget. `what` names the file and
  /// the layer or tensor.
  static void check(std::uint64_t bytes, const std::string& what);
  /// The message check() would throw, or "" if `bytes` fits (for callers with their own error
  /// type, such as the trace reader's TraceError).
  static std::string refusal(std::uint64_t bytes, const std::string& what);
};

/// Element count x element size, saturating at UINT64_MAX (then any budget refuses it).
std::uint64_t bytes_of(std::uint64_t count, std::uint64_t element_bytes);

}  // namespace axsim::sim
