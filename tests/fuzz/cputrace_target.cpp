// SPDX-License-Identifier: Apache-2.0
// CPU-trace fuzz entry point: the bytes through CpuTraceReader (a packed .axct), through
// pack_raw_trace (axtrace's raw stream) into a sink that keeps nothing, and through
// read_champsim (a ChampSim trace) into a scratch .axct, and as SimPoint's basic-block vectors
// and a simpoints file; accepted when any reads them to the end.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "workloads/cpu/champsim.hpp"
#include "workloads/cpu/cpu_trace.hpp"
#include "workloads/cpu/raw_trace.hpp"
#include "workloads/cpu/simpoints.hpp"
#include "workloads/cpu/x86_decode.hpp"

namespace axsim::fuzz {

namespace {

namespace cpu = workloads::cpu;

class NullSink : public cpu::CpuTraceSink {
 public:
  std::uint32_t add_static(const cpu::StaticInsn&) override { return statics_++; }
  void add(const cpu::DynInsn&) override {}

 private:
  std::uint32_t statics_ = 0;
};

}  // namespace

Outcome fuzz_cputrace_bytes(const std::uint8_t* data, std::size_t size) {
  Outcome o;
  try {
    cpu::CpuTraceReader r(std::vector<std::uint8_t>(data, data + size), "fuzz.axct");
    cpu::DynInsn d;
    while (r.next(d) || r.next_window()) {  // every window, to the end record's checks
    }
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
  }
  try {
    static const cpu::X86Decoder decoder;
    NullSink sink;
    cpu::pack_raw_trace({data, size}, "fuzz.raw", decoder, sink);
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    if (!o.accepted) o.error += std::string("; ") + e.what();
  }
  try {  // SimPoint's basic-block vectors, and simpoints chosen from a few of them
    const cpu::BbvProfile p = cpu::parse_bbv({data, size}, "fuzz.bb");
    if (p.intervals.size() <= 64) {
      cpu::SimPointOptions opt;
      opt.interval = p.instructions.front(), opt.max_k = 4, opt.warmup = 10;
      cpu::choose_simpoints(p, opt);
    }
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    if (!o.accepted) o.error += std::string("; ") + e.what();
  }
  try {  // a simpoints file's windows
    cpu::parse_simpoint_windows({data, size}, "fuzz.json");
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    if (!o.accepted) o.error += std::string("; ") + e.what();
  }
  try {  // a ChampSim trace (xz), written out as a CPU trace
    static const std::string out = (std::filesystem::temp_directory_path() /
                                    ("axsim_fuzz_champsim_" + std::to_string(::getpid()) + ".axct"))
                                       .string();
    cpu::read_champsim({data, size}, "fuzz.champsim.xz", 64, out);
    std::filesystem::remove(out);
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    if (!o.accepted) o.error += std::string("; ") + e.what();
  }
  return o;
}

}  // namespace axsim::fuzz
