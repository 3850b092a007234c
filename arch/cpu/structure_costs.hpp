// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "sim/energy.hpp"

namespace axsim::arch::cpu {

/// Per-access costs of a core's tables, from the tech table's arrays (docs/units/cgooo.md).
/// A RAM of `entries` x `bits` is the tech table's SRAM of that size (a flip-flop file below its
/// smallest array); every port past the first adds `kPortGrowth` of a cell side to each side
/// of a cell, so energy per access grows with the side and area and leakage with its square.
/// A CAM search compares `bits` in every entry: a stored bit read and a 2:1 mux (the XOR) per
/// bit and entry.
struct TableCosts {
  sim::Cost read_pj, write_pj, search_pj, leakage_mw, area_um2;
};

/// Each port adds a wire track to each side of a cell about five tracks wide (after Rixner et
/// al., "Register organization for media processing", HPCA 2000); docs/units/cgooo.md measures it.
inline constexpr double kPortGrowth = 0.2;

TableCosts ram_costs(const sim::TechTable& t, std::uint32_t entries, std::uint32_t bits,
                     std::uint32_t ports, const std::string& what);
TableCosts cam_costs(const sim::TechTable& t, std::uint32_t entries, std::uint32_t tag_bits,
                     std::uint32_t data_bits, std::uint32_t ports, const std::string& what);

}  // namespace axsim::arch::cpu
