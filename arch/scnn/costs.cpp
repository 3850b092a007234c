// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/costs.hpp"

#include "arch/common/paper_scaling.hpp"

namespace axsim::arch::scnn {

namespace {

const ScnnSpec kPaper;  // the defaults are the paper's sizes (papers.md 2.1, 2.2)

// Table 4's rows, each scaled by the size it grows with.
sim::Cost pe_area(const sim::TechTable& t, const ScnnSpec& s) {
  const double ram = size_ratio(double(s.iaram_bytes + s.oaram_bytes),
                                double(kPaper.iaram_bytes + kPaper.oaram_bytes));
  const double mults = size_ratio(double(s.f * s.i), double(kPaper.f * kPaper.i));
  const double xbar = mults * size_ratio(double(s.acc_banks), double(kPaper.acc_banks));
  const double accs =
      size_ratio(double(s.accumulator_entries()), double(kPaper.accumulator_entries()));
  const double fifo = size_ratio(double(s.weight_fifo_entries), double(kPaper.weight_fifo_entries));
  ScaledSum area;
  area.add("scnn_pe_ram", t.area_um2("scnn_pe_ram"), ram);
  area.add("scnn_weight_fifo", t.area_um2("scnn_weight_fifo"), fifo);
  area.add("scnn_multiplier_array", t.area_um2("scnn_multiplier_array"), mults);
  area.add("scnn_crossbar", t.area_um2("scnn_crossbar"), xbar);
  area.add("scnn_accumulators", t.area_um2("scnn_accumulators"), accs);
  area.add("scnn_pe_other", t.area_um2("scnn_pe_other"), 1.0);
  return area.total();
}

}  // namespace

PeCosts pe_costs(const sim::TechTable& t, const ScnnSpec& s) {
  const sim::SramCosts acc = sram_costs(t, s.acc_bank_sram());
  const sim::SramCosts iaram = sram_costs(t, s.iaram_sram());
  const sim::SramCosts oaram = sram_costs(t, s.oaram_sram());
  const sim::SramCosts fifo = sram_costs(t, s.weight_fifo_sram());
  const double leak = 2 * double(s.acc_banks) * acc.leakage_mw.value + iaram.leakage_mw.value +
                      oaram.leakage_mw.value + fifo.leakage_mw.value;
  return {pe_area(t, s), {leak, "SRAM rule: " + iaram.leakage_mw.source}};
}

}  // namespace axsim::arch::scnn
