// SPDX-License-Identifier: Apache-2.0
// The DRAM presets: organization, timings (cycles of tCK, rounded up from the datasheet's ns
// values as JEDEC requires) and IDD currents of one datasheet each. docs/dram.md lists them.
#include "arch/common/dram/ddr_spec.hpp"

namespace axsim::arch::dram {

namespace {

DdrSpec ddr3_1600() {
  DdrSpec s;
  s.name = "ddr3_1600";
  s.part = "4Gb DDR3-1600K x8 (Micron MT41J512M8-125, die rev. E/J)";
  s.source = "Micron 4Gb DDR3 SDRAM datasheet MT41J512M8, speed bin -125 (11-11-11), IDD max "
             "at 1.5 V; as transcribed in gem5 DDR3_1600_8x8 and DRAMsim3 DDR3_4Gb_x8_1600";
  s.org = {1, 1, 1, 8, 65536, 1024, 8, 8, 8};
  s.t = {1250, 11, 8, 11, 11, 28, 39, 5, 5, 24, 4, 4, 12, 6, 6, 6, 208, 6240, 5};
  // IDD2P / IDD3P (fast-exit power-down) as in DRAMsim3's DDR3_4Gb_x8_1600.
  s.supplies = {{"VDD", 1.5, 55, 32, 38, 157, 125, 235, 18, 38}};
  return s;
}

DdrSpec ddr4_2400() {
  DdrSpec s;
  s.name = "ddr4_2400";
  s.part = "8Gb DDR4-2400R x8 (Micron MT40A1G8-083E)";
  s.source = "Micron 8Gb DDR4 SDRAM datasheet MT40A1G8, speed bin -083E (16-16-16), JESD79-4 "
             "speed-bin timings; IDD/IPP max as transcribed in gem5 DDR4_2400_8x8 and DRAMsim3 "
             "DDR4_8Gb_x8_2400";
  s.org = {1, 1, 4, 4, 65536, 1024, 8, 8, 8};
  s.t = {833, 16, 12, 16, 16, 39, 55, 4, 6, 26, 4, 6, 18, 3, 9, 9, 420, 9360, 8};
  // VPP: the transcriptions give IPP0 = IPP3N = 3 mA and no other state; 3 mA is used for all.
  s.supplies = {{"VDD", 1.2, 48, 34, 43, 135, 123, 250, 25, 37},
                {"VPP", 2.5, 3, 3, 3, 3, 3, 3, 3, 3}};
  return s;
}

DdrSpec lpddr4_3200() {
  DdrSpec s;
  s.name = "lpddr4_3200";
  s.part = "LPDDR4-3200, one x16 channel of 8Gb";
  s.source = "timings: JEDEC JESD209-4 for 8Gb per channel (DRAMSys memspec "
             "JEDEC_8Gb_LPDDR4-3200_16bit); currents: Micron 6Gb LPDDR4-3200 (DRAMSys memspec "
             "MICRON_6Gb_LPDDR4-3200_32bit_A), VDD1 and VDD2, per channel (assumed), VDDQ "
             "(I/O) not included";
  s.org = {1, 1, 1, 8, 65536, 1024, 16, 1, 16};
  s.t = {625, 28, 14, 29, 29, 68, 97, 16, 16, 64, 8, 8, 29, 16, 16, 12, 448, 6246, 12};
  s.supplies = {{"VDD1", 1.8, 3.5, 2.0, 2.25, 2.25, 2.25, 10, 1.2, 1.2},
                {"VDD2", 1.1, 45, 27, 30, 275, 210, 90, 3.0, 9.0}};
  return s;
}

}  // namespace

const std::vector<DdrSpec>& ddr_presets() {
  static const std::vector<DdrSpec> all = {ddr3_1600(), ddr4_2400(), lpddr4_3200()};
  return all;
}

const DdrSpec* find_ddr_preset(const std::string& name) {
  for (const DdrSpec& s : ddr_presets())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace axsim::arch::dram
