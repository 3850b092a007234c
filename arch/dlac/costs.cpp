// SPDX-License-Identifier: Apache-2.0
#include "arch/dlac/costs.hpp"

namespace axsim::arch::dlac {

sim::OpCosts fp_add_costs(const sim::TechTable& t, const DlacSpec& s) {
  return t.logic("fp_add", std::uint32_t(s.value_bits()));
}

sim::OpCosts fp_mult_costs(const sim::TechTable& t, const DlacSpec& s) {
  return t.logic("fp_mult", std::uint32_t(s.value_bits()));
}

sim::SramCosts output_buffer_costs(const sim::TechTable& t, const DlacSpec& s) {
  return t.register_file(2 * std::uint64_t(s.ofm_buffers), std::uint32_t(s.value_bits()));
}

std::uint32_t queue_entry_bits(const DlacSpec& s) {
  // The widest weight word (16-bit levels of a full-precision layer) plus an activation.
  return std::uint32_t(16 * s.ofm_buffers + s.value_bits());
}

sim::SramCosts queue_costs(const sim::TechTable& t, const DlacSpec& s) {
  return t.register_file(std::uint64_t(s.queue_depth), queue_entry_bits(s));
}

}  // namespace axsim::arch::dlac
