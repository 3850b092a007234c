// SPDX-License-Identifier: Apache-2.0
// A DDR device family as the controller sees it: organization, command timings (in cycles of
// the device clock tCK) and the datasheet currents that price each command (DRAMPower's method).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/time.hpp"

namespace axsim::arch::dram {

struct DdrOrganization {
  int channels = 1;
  int ranks = 1;
  int bank_groups = 1;       ///< 1 for DDR3 and LPDDR4
  int banks_per_group = 8;
  std::uint32_t rows = 65536;     ///< per bank
  std::uint32_t columns = 1024;   ///< per row, in device-width words
  int device_width_bits = 8;
  int devices_per_rank = 8;
  int burst_length = 8;           ///< data beats per column command (two per clock)

  int banks() const { return bank_groups * banks_per_group; }
  int bus_width_bits() const { return device_width_bits * devices_per_rank; }
  std::uint32_t burst_bytes() const { return std::uint32_t(bus_width_bits() / 8 * burst_length); }
  std::uint32_t bursts_per_row() const { return columns / std::uint32_t(burst_length); }
};

/// Command timings in cycles of tCK (JEDEC names; _s / _l: different / same bank group).
struct DdrTiming {
  sim::Tick tck_ps = 1250;
  int cl = 11, cwl = 8, rcd = 11, rp = 11, ras = 28, rc = 39;
  int rrd_s = 5, rrd_l = 5, faw = 24, ccd_s = 4, ccd_l = 4;
  int wr = 12, wtr_s = 6, wtr_l = 6, rtp = 6;
  int rfc = 208, refi = 6240;
  int xp = 5;  ///< power-down exit to the next command
};

/// One supply rail's datasheet currents per device, in mA (IDD0: one bank ACT-PRE at tRC;
/// IDD2N / IDD3N: precharged / active standby; IDD4R / IDD4W: burst read / write; IDD5B: burst
/// refresh at tRFC; IDD2P / IDD3P: precharge / active power-down).
struct DdrSupply {
  std::string name = "VDD";
  double volts = 1.5;
  double idd0_ma = 0, idd2n_ma = 0, idd3n_ma = 0, idd4r_ma = 0, idd4w_ma = 0, idd5b_ma = 0;
  double idd2p_ma = 0, idd3p_ma = 0;
};

struct DdrSpec {
  std::string name;     ///< the preset ("ddr3_1600")
  std::string part;     ///< the device whose datasheet the numbers come from
  std::string source;   ///< citation for timings and currents
  DdrOrganization org;
  DdrTiming t;
  std::vector<DdrSupply> supplies;
  // Controller choices (not the device's): see dram_params.cpp for their docs.
  bool open_page = true;
  std::string mapping = "ro:ra:ba:co:bg:ch";
  int queue_depth = 32;               ///< bursts per channel the scheduler may choose among
  int interface_latency_cycles = 16;  ///< controller front end, PHY and return path
  int row_hit_cap = 16;               ///< FR-FCFS: hits served while an older conflict waits
  int powerdown_idle_cycles = 64;     ///< an idle channel's ranks power down after this (0: never)

  int burst_cycles() const { return org.burst_length / 2; }
  /// Peak data rate of all channels in bytes per tCK.
  double peak_bytes_per_cycle() const {
    return double(org.burst_bytes()) * org.channels / burst_cycles();
  }
  /// An idle read to a closed bank: ACT, tRCD, RD, CL, the burst, the interface.
  int idle_read_cycles() const { return t.rcd + t.cl + burst_cycles() + interface_latency_cycles; }
};

/// The presets ("ddr3_1600", "ddr4_2400", "lpddr4_3200"), each from one datasheet.
const std::vector<DdrSpec>& ddr_presets();
/// nullptr if `name` is not a preset.
const DdrSpec* find_ddr_preset(const std::string& name);

}  // namespace axsim::arch::dram
