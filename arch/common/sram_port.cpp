// SPDX-License-Identifier: Apache-2.0
#include "arch/common/sram_port.hpp"

#include <fmt/format.h>

#include "sim/error.hpp"

namespace axsim::arch {

sim::SramCosts sram_costs(const sim::TechTable& tech, const SramSpec& spec) {
  const sim::SramCosts bank =
      tech.sram(spec.capacity_bytes / spec.banks, spec.width_bits, spec.dual_port);
  if (spec.banks <= 1) return bank;
  const std::string per_bank = " (one of " + std::to_string(spec.banks) + " banks)";
  const std::string all = " x " + std::to_string(spec.banks) + " banks";
  return {{bank.read_pj.value, bank.read_pj.source + per_bank},
          {bank.write_pj.value, bank.write_pj.source + per_bank},
          {bank.leakage_mw.value * spec.banks, bank.leakage_mw.source + all},
          {bank.area_um2.value * spec.banks, bank.area_um2.source + all}};
}

SramPort::SramPort(sim::Component& owner, const SramSpec& spec, const Actions& names)
    : owner_(owner), spec_(spec), costs_(sram_costs(owner.tech(), spec)) {
  AXSIM_ASSERT(spec.width_bits > 0 && spec.banks > 0);
  if (!names.read.empty()) read_ = owner.actions().declare(names.read, costs_.read_pj);
  if (!names.write.empty()) write_ = owner.actions().declare(names.write, costs_.write_pj);
  has_read_ = !names.read.empty();
  has_write_ = !names.write.empty();
}

std::uint64_t SramPort::add_words(bool read, std::uint64_t n) {
  AXSIM_ASSERT(read ? has_read_ : has_write_);
  owner_.actions().add(read ? read_ : write_, n);
  if (sim::Counter* stat = read ? read_stat_ : write_stat_) stat->add(n);
  return n;
}

namespace {
std::string binary_bytes(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.4g} KiB", double(bytes) / 1024);
  return fmt::format("{:.4g} MiB", double(bytes) / (1024.0 * 1024.0));
}
}  // namespace

std::string capacity_shortfall(const std::string& what, const SramSpec& spec, std::uint64_t bytes,
                               const std::string& per) {
  if (!exceeds_capacity(spec, bytes)) return "";
  return fmt::format("{} SRAM needs {} {}, has {}", what, binary_bytes(bytes), per,
                     binary_bytes(spec.capacity_bytes));
}

}  // namespace axsim::arch
