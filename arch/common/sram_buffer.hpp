// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/common/sram_port.hpp"
#include "sim/component.hpp"

namespace axsim::arch {

/// An on-chip SRAM buffer that holds real values (so the datapath computes from what was
/// loaded): a component with one SramPort (actions "read" and "write", stats read_words and
/// write_words) and the SRAM model's area and leakage for its capacity.
template <class T>
class SramBuffer : public sim::Component {
 public:
  SramBuffer(sim::SimContext& ctx, sim::Component* parent, std::string name, const SramSpec& spec)
      : Component(ctx, parent, std::move(name), "common.sram"),
        data_(spec.capacity_bytes * 8 / spec.element_bits),
        reads_(stats().counter("read_words", "words", "word reads")),
        writes_(stats().counter("write_words", "words", "word writes")),
        port_(*this, spec) {
    port_.count_words_in(&reads_, &writes_);
    set_area_um2(port_.costs().area_um2);
    set_leakage_mw(port_.costs().leakage_mw);
  }
  std::vector<T>& data() { return data_; }
  const SramSpec& spec() const { return port_.spec(); }
  std::size_t capacity_elements() const { return data_.size(); }
  /// Counts one access of `elements` values (rounded up to whole words).
  void count_read(std::uint64_t elements) { port_.read(elements); }
  void count_write(std::uint64_t elements) { port_.write(elements); }

 private:
  std::vector<T> data_;
  sim::Counter& reads_;
  sim::Counter& writes_;
  SramPort port_;
};

}  // namespace axsim::arch
