// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "arch/dlac/dlac_spec.hpp"
#include "arch/dlac/layer_image.hpp"
#include "arch/dlac/pe.hpp"
#include "sim/component.hpp"

namespace axsim::arch::dlac {

/// A buffer shared along the grid (`dlac.weight_buffers` along PE rows, `dlac.ifm_buffers` along
/// PE columns): each cycle it sends its line's next operand (a weight word of the row's output
/// channels, or the column pixel's next input term) to every PE of the line that takes part in
/// the pass, once all of them have room; so a line moves at the pace of its slowest PE.
struct BufferLine {
  std::size_t pass = 0;
  int k = 0;
  bool finished = false;
};

/// The PE grid and its buffers, stepped cycle by cycle while a layer runs: every PE steps
/// (skip control, FP operations, drain), then every buffer line sends its next operand. One
/// handler per cycle; nothing outside the grid sees its state until the layer ends.
class DlacGrid : public sim::Ticked {
 public:
  DlacGrid(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
           const DlacSpec& spec);
  void start_layer(const DlacLayer& layer, std::vector<std::int32_t>& out);
  bool done() const { return done_; }
  sim::Tick start_tick() const { return start_tick_; }
  sim::Tick finish_tick() const { return finish_tick_; }
  const std::vector<std::unique_ptr<DlacPe>>& pes() const { return pes_; }
  std::uint64_t executed() const;
  std::string state() const override;

 protected:
  bool tick() override;

 private:
  DlacPe& pe(int r, int c) { return *pes_[std::size_t(r * spec_.pe_cols + c)]; }
  /// Sends the next operand of PE row `index` (a weight word) or column `index` (an input).
  void send(bool is_row, int index);
  /// Skips the passes in which no PE of the line takes part.
  void skip_idle_passes(BufferLine& line, bool is_row, int index);

  const DlacSpec spec_;
  const DlacLayer* layer_ = nullptr;
  std::vector<std::unique_ptr<DlacPe>> pes_;
  std::unique_ptr<sim::Component> weight_buffers_, ifm_buffers_;
  std::vector<BufferLine> rows_, cols_;
  std::uint64_t cycle_ = 0;
  bool done_ = true;
  sim::Tick start_tick_ = 0, finish_tick_ = 0;
  sim::Counter &words_, &reads_, &row_stalls_, &col_stalls_, &passes_;
  sim::ActionCounts::Id word_read_ = 0, act_read_ = 0;
};

}  // namespace axsim::arch::dlac
