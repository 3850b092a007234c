// SPDX-License-Identifier: Apache-2.0
// EIE (Han et al., ISCA 2016): sparse, weight-shared fully connected layers on N PEs. See
// docs/units/eie.md for the model, its assumptions and its validation.
#include <algorithm>
#include <fmt/format.h>
#include <memory>

#include "arch/common/unit_spec.hpp"
#include "arch/eie/ccu.hpp"
#include "arch/eie/eie_params.hpp"
#include "arch/layer_unit.hpp"

namespace axsim::arch::eie {

namespace {

class EieUnit : public LayerUnit {
 public:
  EieUnit(sim::Simulation& sim, const std::string& name, const EieSpec& spec)
      : LayerUnit(sim.ctx(), nullptr, name, "eie"),
        spec_(spec),
        clock_(sim.clock(spec.clock)),
        ticks_(sim.ctx().queue, clock_),
        spmat_bytes_(stats().counter("spmat_bytes_needed", "bytes",
                                     "largest sparse-matrix SRAM image of one PE")),
        ptr_bytes_(stats().counter("ptr_bytes_needed", "bytes",
                                   "largest pointer SRAM image of one PE")),
        act_bytes_(stats().counter("act_sram_bytes_needed", "bytes",
                                   "input plus output activations of one PE")),
        overflows_(stats().counter("capacity_exceeded", "memories",
                                   "SRAMs (spmat, ptr, act) or pointers too small for the layer: "
                                   "the layer would not fit the configured chip")),
        relaid_(stats().counter("images_relaid", "layers",
                                "layers whose stored per-PE image was laid out again (the trace "
                                "was encoded for another PE count, or the layer needs several "
                                "output batches)")) {
    std::vector<ProcessingElement*> raw;
    for (int k = 0; k < spec.num_pes; ++k) {
      pes_.push_back(std::make_unique<ProcessingElement>(sim.ctx(), this, k, clock_, spec));
      raw.push_back(pes_.back().get());
    }
    ccu_ = std::make_unique<CentralControl>(sim.ctx(), this, clock_, spec, std::move(raw));
    ccu_->join(ticks_);
    for (const auto& pe : pes_) pe->join(ticks_);
  }

  std::vector<std::string> accepted_formats() const override { return {"eie_csc"}; }
  void check_layer(const workloads::Layer& layer) const override { check_runnable(layer, spec_); }
  void start_layer(const workloads::Layer& layer) override {
    prepared_ = std::make_unique<EieLayer>(prepare_layer(layer, spec_));
    output_.assign(std::size_t(prepared_->rows), 0);
    const workloads::WeightEncoding& e = *layer.encoding("eie_csc");
    count_capacity(e, *prepared_);
    relaid_.add(prepared_->relaid ? 1 : 0);
    ccu_->start_layer(*prepared_, e.code_bits + e.index_bits, output_);
  }
  bool layer_done() const override { return ccu_->done(); }
  const std::vector<std::int32_t>& layer_output() const override { return output_; }
  std::uint64_t layer_ops(const workloads::Layer&) const override {
    std::uint64_t ops = 0;
    for (const auto& pe : pes_) ops += pe->ops();
    return ops;
  }
  sim::Tick layer_ticks() const override { return ccu_->finish_tick() - ccu_->start_tick(); }
  const sim::ClockDomain& clock() const override { return clock_; }
  double peak_macs_per_cycle() const override { return spec_.num_pes; }
  /// A lane per PE.
  sim::PhaseCycleStack phase_cycle_stack() const override {
    sim::PhaseCycleStack stack{std::uint32_t(pes_.size()), {}};
    const std::uint64_t end = ccu_->finish_tick() / clock_.period_ps();
    for (const auto& pe : pes_) stack.sum.add(pe->cycle_stack(end));
    return stack;
  }
  std::vector<std::string> phase_shortfalls() const override { return shortfalls_; }

 private:
  // What the layer needs of each PE's memories (the model does not stop a layer that does not
  // fit: it reports it, so a sweep shows where a design runs out of SRAM).
  void count_capacity(const workloads::WeightEncoding& stored, const EieLayer& e) {
    const std::uint64_t entry_bits = std::uint64_t(stored.code_bits + stored.index_bits);
    std::uint64_t spmat = 0, ptr = 0, widest_pointer = 0;
    for (std::size_t k = 0; k < pes_.size(); ++k) {
      std::uint64_t entries = 0, pointers = 0;
      for (const Batch& b : e.batches) {
        entries += b.pes[k].entries.size();
        pointers += b.pes[k].pointers.size();
        widest_pointer = std::max<std::uint64_t>(widest_pointer, b.pes[k].entries.size());
      }
      spmat = std::max(spmat, (entries * entry_bits + 7) / 8);
      ptr = std::max(ptr, (pointers * std::uint64_t(spec_.pointer_bits) + 7) / 8);
    }
    const auto n = std::uint64_t(spec_.num_pes);
    const std::uint64_t act = ((std::uint64_t(e.cols) + n - 1) / n + (std::uint64_t(e.rows) + n - 1) / n) *
                              std::uint64_t(spec_.data_bits) / 8;
    spmat_bytes_.add(spmat), ptr_bytes_.add(ptr), act_bytes_.add(act);
    shortfalls_.clear();
    auto check = [&](const char* what, const SramSpec& sram, std::uint64_t bytes) {
      std::string line = capacity_shortfall(what, sram, bytes, "per PE");
      if (!line.empty()) shortfalls_.push_back(std::move(line));
    };
    check("sparse-matrix", spec_.spmat_sram(), spmat);
    check("pointer", spec_.ptr_sram(), ptr);
    check("activation", spec_.act_sram(), act);
    if (widest_pointer >> spec_.pointer_bits != 0)
      shortfalls_.push_back(fmt::format("a PE holds {} entries of one batch, more than {}-bit "
                                        "pointers address", widest_pointer, spec_.pointer_bits));
    overflows_.add(shortfalls_.size());
  }

  EieSpec spec_;
  const sim::ClockDomain& clock_;
  sim::TickGroup ticks_;  ///< the control unit and the PEs: one event per cycle
  sim::Counter& spmat_bytes_;
  sim::Counter& ptr_bytes_;
  sim::Counter& act_bytes_;
  sim::Counter& overflows_;
  sim::Counter& relaid_;
  std::vector<std::unique_ptr<ProcessingElement>> pes_;
  std::unique_ptr<CentralControl> ccu_;
  std::unique_ptr<EieLayer> prepared_;
  std::vector<std::string> shortfalls_;
  std::vector<std::int32_t> output_;
};

UnitInfo registration() {
  UnitInfo u = eie_info();
  u.formats = {"eie_csc"};
  u.read = [](ParamReader& r, const ParseContext& ctx) -> std::unique_ptr<UnitSpec> {
    return std::make_unique<SpecOf<EieSpec, EieUnit>>(read_eie(r, ctx));
  };
  return u;
}

}  // namespace

AXSIM_REGISTER_UNIT(registration());

}  // namespace axsim::arch::eie
