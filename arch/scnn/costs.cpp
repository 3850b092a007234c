// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/costs.hpp"

#include <fmt/format.h>

namespace axsim::arch::scnn {

namespace {

const ScnnSpec kPaper;  // the defaults are the paper's sizes (papers.md 2.1, 2.2)

double part(const sim::TechTable& t, const char* key, double factor, std::string& sources) {
  const sim::Cost c = t.area_um2(key);
  sources += (sources.empty() ? "" : "; ") + std::string(key) + ": " + c.source +
             (factor == 1.0 ? "" : fmt::format(" x{:.3g}", factor));
  return c.value * factor;
}

}  // namespace

PeCosts pe_costs(const sim::TechTable& t, const ScnnSpec& s) {
  const auto entry_bits = std::uint32_t(s.data_bits + s.index_bits);
  const std::uint64_t bank_bytes = std::uint64_t(s.bank_entries) * std::uint64_t(s.accumulator_bits) / 8;
  const std::uint64_t fifo_bytes = std::uint64_t(s.weight_fifo_entries) * entry_bits / 8;
  const sim::SramCosts acc = t.sram(bank_bytes, std::uint32_t(s.accumulator_bits));
  const sim::SramCosts iaram = t.sram(s.iaram_bytes, std::uint32_t(s.i) * entry_bits);
  const sim::SramCosts oaram = t.sram(s.oaram_bytes, std::uint32_t(s.i) * entry_bits);
  const sim::SramCosts fifo = t.sram(fifo_bytes, std::uint32_t(s.f) * entry_bits);
  PeCosts c{t.energy_pj("mac_int16"), t.energy_pj("scnn_coord_product"), t.energy_pj("scnn_xbar_product"),
            acc.read_pj,   acc.write_pj,  iaram.read_pj, fifo.read_pj, oaram.write_pj,
            t.energy_pj("scnn_halo_partial_sum"), fifo.write_pj, {}, {}};
  std::string src;
  const double ram = double(s.iaram_bytes + s.oaram_bytes) / double(kPaper.iaram_bytes + kPaper.oaram_bytes);
  const double mults = double(s.f * s.i) / double(kPaper.f * kPaper.i);
  const double xbar = mults * double(s.acc_banks) / double(kPaper.acc_banks);
  const double accs = double(s.accumulator_entries()) / double(kPaper.accumulator_entries());
  const double fifo_scale = double(s.weight_fifo_entries) / double(kPaper.weight_fifo_entries);
  const double area = part(t, "scnn_pe_ram", ram, src) + part(t, "scnn_weight_fifo", fifo_scale, src) +
                      part(t, "scnn_multiplier_array", mults, src) + part(t, "scnn_crossbar", xbar, src) +
                      part(t, "scnn_accumulators", accs, src) + part(t, "scnn_pe_other", 1.0, src);
  c.area_um2 = {area, src};
  const double leak = 2 * double(s.acc_banks) * acc.leakage_mw.value + iaram.leakage_mw.value +
                      oaram.leakage_mw.value + fifo.leakage_mw.value;
  c.leakage_mw = {leak, "SRAM rule: " + iaram.leakage_mw.source};
  return c;
}

}  // namespace axsim::arch::scnn
