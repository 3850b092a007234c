// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace axsim::workloads::cpu {

/// What an instruction does, as the CPU models schedule it (docs/cpu-traces.md).
enum class InsnClass : std::uint8_t {
  kOther,
  kAlu,
  kLoad,
  kStore,
  kMultiply,
  kDivide,
  kFloat,
  kVector,
  kBranchCond,
  kJump,
  kJumpIndirect,
  kCall,
  kCallIndirect,
  kReturn,
  kSyscall,
  kNop
};
constexpr int kInsnClasses = 16;
const char* class_name(InsnClass c);
bool is_branch(InsnClass c);

/// Architectural registers as the trace numbers them: 0-15 the integer registers in encoding
/// order (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8-r15, every width of one register the
/// same), 16 the flags, 17 the segment bases, 18 the x87 state, 19 the SSE control register,
/// 20 any other, 32-63 the vector registers (xmm/ymm/zmm 0-31). The instruction pointer is left
/// out.
namespace reg {
constexpr std::uint8_t kRsp = 4, kFlags = 16, kSegment = 17, kX87 = 18, kSseControl = 19,
                       kOther = 20, kVector0 = 32;
constexpr std::uint8_t kIds = 64;  ///< every id is below this (the reader refuses others)
}

/// One memory operation of a static instruction: its size and direction.
struct MemOp {
  std::uint8_t size = 0;
  bool store = false;
};

/// An instruction of the program, once: where it is, its bytes, what it does and touches.
struct StaticInsn {
  std::uint64_t pc = 0;
  std::vector<std::uint8_t> bytes;
  InsnClass cls = InsnClass::kOther;
  std::vector<std::uint8_t> src, dst;  ///< registers read and written
  std::vector<MemOp> mem;              ///< the memory operations an execution may perform
};

/// A memory access of one execution: which of the static instruction's operations, where.
struct MemAccess {
  std::uint8_t op = 0;
  std::uint64_t addr = 0;
};

/// One executed instruction: the static instruction (index into the statics seen so far) and
/// the accesses it made (a guarded operation whose guard was false makes none).
struct DynInsn {
  std::uint32_t insn = 0;
  std::vector<MemAccess> accesses;
};

/// A window of a sampled trace: instructions `first` to `first` + `count` - 1, counted from the
/// start function's entry. A "simpoint" window stands for `weight` of the whole run (the weights
/// of a run's simpoints add up to 1); a "warmup" window (weight 0) runs before one to warm the
/// caches; a "window" is one the user chose.
struct CpuWindow {
  std::uint64_t first = 0, count = 0;
  double weight = 0;
  std::string role = "window";
};

/// What the trace is of: the program, how it was traced, and with what.
struct CpuTraceHeader {
  std::string program;            ///< the traced binary, as named on the command line
  std::vector<std::string> args;  ///< its arguments
  std::string tool = "axtrace 1";
  std::string start = "main";      ///< the function whose entry started the recording
  std::uint64_t skip = 0;          ///< instructions skipped after the start
  std::uint64_t instructions = 0;  ///< instructions recorded
  /// Anything else the tracing script records (the binary's SHA-256, library versions, input
  /// checksums): KEY=VALUE pairs, in order.
  std::vector<std::pair<std::string, std::string>> meta;
  /// The windows of a sampled trace (format version 2), in order; empty: one contiguous window.
  std::vector<CpuWindow> windows;
};

/// Where a trace's records go as they are made: a file (CpuTraceWriter) or anything else.
class CpuTraceSink {
 public:
  virtual ~CpuTraceSink() = default;
  virtual std::uint32_t add_static(const StaticInsn& s) = 0;  ///< returns its index
  virtual void add(const DynInsn& d) = 0;
  /// The instructions added next begin window `index` (0, 1, ... in order), the `first`-th
  /// instruction after the start.
  virtual void start_window(std::uint32_t /*index*/, std::uint64_t /*first*/) {}
};

/// Writes axsim's CPU trace format (.axct, docs/cpu-traces.md): "AXCPUTR1", u32 version (1; 2 with
/// windows), u32
/// header length, the header JSON, u32 CRC-32 of it, then one xz stream (CRC-64 checked) of tagged
/// records: 'S' a static instruction before its first execution (u64 pc, u8 length, the bytes,
/// u8 class, u8 sources, u8 destinations, the register ids, u8 memory operations, per operation
/// u8 size and u8 direction 0 load / 1 store), 'I' an execution (u32 static index, u8 accesses,
/// per access u8 operation and u64 address), 'W' the start of a window (u32 index, u64 its first
/// instruction; version 2 only, before each window's first 'I'), 'E' the end (u64 instructions).
/// Statics are indexed in order of appearance. The header's `instructions` is written at the end
/// (`finish`).
class CpuTraceWriter : public CpuTraceSink {
 public:
  CpuTraceWriter(const std::string& path, CpuTraceHeader header);
  ~CpuTraceWriter() override;
  CpuTraceWriter(const CpuTraceWriter&) = delete;
  CpuTraceWriter& operator=(const CpuTraceWriter&) = delete;
  std::uint32_t add_static(const StaticInsn& s) override;
  void add(const DynInsn& d) override;
  /// A 'W' record (format version 2). Each window's count is what is added until the next; the
  /// header's windows (weights and roles) must then list as many, else each gets role "window"
  /// and an equal weight.
  void start_window(std::uint32_t index, std::uint64_t first) override;
  /// Ends the stream, writes the header with the final counts and renames the file into place.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when the file at `path` starts with the CPU trace's magic (a workload "trace:FILE" is
/// a CPU trace or a compressed DNN trace).
bool is_cpu_trace(const std::string& path);

/// Reads a .axct file as a stream. Every field is checked (tags, indices, lengths, the header's
/// CRC and the xz stream's); damage throws sim::ConfigError naming the file and the offset (in
/// the header, or in the decompressed stream).
class CpuTraceReader {
 public:
  explicit CpuTraceReader(const std::string& path);
  /// The same from bytes in memory (`name` in errors).
  CpuTraceReader(std::vector<std::uint8_t> bytes, const std::string& name);
  ~CpuTraceReader();
  const CpuTraceHeader& header() const;
  const std::vector<StaticInsn>& statics() const;
  /// The next executed instruction of the current window; false at its end (after checking
  /// the count) and at the end of the trace.
  bool next(DynInsn& out);
  /// After next() returned false: moves to the next window; false at the end of the trace.
  bool next_window();
  /// The current window's index (0 for a trace without windows).
  std::size_t window() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace axsim::workloads::cpu
