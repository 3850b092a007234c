// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/scnn_params.hpp"

#include "arch/common/dram/dram_params.hpp"

namespace axsim::arch::scnn {

namespace {

using P = ParamDecl;

constexpr std::int64_t kMaxAccumulatorEntries = std::int64_t{1} << 24;

ParamTable scnn_params() {
  const ScnnSpec d;  // the defaults are the paper's (Parashar et al., ISCA 2017, Table 3)
  return {
      P::integer("pe_rows", d.pe_rows, 1, 64, "PEs",
                 "rows of the PE grid; the input plane is tiled evenly over it"),
      P::integer("pe_cols", d.pe_cols, 1, 64, "PEs", "columns of the PE grid"),
      P::integer("f", d.f, 1, 64, "weights",
                 "F of the F × I multiplier array of a PE (F weights × I activations per cycle)"),
      P::integer("i", d.i, 1, 64, "activations", "I of the F × I multiplier array"),
      P::integer("acc_banks", d.acc_banks, 1, 65536, "banks",
                 "accumulator banks A behind the F·I × A crossbar; an entry's bank is its address "
                 "mod A (the address's low bits)")
          .with_constraint("a power of two"),
      P::integer("bank_entries", d.bank_entries, 1, 1 << 20, "entries",
                 "entries per bank in one of the two accumulator buffers; A × entries bounds Kc × "
                 "tile outputs")
          .with_constraint("`acc_banks × bank_entries` ≤ 2²⁴"),
      P::integer("product_queue_depth", d.product_queue_depth, 1, 1024, "products",
                 "products each multiplier's queue in front of the crossbar holds; a bank takes one "
                 "product per cycle and the array stalls when a queue it writes is full (an "
                 "assumption: the paper says \"arbitrated crossbar\")"),
      P::integer("weight_fifo_entries", d.weight_fifo_entries, 1, 1 << 20, "entries",
                 "non-zero weights a PE's FIFO holds; a larger block streams through it in chunks "
                 "of whole F-vectors")
          .with_constraint("≥ `f`"),
      P::integer("iaram_bytes", std::int64_t(d.iaram_bytes), 64, 1LL << 32, "bytes",
                 "IARAM per PE; an input tile larger than the IARAM is streamed from DRAM with the "
                 "weights"),
      P::integer("oaram_bytes", std::int64_t(d.oaram_bytes), 64, 1LL << 32, "bytes",
                 "OARAM per PE"),
      P::integer("data_bits", d.data_bits, 4, 32, "bits",
                 "stored value width (compressed sizes of tiles, blocks, outputs)"),
      P::integer("index_bits", d.index_bits, 1, 16, "bits",
                 "zero-run index width of a stored value"),
      P::integer("accumulator_bits", d.accumulator_bits, 8, 64, "bits",
                 "accumulator width (bank size for energy)"),
      P::integer("halo_sums_per_cycle", d.halo_sums_per_cycle, 1, 1024, "sums/cycle",
                 "partial sums a PE sends to neighbours per cycle when a group drains"),
      P::integer("ppu_outputs_per_cycle", d.ppu_outputs_per_cycle, 1, 1024, "outputs/cycle",
                 "outputs the post-processing unit handles per cycle"),
      P::integer("halo_queue_depth", d.halo_queue_depth, 1, 1 << 16, "sums",
                 "halo sums a PE's inbound queue holds; a full queue holds the sender back (assumed)"),
      P::integer("halo_link_cycles", d.halo_link_cycles, 1, 1024, "cycles",
                 "latency of a halo link from send to arrival (assumed)"),
      P::boolean("skip_zero_weights", d.skip_zero_weights,
                 "false: every weight position is multiplied and fetched uncompressed (data_bits "
                 "each), the paper's SCNN-SparseA ablation"),
      P::boolean("skip_zero_activations", d.skip_zero_activations,
                 "false: every activation is multiplied and held uncompressed, the paper's "
                 "SCNN-SparseW ablation"),
      P::object("dram", dram_param_rows(),
                "off-chip memory (`bytes_per_cycle` 50 at 1 GHz = the paper's 50 GB/s)"),
  };
}

std::vector<StatDecl> scnn_stats() {
  std::vector<StatDecl> s{
      {"scnn.pe", "multiply_cycles", "cycles", "cycles the multiplier array took a vector pair"},
      {"scnn.pe", "vector_pairs", "pairs", "F-weight x I-activation vector pairs multiplied"},
      {"scnn.pe", "useful_products", "products", "products that land on an output"},
      {"scnn.pe", "dropped_products", "products",
       "products between strided outputs or off the output plane"},
      {"scnn.pe", "idle_multiplier_slots", "slots",
       "multipliers without an operand pair in a multiply cycle (fragmentation)"},
      {"scnn.pe", "crossbar_stall_cycles", "cycles",
       "cycles a pair waited because a crossbar queue it writes was full"},
      {"scnn.pe", "lost_arbitrations", "product-cycles",
       "queue heads that lost their bank's arbitration, per cycle"},
      {"scnn.pe", "queue_drain_cycles", "cycles",
       "cycles the crossbar queues drained with no pair to issue"},
      {"scnn.pe", "weight_wait_cycles", "cycles",
       "cycles the weight FIFO was empty when the array needed a chunk"},
      {"scnn.pe", "accumulator_saturations", "additions",
       "additions that saturated at accumulator_bits"},
      {"scnn.sequencer", "barrier_wait_cycles", "PE cycles",
       "cycles PEs waited at group barriers for the slowest PE"},
      {"scnn.sequencer", "broadcast_wait_cycles", "cycles",
       "cycles an arrived chunk waited for room in every PE's weight FIFO"},
      {"scnn.sequencer", "bands", "bands",
       "passes over bands of output rows (more than 1: the input spills)"},
      {"scnn.sequencer", "weight_chunks", "chunks",
       "pieces of weight blocks broadcast into the weight FIFOs"},
      {"scnn.ppu", "drain_cycles", "cycles", "cycles from a group's barrier to its last output drained"},
      {"scnn.ppu", "halo_sums", "sums", "partial sums sent to the PE that owns them"},
      {"scnn.ppu", "halo_sums_beyond_neighbours", "sums",
       "halo sums whose owner is not one of the sender's four mesh neighbours (sent over one link "
       "all the same: a simplification)"},
      {"scnn.ppu", "ppu_halo_wait_cycles", "PE cycles",
       "PPU cycles stalled at an output still expecting halo sums"},
      {"scnn.ppu", "halo_blocked_cycles", "PE cycles",
       "cycles a PE could not send a halo sum: the owner's inbound queue was full"},
      {"scnn.ppu", "accumulator_saturations", "additions",
       "halo additions that saturated at accumulator_bits"},
      {"scnn.sequencer", "weight_bytes", "bytes", "compressed weights fetched from DRAM"},
      {"scnn.sequencer", "spilled_activation_bytes", "bytes",
       "activations read from DRAM because the tiles exceed the IARAM"},
      {"scnn.sequencer", "output_bytes", "bytes", "compressed outputs written (OARAM or DRAM)"},
      {"scnn.sequencer", "spilled_activation_write_bytes", "bytes",
       "the spilled input written to DRAM once (by the layer before)"},
      {"scnn.sequencer", "groups", "groups", "output-channel groups (K / Kc)"},
  };
  for (const StatDecl& d : dram_stat_decls()) s.push_back(d);
  return s;
}

std::vector<ActionDecl> scnn_actions() {
  std::vector<ActionDecl> a{
      {"scnn.pe", "multiply_add", "`int_mult` of `data_bits` + `int_add` of `accumulator_bits`",
       "one product, dropped ones included"},
      {"scnn.pe", "coordinate", "3 `int_add` of 16 bits", "one product's output coordinate"},
      {"scnn.pe", "crossbar", "crossbar model (`mux2` path + wire across it)",
       "one product through the scatter crossbar"},
      {"scnn.pe", "accumulator_read", "SRAM model (one bank)", "a product's accumulator entry read"},
      {"scnn.pe", "accumulator_write", "SRAM model (one bank)", "and written back"},
      {"scnn.pe", "iaram_read", "SRAM model", "one I-vector of activations read"},
      {"scnn.pe", "weight_fifo_read", "SRAM model", "one F-vector of weights read"},
      {"scnn.sequencer", "oaram_write", "SRAM model", "one OARAM word of compressed outputs"},
      {"scnn.sequencer", "weight_fifo_write", "SRAM model",
       "one FIFO word of a broadcast block, in every PE"},
      {"scnn.ppu", "drain_accumulator_read", "SRAM model (one bank)",
       "an accumulator entry read as its group drains"},
      {"scnn.ppu", "halo_link", "wire of `accumulator_bits` over one PE's side",
       "one partial sum sent to a neighbour"},
      {"scnn.ppu", "halo_accumulator_read", "SRAM model (one bank)",
       "the owner's entry a halo sum is added into, read"},
      {"scnn.ppu", "halo_accumulator_write", "SRAM model (one bank)", "and written"},
  };
  for (const ActionDecl& d : dram_action_decls()) a.push_back(d);
  return a;
}

}  // namespace

UnitInfo scnn_info() {
  UnitInfo u;
  u.type = "scnn";
  u.summary =
      "SCNN: PT-IS-CP-sparse convolutions, 8x8 PEs with FxI Cartesian-product multipliers, "
      "scatter crossbar into banked accumulators, halo exchange";
  u.paper = "Parashar et al., SCNN, ISCA 2017";
  u.params = scnn_params();
  u.stats = scnn_stats();
  u.actions = scnn_actions();
  u.doc =
      "Model and validation: [units/scnn.md](units/scnn.md). `configs/scnn.json` holds the "
      "paper's values\n([Parashar et al., ISCA 2017](references.md#parashar2017scnn), Table 3), "
      "which are also the\ndefaults; only `dram` is required. Every energy and area comes from "
      "the tech table's structure\nmodel: each PE has one child component per row of the "
      "paper's Table 4 carrying its area and\nleakage.";
  return u;
}

ScnnSpec read_scnn(ParamReader& r, const ParseContext& ctx) {
  ScnnSpec s;
  s.clock = ctx.unit_clock;
  s.pe_rows = r.int32("pe_rows");
  s.pe_cols = r.int32("pe_cols");
  s.f = r.int32("f");
  s.i = r.int32("i");
  s.acc_banks = r.int32("acc_banks");
  if (s.acc_banks & (s.acc_banks - 1))
    r.error("acc_banks", std::to_string(s.acc_banks) + " is not a power of two (a bank is chosen "
                         "by the address's low bits)");
  s.bank_entries = r.int32("bank_entries");
  const std::int64_t entries = std::int64_t(s.acc_banks) * s.bank_entries;
  if (entries > kMaxAccumulatorEntries)  // their product is an int, and sizes a layer's groups
    r.error("bank_entries", "acc_banks × bank_entries is " + std::to_string(entries) +
                                ", more than the limit of " +
                                std::to_string(kMaxAccumulatorEntries) + " accumulator entries");
  s.product_queue_depth = r.int32("product_queue_depth");
  s.weight_fifo_entries = r.int32("weight_fifo_entries");
  if (s.weight_fifo_entries < s.f)
    r.error("weight_fifo_entries", "the weight FIFO holds " + std::to_string(s.weight_fifo_entries) +
                                       " entries, less than one F-vector (f = " + std::to_string(s.f) + ")");
  s.iaram_bytes = std::uint64_t(r.integer("iaram_bytes"));
  s.oaram_bytes = std::uint64_t(r.integer("oaram_bytes"));
  s.data_bits = r.int32("data_bits");
  s.index_bits = r.int32("index_bits");
  s.accumulator_bits = r.int32("accumulator_bits");
  s.halo_sums_per_cycle = r.int32("halo_sums_per_cycle");
  s.ppu_outputs_per_cycle = r.int32("ppu_outputs_per_cycle");
  s.halo_queue_depth = r.int32("halo_queue_depth");
  s.halo_link_cycles = r.int32("halo_link_cycles");
  s.skip_zero_weights = r.boolean("skip_zero_weights");
  s.skip_zero_activations = r.boolean("skip_zero_activations");
  const DramParams dram = read_dram(r.child("dram"), ctx);
  s.dram = dram.spec;
  return s;
}

}  // namespace axsim::arch::scnn
