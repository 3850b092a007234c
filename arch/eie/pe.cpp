// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/pe.hpp"

#include "arch/eie/costs.hpp"

namespace axsim::arch::eie {

namespace {

sparse::PeParts parts(const sim::TechTable& t, const EieSpec& spec) {
  return {"eie",
          spec.act_queue_depth,
          act_queue_costs(t, spec),
          sram_costs(t, spec.ptr_sram()),
          sram_costs(t, spec.spmat_sram()),
          spec.spmat_width_bits,
          mac_costs(t, spec)};
}

}  // namespace

ProcessingElement::ProcessingElement(sim::SimContext& ctx, sim::Component* parent, int index,
                                     const sim::ClockDomain& clock, const EieSpec& spec)
    : SparsePe(ctx, parent, "pe" + std::to_string(index), clock, parts(*ctx.tech, spec)),
      index_(index),
      num_pes_(spec.num_pes),
      data_bits_(spec.data_bits),
      act_rw_(ctx, this, spec) {}

void ProcessingElement::start_batch(const EieLayer& layer, const Batch& batch, int entry_bits) {
  const PeSlice& slice = batch.pes[std::size_t(index_)];
  local_rows_ = static_cast<int>((batch.rows - index_ + num_pes_ - 1) / num_pes_);
  if (local_rows_ < 0) local_rows_ = 0;
  act_rw_.clear_destination(local_rows_);
  load(&slice, entry_bits, {&layer.codebook, layer.code_offset, layer.output_shift, data_bits_},
       &act_rw_.destination());
}

}  // namespace axsim::arch::eie
