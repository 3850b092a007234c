// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "arch/ese/layer_image.hpp"
#include "arch/ese/pe.hpp"
#include "sim/component.hpp"

namespace axsim::arch::ese {

/// The element-wise units outside the PEs (ESE's ElemMul and the sigmoid / tanh units): a
/// pipeline that starts elementwise_units items per cycle and finishes each
/// elementwise_latency_cycles (plus the levels of the adder tree over the channels) later.
/// Every sum it reads adds the partial sums of all channels (each channel covers its columns). An item is one LSTM cell of one utterance (it reads the
/// four gate sums from the PEs' accumulators, looks the gates up in the rule's tables, updates
/// the cell state buffer and writes m), or one projection output (it reads the sum, shifts and
/// saturates it into h). Items finish in the order they start, so the controller can broadcast
/// m_k (or use h_j) as soon as it exists.
class ElementwiseUnit : public sim::Ticked {
 public:
  ElementwiseUnit(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                  const EseSpec& spec);
  void start_layer(const EseLayer& layer, std::vector<EsePe*> pes, sim::Ticked* consumer);
  /// New utterances in every lane: cell states back to 0.
  void clear_cells();
  /// Queues H x lanes cells (cell-major, lane-minor) of the sums the PEs just finished.
  void start_cells();
  /// Queues recurrent_in x lanes projection outputs.
  void start_projection_outputs();
  /// Items of the current batch of work finished by now.
  std::uint64_t finished();
  std::uint64_t queued() const { return total_; }
  std::int32_t m(std::size_t lane, std::size_t k) const { return m_[lane * hidden_ + k]; }
  std::int32_t h(std::size_t lane, std::size_t j) const { return h_[lane * rec_ + j]; }
  bool has_work() const override { return started_ < total_ || !pending_.empty(); }
  std::string state() const override;

 private:
  bool tick() override;
  void cell(std::size_t lane, std::size_t k);
  void projection_output(std::size_t lane, std::size_t j);
  std::int64_t sum(bool projection, std::size_t lane, std::size_t row);

  EseSpec spec_;
  const EseLayer* layer_ = nullptr;
  std::vector<EsePe*> pes_;
  sim::Ticked* consumer_ = nullptr;
  std::size_t hidden_ = 0, rec_ = 0, lanes_ = 1;
  bool projection_work_ = false;
  std::uint64_t total_ = 0, started_ = 0, finished_ = 0;
  struct Batch {
    std::uint64_t done_cycle, items_after;
  };
  std::deque<Batch> pending_;
  std::vector<std::int64_t> c_;
  std::vector<std::int32_t> m_, h_;
  sim::Counter& cells_;
  sim::Counter& outputs_;
  sim::ActionCounts::Id cell_, output_, reduce_;
  std::uint64_t latency_;  ///< the pipeline's depth plus the channel adder tree
};

}  // namespace axsim::arch::ese
