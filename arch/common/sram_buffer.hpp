// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/component.hpp"

namespace axsim::arch {

struct SramSpec {
  std::uint64_t capacity_bytes = 64 * 1024;
  std::uint32_t width_bits = 128;    ///< bits per access (one word)
  std::uint32_t element_bits = 8;    ///< bits of one stored value
  std::uint32_t banks = 1;           ///< equal banks an access touches one of (e.g. one per PE)
};

/// An on-chip SRAM buffer that holds real values (so the datapath computes from what was
/// loaded) and counts its accesses in words of `width_bits`. Read and write energy, leakage and
/// area come from the tech table's SRAM scaling rule for this capacity and width.
template <class T>
class SramBuffer : public sim::Component {
 public:
  SramBuffer(sim::SimContext& ctx, sim::Component* parent, std::string name, const SramSpec& spec)
      : Component(ctx, parent, std::move(name), "common.sram"),
        spec_(spec),
        data_(spec.capacity_bytes * 8 / spec.element_bits),
        reads_(stats().counter("read_words", "words", "word reads")),
        writes_(stats().counter("write_words", "words", "word writes")) {
    // An access reads one bank, so it costs a bank-sized array; area and leakage are the whole
    // capacity's (the rule is linear in capacity for both).
    const sim::SramCosts c = tech().sram(spec.capacity_bytes, spec.width_bits);
    const sim::SramCosts bank = tech().sram(spec.capacity_bytes / spec.banks, spec.width_bits);
    const std::string per_bank = spec.banks > 1 ? " (one of " + std::to_string(spec.banks) + " banks)" : "";
    read_ = actions().declare("read", {bank.read_pj.value, bank.read_pj.source + per_bank});
    write_ = actions().declare("write", {bank.write_pj.value, bank.write_pj.source + per_bank});
    set_area_um2(c.area_um2);
    set_leakage_mw(c.leakage_mw);
  }
  std::vector<T>& data() { return data_; }
  const SramSpec& spec() const { return spec_; }
  std::size_t capacity_elements() const { return data_.size(); }
  /// Counts one access of `elements` values (rounded up to whole words).
  void count_read(std::uint64_t elements) { add(reads_, read_, elements); }
  void count_write(std::uint64_t elements) { add(writes_, write_, elements); }

 private:
  void add(sim::Counter& stat, sim::ActionCounts::Id action, std::uint64_t elements) {
    const std::uint64_t words =
        (elements * spec_.element_bits + spec_.width_bits - 1) / spec_.width_bits;
    stat.add(words);
    actions().add(action, words);
  }
  SramSpec spec_;
  std::vector<T> data_;
  sim::Counter& reads_;
  sim::Counter& writes_;
  sim::ActionCounts::Id read_ = 0, write_ = 0;
};

}  // namespace axsim::arch
