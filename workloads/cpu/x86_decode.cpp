// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/x86_decode.hpp"

#include <capstone/capstone.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "sim/error.hpp"

namespace axsim::workloads::cpu {

namespace {

constexpr std::uint8_t kNoReg = 255;  // the instruction pointer

// Capstone's register names to the trace's numbering.
std::uint8_t reg_id(const char* name) {
  static const char* const gpr[16][4] = {
      {"rax", "eax", "ax", "al"},      {"rcx", "ecx", "cx", "cl"},
      {"rdx", "edx", "dx", "dl"},      {"rbx", "ebx", "bx", "bl"},
      {"rsp", "esp", "sp", "spl"},     {"rbp", "ebp", "bp", "bpl"},
      {"rsi", "esi", "si", "sil"},     {"rdi", "edi", "di", "dil"},
      {"r8", "r8d", "r8w", "r8b"},     {"r9", "r9d", "r9w", "r9b"},
      {"r10", "r10d", "r10w", "r10b"}, {"r11", "r11d", "r11w", "r11b"},
      {"r12", "r12d", "r12w", "r12b"}, {"r13", "r13d", "r13w", "r13b"},
      {"r14", "r14d", "r14w", "r14b"}, {"r15", "r15d", "r15w", "r15b"}};
  const std::string n = name ? name : "";
  for (int r = 0; r < 16; ++r)
    for (const char* alias : gpr[r])
      if (n == alias) return std::uint8_t(r);
  if (n == "ah") return 0;
  if (n == "ch") return 1;
  if (n == "dh") return 2;
  if (n == "bh") return 3;
  if (n == "rip" || n == "eip" || n == "ip") return kNoReg;
  if (n == "rflags" || n == "eflags" || n == "flags") return reg::kFlags;
  if (n == "fs" || n == "gs" || n == "cs" || n == "ds" || n == "es" || n == "ss")
    return reg::kSegment;
  if (n == "mxcsr") return reg::kSseControl;
  for (const char* v : {"xmm", "ymm", "zmm"})
    if (n.rfind(v, 0) == 0 && n.size() > 3 && std::isdigit(static_cast<unsigned char>(n[3]))) {
      const int k = std::stoi(n.substr(3));
      if (k < 32) return std::uint8_t(reg::kVector0 + k);
    }
  if (n.rfind("st", 0) == 0 || n.rfind("fp", 0) == 0 || n == "fpsw" || n == "fpcw")
    return reg::kX87;
  return reg::kOther;
}

bool starts(const char* s, const char* prefix) {
  return std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

bool is_float_op(const char* m) {
  // Scalar and packed floating-point arithmetic of SSE/AVX (addss, vmulpd, vfmadd231sd, ...).
  const std::size_t n = std::strlen(m);
  if (n < 4) return false;
  const char* tail = m + n - 2;
  const bool fp_suffix = !std::strcmp(tail, "ss") || !std::strcmp(tail, "sd") ||
                         !std::strcmp(tail, "ps") || !std::strcmp(tail, "pd");
  if (!fp_suffix) return false;
  const char* op = m[0] == 'v' ? m + 1 : m;
  for (const char* p : {"add",   "sub",   "mul",    "div",    "sqrt", "min",   "max",
                        "fmadd", "fmsub", "fnmadd", "fnmsub", "rcp",  "rsqrt", "round",
                        "cvt",   "comi",  "ucomi",  "cmp",    "dp",   "hadd",  "hsub"})
    if (starts(op, p)) return true;
  return false;
}

bool is_move(const char* m) {
  return starts(m, "mov") || starts(m, "vmov") || starts(m, "push") || starts(m, "pop") ||
         starts(m, "lods") || starts(m, "stos") || starts(m, "vpbroadcast") ||
         starts(m, "vbroadcast") || starts(m, "lddqu") || starts(m, "vlddqu");
}

bool in_group(const cs_insn* insn, std::uint8_t g) {
  const cs_detail* d = insn->detail;
  return std::find(d->groups, d->groups + d->groups_count, g) != d->groups + d->groups_count;
}

bool has_imm_target(const cs_insn* insn) {
  const cs_x86& x = insn->detail->x86;
  return x.op_count == 1 && x.operands[0].type == X86_OP_IMM;
}

InsnClass classify(const cs_insn* insn, const StaticInsn& s) {
  const char* m = insn->mnemonic;
  if (in_group(insn, X86_GRP_CALL))
    return has_imm_target(insn) ? InsnClass::kCall : InsnClass::kCallIndirect;
  if (in_group(insn, X86_GRP_RET)) return InsnClass::kReturn;
  if (in_group(insn, X86_GRP_JUMP)) {
    if (insn->id != X86_INS_JMP) return InsnClass::kBranchCond;  // jcc, jrcxz, loop
    return has_imm_target(insn) ? InsnClass::kJump : InsnClass::kJumpIndirect;
  }
  if (in_group(insn, X86_GRP_INT) || insn->id == X86_INS_SYSCALL || insn->id == X86_INS_SYSENTER)
    return InsnClass::kSyscall;
  if (insn->id == X86_INS_DIV || insn->id == X86_INS_IDIV) return InsnClass::kDivide;
  if (insn->id == X86_INS_MUL || insn->id == X86_INS_IMUL || insn->id == X86_INS_MULX)
    return InsnClass::kMultiply;
  if (in_group(insn, X86_GRP_FPU) || is_float_op(m)) return InsnClass::kFloat;
  if (insn->id == X86_INS_NOP || starts(m, "endbr") || starts(m, "prefetch"))
    return InsnClass::kNop;
  if (is_move(m) && !s.mem.empty()) {
    const bool loads =
        std::any_of(s.mem.begin(), s.mem.end(), [](const MemOp& o) { return !o.store; });
    const bool stores =
        std::any_of(s.mem.begin(), s.mem.end(), [](const MemOp& o) { return o.store; });
    if (loads && !stores) return InsnClass::kLoad;
    if (stores && !loads) return InsnClass::kStore;
  }
  const cs_x86& x = insn->detail->x86;
  for (std::uint8_t i = 0; i < x.op_count; ++i)
    if (x.operands[i].size >= 16) return InsnClass::kVector;  // xmm and wider operands
  return InsnClass::kAlu;
}

}  // namespace

struct X86Decoder::Impl {
  csh handle = 0;
  std::array<std::uint8_t, 512> ids{};  // capstone register -> trace register
  cs_insn* insn = nullptr;
};

X86Decoder::X86Decoder() : impl_(std::make_unique<Impl>()) {
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &impl_->handle) != CS_ERR_OK)
    throw sim::ConfigError("capstone: cannot open the x86-64 decoder");
  cs_option(impl_->handle, CS_OPT_DETAIL, CS_OPT_ON);
  impl_->insn = cs_malloc(impl_->handle);
  for (unsigned r = 0; r < impl_->ids.size(); ++r)
    impl_->ids[r] = reg_id(cs_reg_name(impl_->handle, r));
}

X86Decoder::~X86Decoder() {
  if (impl_->insn) cs_free(impl_->insn, 1);
  cs_close(&impl_->handle);
}

void X86Decoder::decode(StaticInsn& s) const {
  const std::uint8_t* code = s.bytes.data();
  std::size_t size = s.bytes.size();
  std::uint64_t pc = s.pc;
  if (!cs_disasm_iter(impl_->handle, &code, &size, &pc, impl_->insn) || size != 0)
    throw sim::ConfigError(fmt::format(
        "instruction at {:#x}: its {} bytes are not one x86-64 instruction", s.pc, s.bytes.size()));
  cs_regs read{}, written{};
  std::uint8_t n_read = 0, n_written = 0;
  cs_regs_access(impl_->handle, impl_->insn, read, &n_read, written, &n_written);
  const auto add = [&](std::vector<std::uint8_t>& to, std::uint16_t r) {
    const std::uint8_t id = r < impl_->ids.size() ? impl_->ids[r] : reg::kOther;
    if (id != kNoReg && std::find(to.begin(), to.end(), id) == to.end()) to.push_back(id);
  };
  s.src.clear(), s.dst.clear();
  for (std::uint8_t i = 0; i < n_read; ++i) add(s.src, read[i]);
  for (std::uint8_t i = 0; i < n_written; ++i) add(s.dst, written[i]);
  s.cls = classify(impl_->insn, s);
}

std::string X86Decoder::text(const StaticInsn& s) const {
  const std::uint8_t* code = s.bytes.data();
  std::size_t size = s.bytes.size();
  std::uint64_t pc = s.pc;
  if (!cs_disasm_iter(impl_->handle, &code, &size, &pc, impl_->insn)) return "(bad)";
  return std::string(impl_->insn->mnemonic) + (impl_->insn->op_str[0] ? " " : "") +
         impl_->insn->op_str;
}

}  // namespace axsim::workloads::cpu
