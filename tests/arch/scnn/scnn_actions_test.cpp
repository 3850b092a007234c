// SPDX-License-Identifier: Apache-2.0
// The SCNN unit's energy actions against hand counts: the paper's input-stationary loop order
// (an IARAM read per activation vector, a weight-FIFO read per vector pair), the per-product
// coordinate, crossbar and accumulator read-modify-write, the FIFO writes of each broadcast
// block, the drain and halo exchange, and the DRAM traffic of an input that overflows the IARAM.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "workloads/compress/make_layer.hpp"
#include "workloads/reference/quantized_layer.hpp"
#include "tests/arch/scnn/scnn_bench.hpp"

namespace axsim::scnn_actions_test {
namespace {

using nlohmann::json;

json params(int rows, int cols) { return test::scnn_grid(rows, cols); }
using Bench = test::ScnnGridBench;

/// One input channel, a 1 x w plane, m output channels of 1 x 1 kernels: every value non-zero.
workloads::Layer row_layer(int w, int m, int k = 1, int pad = 0) {
  workloads::LayerShape s;
  s.in_channels = 1, s.in_h = 1, s.in_w = w, s.out_channels = m;
  s.kernel_h = s.kernel_w = k, s.pad_h = s.pad_w = pad;
  return workloads::make_layer("row", s, std::vector<std::int32_t>(s.weight_count(), 2),
                               std::vector<std::int32_t>(s.input_count(), 3), {"scnn"});
}

// One PE: 8 activations (2 vectors of I = 4) x 8 weights of 8 output channels (2 vectors of
// F = 4): 4 pairs of 16 products, all landing (a 1 x 8 output plane, Kc = 8, one group).
TEST(ScnnActions, InputStationaryLoopAndPerProductActions) {
  const workloads::Layer l = row_layer(8, 8);
  Bench b(params(1, 1));
  b.run(l);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  EXPECT_EQ(b.action("scnn.pe", "iaram_read"), 2u);        // once per activation vector
  EXPECT_EQ(b.action("scnn.pe", "weight_fifo_read"), 4u);  // once per pair
  for (const char* a : {"multiply_add", "coordinate", "crossbar", "accumulator_read", "accumulator_write"})
    EXPECT_EQ(b.action("scnn.pe", a), 64u) << a;
  // The block's 8 entries of 20 bits reach the FIFO in 80-bit writes: 2.
  EXPECT_EQ(b.action("scnn.sequencer", "weight_fifo_write"), 2u);
  // The drain reads the 64 accumulators once; with one PE there is no halo.
  EXPECT_EQ(b.action("scnn.post_processing", "drain_accumulator_read"), 64u);
  EXPECT_EQ(b.action("scnn.post_processing", "halo_link"), 0u);
  // 64 non-zero outputs x 20 bits = 160 B = 16 OARAM words of 80 bits; they fit the OARAM.
  EXPECT_EQ(b.action("scnn.sequencer", "oaram_write"), 16u);
  EXPECT_EQ(b.stat("scnn.dram", "bytes_written"), 0.0);
}

// Two PEs side by side over a 1 x 4 input, 3 x 3 kernel, pad 1: each PE owns 2 outputs and
// reaches 3 (one column of its neighbour's), so each group sends 2 halo sums in all.
TEST(ScnnActions, HaloSumsCrossALinkAndUpdateTheOwner) {
  const workloads::Layer l = row_layer(4, 1, 3, 1);
  Bench b(params(1, 2));
  b.run(l);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  EXPECT_EQ(b.action("scnn.post_processing", "drain_accumulator_read"), 6u);
  EXPECT_EQ(b.action("scnn.post_processing", "halo_link"), 2u);
  EXPECT_EQ(b.action("scnn.post_processing", "halo_accumulator_read"), 2u);
  EXPECT_EQ(b.action("scnn.post_processing", "halo_accumulator_write"), 2u);
  // Products falling off the plane are multiplied (and their coordinates computed) but never
  // cross the crossbar.
  EXPECT_GT(b.action("scnn.pe", "multiply_add"), b.action("scnn.pe", "crossbar"));
  EXPECT_EQ(b.action("scnn.pe", "coordinate"), b.action("scnn.pe", "multiply_add"));
  EXPECT_EQ(b.action("scnn.pe", "crossbar"), b.action("scnn.pe", "accumulator_write"));
}

// A 1 x 32 plane of 20-bit entries (80 B) exceeds a 64-byte IARAM: the layer before wrote it
// to DRAM once (charged here) and it streams in with the one weight block as the trace stores
// it: a 16-bit entry count and 4 entries of 8-bit codes with 4-bit indices, 64 bits = 8 B.
TEST(ScnnActions, InputsBeyondTheIaramAreWrittenOnceAndStreamed) {
  const workloads::Layer l = row_layer(32, 4);
  json p = params(1, 1);
  Bench fits(p);
  p["iaram_bytes"] = 64;
  Bench spills(p);
  fits.run(l);
  spills.run(l);
  EXPECT_EQ(spills.unit->layer_output(), workloads::reference_output(l));
  EXPECT_EQ(spills.stat("scnn.sequencer", "spilled_activation_write_bytes"), 80.0);
  EXPECT_EQ(spills.stat("scnn.sequencer", "spilled_activation_bytes"), 80.0);
  EXPECT_EQ(spills.stat("scnn.dram", "bytes_written"), 80.0);
  EXPECT_EQ(spills.stat("scnn.dram", "bytes_read"), 88.0);
  EXPECT_EQ(spills.stat("scnn.sequencer", "weight_bytes"), double(l.encoding("scnn")->bytes.size()));
  EXPECT_EQ(fits.stat("scnn.dram", "bytes_written"), 0.0);
  EXPECT_EQ(fits.stat("scnn.dram", "bytes_read"), 8.0);
}

// A 16 x 16 plane of 8 channels (20-bit entries: 640 B per channel, 1,280 B in each of 2 x 2
// PEs' tiles) with a 512-byte IARAM runs in bands of output rows whose tiles fit: the input is
// written to DRAM once, each band's rows (with the kernel's overlap) are read once into the
// IARAMs, and the weights are fetched once per band; the outputs stay exact.
TEST(ScnnActions, AnInputBeyondTheIaramRunsInBands) {
  workloads::LayerShape s;
  s.in_channels = 8, s.in_h = s.in_w = 16, s.out_channels = 4, s.kernel_h = s.kernel_w = 3, s.pad_h = s.pad_w = 1;
  const workloads::Layer l = workloads::make_layer(
      "plane", s, std::vector<std::int32_t>(s.weight_count(), 2),
      std::vector<std::int32_t>(s.input_count(), 3), {"scnn"});
  json p = params(2, 2);
  p["iaram_bytes"] = 512;
  Bench b(p);
  b.run(l);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  const double bands = b.stat("scnn.sequencer", "bands");
  EXPECT_GE(bands, 3.0);
  EXPECT_EQ(b.stat("scnn.sequencer", "spilled_activation_write_bytes"), 8 * 640.0);
  EXPECT_GT(b.stat("scnn.sequencer", "spilled_activation_bytes"), 8 * 640.0);  // overlap rows
  EXPECT_LT(b.stat("scnn.sequencer", "spilled_activation_bytes"), 2 * 8 * 640.0);
  EXPECT_EQ(b.stat("scnn.sequencer", "weight_bytes"), bands * double(l.encoding("scnn")->bytes.size()));
}

}  // namespace
}  // namespace axsim::scnn_actions_test
