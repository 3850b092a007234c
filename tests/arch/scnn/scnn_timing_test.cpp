// SPDX-License-Identifier: Apache-2.0
// The SCNN unit's cycles against hand counts (docs/units/scnn.md, "The model"). Every layer here
// is one input channel in one DRAM request of a few bytes: sent at cycle 0, it reaches the DRAM
// at 1, takes one transfer cycle and comes back after the 10-cycle latency, so the first chunk is
// written into every weight FIFO at cycle 12 and readable at 13 (the FIFO is registered at both
// ends: a chunk is readable, and the room a pop frees writable, the cycle after). In each cycle
// the crossbar first moves the queue heads, then the multiplier array issues one pair into the
// room left. Control is registered too: the PEs start a group the cycle after the sequencer
// starts it (cycle 1 for the first), and the sequencer sees a PE at the barrier, or a drain
// done, from the cycle after its last product landed or its last output left.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/arch/scnn/scnn_bench.hpp"
#include "workloads/compress/make_layer.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::scnn_timing_test {
namespace {

using nlohmann::json;

json params(int rows, int cols) { return test::scnn_grid(rows, cols); }
using Bench = test::ScnnGridBench;

/// One input channel, a 1 x w plane, m output channels of k x k kernels (pad), given values.
workloads::Layer row_layer(int w, int m, int k, int pad, std::vector<std::int32_t> acts) {
  workloads::LayerShape s;
  s.in_channels = 1, s.in_h = 1, s.in_w = w, s.out_channels = m;
  s.kernel_h = s.kernel_w = k, s.pad_h = s.pad_w = pad;
  return workloads::make_layer("row", s, std::vector<std::int32_t>(s.weight_count(), 2),
                               std::move(acts), {"scnn"});
}

// One PE, one weight, 8 activations at 8 outputs in 8 banks: 2 pairs at cycles 13 and 14 (the
// second issues as the crossbar empties the first's queues), the chunk leaves the FIFO at 15,
// the last products reach their banks at 15, the PE is at the barrier at 16, and the PPU drains
// the 8 outputs at 4 per cycle in cycles 16 and 17: the layer ends at 18.
TEST(ScnnTiming, OnePeByHand) {
  const workloads::Layer l = row_layer(8, 1, 1, 0, {1, 2, 3, 4, 5, 6, 7, 8});
  Bench b(params(1, 1));
  EXPECT_EQ(b.run(l), 18u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  EXPECT_EQ(b.stat("scnn.pe0_0", "multiply_cycles"), 2.0);
  EXPECT_EQ(b.stat("scnn.pe0_0", "vector_pairs"), 2.0);
  EXPECT_EQ(b.stat("scnn.pe0_0", "weight_wait_cycles"), 12.0);  // from its start, at 1
  EXPECT_EQ(b.stat("scnn.pe0_0", "crossbar_stall_cycles"), 0.0);
  EXPECT_EQ(b.stat("scnn.pe0_0", "lost_arbitrations"), 0.0);
  EXPECT_EQ(b.stat("scnn.pe0_0", "queue_drain_cycles"), 1.0);
  EXPECT_EQ(b.stat("scnn.post_processing", "drain_cycles"), 2.0);
}

// The same layer with one accumulator bank: a bank takes one product per cycle. With one-deep
// queues the four products of the first pair (issued at 13) leave at 14, 15, 16, 17 (rotating
// priority: lane 0 first at 14, then 1, 2, 3), each cycle's losers wait (3 + 2 + 1), and the
// second pair waits for room until 17 (3 stall cycles); its products leave at 18..21 (another
// 3 + 2 + 1 losses), the PE is at the barrier at 22 and the layer ends at 24. Two-deep queues
// take the second pair at 14 without stalling, but the one bank still retires one product per
// cycle: the same 24.
TEST(ScnnTiming, OneBankSerialisesTheProductsByHand) {
  const workloads::Layer l = row_layer(8, 1, 1, 0, {1, 2, 3, 4, 5, 6, 7, 8});
  for (int depth : {1, 2}) {
    json p = params(1, 1);
    p["acc_banks"] = 1, p["bank_entries"] = 1024, p["product_queue_depth"] = depth;
    Bench b(p);
    EXPECT_EQ(b.run(l), 24u) << depth;
    EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
    EXPECT_EQ(b.stat("scnn.pe0_0", "multiply_cycles"), 2.0);
    EXPECT_EQ(b.stat("scnn.pe0_0", "crossbar_stall_cycles"), depth == 1 ? 3.0 : 0.0) << depth;
    EXPECT_EQ(b.stat("scnn.pe0_0", "queue_drain_cycles"), depth == 1 ? 4.0 : 7.0) << depth;
  }
}

// Two PEs side by side over a 1 x 4 input, 3 x 3 kernel, pad 1 (only the kernel's middle row
// lands on the 1-high output). Each PE runs 3 pairs (9 weights in vectors of 4, 4, 1, against
// its 2 activations) in cycles 13-15; in the second pair two products meet at one bank, so one
// waits until 16, and both PEs are at the barrier at 17. Each owns 2 outputs and reaches one of
// its neighbour's: at 17 each sends its halo sum (arriving at 18) and the PPUs drain what needs
// no halo (PE 0 its output 0; PE 1 must wait at once, for output 2); at 18 the sums are added
// and the rest drains. The layer ends at 19.
TEST(ScnnTiming, TwoPesExchangeTheirHaloByHand) {
  const workloads::Layer l = row_layer(4, 1, 3, 1, {3, 3, 3, 3});
  Bench b(params(1, 2));
  EXPECT_EQ(b.run(l), 19u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  for (const char* pe : {"scnn.pe0_0", "scnn.pe0_1"}) {
    EXPECT_EQ(b.stat(pe, "multiply_cycles"), 3.0) << pe;
    EXPECT_EQ(b.stat(pe, "lost_arbitrations"), 1.0) << pe;
    EXPECT_EQ(b.stat(pe, "queue_drain_cycles"), 1.0) << pe;
  }
  EXPECT_EQ(b.stat("scnn.post_processing", "halo_sums"), 2.0);
  EXPECT_EQ(b.stat("scnn.post_processing", "halo_sums_beyond_neighbours"), 0.0);
  EXPECT_EQ(b.stat("scnn.post_processing", "ppu_halo_wait_cycles"), 2.0);
  EXPECT_EQ(b.stat("scnn.post_processing", "drain_cycles"), 2.0);
  EXPECT_EQ(b.stat("scnn.sequencer", "barrier_wait_cycles"), 0.0);
}

// A 2 x 2 plane on 2 x 2 PEs, 3 x 3 kernel, pad 1: each PE holds one activation, whose products
// reach all four outputs, so it sends three halo sums: two to the PEs beside it and one to the PE
// diagonally across, which a mesh would route over two links (counted, sent over one).
TEST(ScnnTiming, DiagonalHaloSumsAreCounted) {
  workloads::LayerShape s;
  s.in_channels = 1, s.in_h = s.in_w = 2, s.out_channels = 1;
  s.kernel_h = s.kernel_w = 3, s.pad_h = s.pad_w = 1;
  const workloads::Layer l = workloads::make_layer(
      "square", s, std::vector<std::int32_t>(s.weight_count(), 2), {1, 2, 3, 4}, {"scnn"});
  Bench b(params(2, 2));
  b.run(l);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  EXPECT_EQ(b.stat("scnn.post_processing", "halo_sums"), 12.0);
  EXPECT_EQ(b.stat("scnn.post_processing", "halo_sums_beyond_neighbours"), 4.0);
}

// A one-row layer (a 1-D convolution) runs on every PE as one chain of tiles snaking over the
// mesh: on 2 x 2 PEs its 8 columns go two by two to PEs 0, 1, 3, 2, so every PE multiplies and
// every halo sum goes to a mesh neighbour.
TEST(ScnnTiming, AOneRowLayerRunsOnEveryPeAsAChain) {
  const workloads::Layer l = row_layer(8, 1, 3, 1, {1, 2, 3, 4, 5, 6, 7, 8});
  Bench b(params(2, 2));
  b.run(l);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  for (const char* pe : {"scnn.pe0_0", "scnn.pe0_1", "scnn.pe1_0", "scnn.pe1_1"})
    EXPECT_GT(b.stat(pe, "multiply_cycles"), 0.0) << pe;
  EXPECT_EQ(b.stat("scnn.post_processing", "halo_sums"), 6.0);  // one each way at 3 boundaries
  EXPECT_EQ(b.stat("scnn.post_processing", "halo_sums_beyond_neighbours"), 0.0);
}

// Eight output channels of 1 x 1 kernels over 4 activations: a block of 8 weights. A weight FIFO
// of 4 entries takes it in two chunks of one F-vector. Both are requested at once (0 and 1: one
// request per cycle) and arrive at 12 and 13; the second cannot enter the FIFO until the PE has
// finished the first (its one pair at 13; the chunk leaves at 14, its room writable at 15), so
// it is written at 15 and its pair runs at 16. The PE is at the barrier at 18 and the PPU drains
// 32 outputs in 8 cycles: the layer ends at 26.
TEST(ScnnTiming, AFullWeightFifoHoldsTheNextChunkBack) {
  const workloads::Layer l = row_layer(4, 8, 1, 0, {1, 2, 3, 4});
  json p = params(1, 1);
  p["weight_fifo_entries"] = 4;
  Bench b(p);
  EXPECT_EQ(b.run(l), 26u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  EXPECT_EQ(b.stat("scnn.sequencer", "weight_chunks"), 2.0);
  EXPECT_EQ(b.stat("scnn.sequencer", "broadcast_wait_cycles"), 2.0);
  EXPECT_EQ(b.stat("scnn.pe0_0", "weight_wait_cycles"), 12.0 + 2.0);
  EXPECT_EQ(b.stat("scnn.pe0_0", "multiply_cycles"), 2.0);
  // With room for both chunks the second is written as it arrives, at 13, and its pair runs at
  // 14, right after the first: the layer ends 2 cycles sooner.
  p["weight_fifo_entries"] = 8;
  Bench roomy(p);
  EXPECT_EQ(roomy.run(l), 24u);
  EXPECT_EQ(roomy.stat("scnn.sequencer", "broadcast_wait_cycles"), 0.0);
}

// Two PEs, activations only in PE 0's half: PE 0 runs its pair at 13 and reaches the barrier at
// 15; PE 1 has nothing to multiply and is there at 13, so it waits 2 cycles. One drain cycle
// (4 outputs each): the layer ends at 16.
TEST(ScnnTiming, TheBarrierWaitsForTheSlowestPeByHand) {
  const workloads::Layer l = row_layer(8, 1, 1, 0, {1, 2, 3, 4, 0, 0, 0, 0});
  Bench b(params(1, 2));
  EXPECT_EQ(b.run(l), 16u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  EXPECT_EQ(b.stat("scnn.sequencer", "barrier_wait_cycles"), 2.0);
  EXPECT_EQ(b.stat("scnn.pe0_1", "multiply_cycles"), 0.0);
}

// A fully connected layer deals its 8 input channels over 2 x 2 PEs (channel c on PE c mod 4),
// so each block is written only into its owner's FIFO: the PEs multiply their two 64-weight
// blocks (16 pairs each) side by side instead of in turn, and the FIFO writes are those of one
// PE, as on a single PE. Broadcast into every FIFO, each chunk waited for the one PE that
// multiplies it, and the layer took more cycles than all PEs' pairs together.
TEST(ScnnTiming, AFullyConnectedLayerRunsItsPesSideBySide) {
  workloads::LayerShape s;
  s.in_channels = 8, s.in_h = s.in_w = 1, s.out_channels = 64, s.kernel_h = s.kernel_w = 1;
  const workloads::Layer l = workloads::make_layer(
      "fc", s, std::vector<std::int32_t>(s.weight_count(), 2), std::vector<std::int32_t>(8, 3), {"scnn"});
  Bench grid(params(2, 2)), one(params(1, 1));
  const std::uint64_t cycles = grid.run(l);
  one.run(l);
  EXPECT_EQ(grid.unit->layer_output(), workloads::reference_output(l));
  double pairs = 0;
  for (const char* pe : {"scnn.pe0_0", "scnn.pe0_1", "scnn.pe1_0", "scnn.pe1_1"}) {
    EXPECT_EQ(grid.stat(pe, "vector_pairs"), 32.0) << pe;
    pairs += grid.stat(pe, "vector_pairs");
  }
  EXPECT_LT(double(cycles), pairs);
  EXPECT_EQ(grid.action("scnn.sequencer", "weight_fifo_write"),
            one.action("scnn.sequencer", "weight_fifo_write"));
}

}  // namespace
}  // namespace axsim::scnn_timing_test
