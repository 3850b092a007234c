// SPDX-License-Identifier: Apache-2.0
#include "arch/dlac/dlac_params.hpp"

namespace axsim::arch::dlac {

namespace {

using P = ParamDecl;

ParamTable dlac_params() {
  const DlacSpec d;
  return {
      P::integer("pe_rows", d.pe_rows, 1, 256, "PEs",
                 "rows of the PE grid; a row shares a weight buffer (not published: 16 x 16 PEs "
                 "with one multiplier and one adder each give the paper's 256 + 256 units)"),
      P::integer("pe_cols", d.pe_cols, 1, 256, "PEs",
                 "columns of the PE grid; a column shares an input-feature-map buffer"),
      P::integer("lanes", d.lanes, 1, 64, "units",
                 "FP multiplier + adder pairs per PE"),
      P::integer("ofm_buffers", d.ofm_buffers, 1, 64, "outputs",
                 "output buffers per PE: outputs (output channels of one pixel) accumulated at "
                 "once, whose terms the skip control picks from (not published: assumed 4)"),
      P::integer("queue_depth", d.queue_depth, 1, 1024, "entries",
                 "operand entries (a weight word and an input) each PE holds (assumed)"),
      P::integer("skip_per_cycle", d.skip_per_cycle, 1, 1024, "entries",
                 "entries without a term to execute the skip control drops per cycle (assumed)"),
      P::boolean("skip_zero_weights", d.skip_zero_weights,
                 "skip terms whose weight is zero (ternary zeros, pruning)"),
      P::boolean("skip_zero_activations", d.skip_zero_activations,
                 "skip terms whose input is zero (ReLU)"),
      P::choice("format", "fp16",
                {{"fp16", "inference mode: FP16 multipliers and adders, 16-bit datapaths [S]"},
                 {"fp32", "training mode: FP32 units, 32-bit datapaths [S]"}},
                "number format of the datapath; every operation rounds to it"),
      P::integer("pipeline_cycles", d.pipeline_cycles, 1, 64, "cycles",
                 "an operation's latency from issue to its output buffer (assumed)"),
      P::integer("weight_buffer_bytes", d.weight_buffer_bytes, 64, 1LL << 30, "bytes",
                 "each PE row's weight buffer (assumed; sets area and read energy)"),
      P::integer("ifm_buffer_bytes", d.ifm_buffer_bytes, 64, 1LL << 30, "bytes",
                 "each PE column's input-feature-map buffer (assumed; sets area and read energy)"),
  };
}

std::vector<StatDecl> dlac_stats() {
  return {
      {"dlac.pe", "fp_adds", "operations",
       "additions into an output buffer (a ternary weight's add or subtract, a product's sum)"},
      {"dlac.pe", "fp_mults", "operations", "products of a weight and an input"},
      {"dlac.pe", "skipped_terms", "terms", "terms not executed: a zero weight or a zero input"},
      {"dlac.pe", "discarded_entries", "entries",
       "operand entries with no term to execute, dropped by the skip control"},
      {"dlac.pe", "ptwise_ops", "operations",
       "point-wise operations on the output buffers (ternary scaling, ReLU)"},
      {"dlac.grid", "weight_words", "words", "weight words sent along PE rows"},
      {"dlac.grid", "activations_sent", "values", "input terms sent along PE columns"},
      {"dlac.grid", "row_stall_cycles", "line-cycles",
       "a weight buffer waited for a PE of its row with a full queue"},
      {"dlac.grid", "column_stall_cycles", "line-cycles",
       "an input buffer waited for a PE of its column with a full queue"},
      {"dlac.grid", "passes", "passes", "grid passes (output-channel x pixel tiles)"},
  };
}

std::vector<ActionDecl> dlac_actions() {
  return {
      {"dlac.pe", "fp_add", "`fp_add` at the format's width", "one FP addition"},
      {"dlac.pe", "fp_mult", "`fp_mult` at the format's width", "one FP multiplication"},
      {"dlac.pe", "output_buffer_update",
       "register file read + write, 2 x `ofm_buffers` words of the format", "one sum updated"},
      {"dlac.pe", "operand_entry",
       "register file write + read of both queues (`queue_depth` entries)",
       "a weight word and an input through the PE's queues"},
      {"dlac.weight_buffers", "read", "SRAM model, `weight_buffer_bytes` x 64 bits",
       "one weight word read and sent along a row"},
      {"dlac.ifm_buffers", "read", "SRAM model, `ifm_buffer_bytes` x the format's width",
       "one input read and sent along a column"},
  };
}

}  // namespace

UnitInfo dlac_info() {
  UnitInfo u;
  u.type = "dlac";
  u.summary =
      "dLAC: a grid of FP16 PEs running convolutions and fc layers as matrix products (mmOp), "
      "ternary weights as adds and subtracts, zero weights and inputs skipped, point-wise "
      "scaling and ReLU on the output buffers (ptWiseOp)";
  u.paper = "Venkatesh, Nurvitadhi, Marr, ICASSP 2017";
  u.params = dlac_params();
  u.stats = dlac_stats();
  u.actions = dlac_actions();
  u.doc =
      "Model and validation: [units/dlac.md](units/dlac.md). `configs/dlac.json` holds the values "
      "known of the\npaper ([Venkatesh et al., ICASSP 2017](references.md#venkatesh2017dlac)) and "
      "states the assumed ones.";
  return u;
}

DlacSpec read_dlac(ParamReader& r, const ParseContext& ctx) {
  DlacSpec s;
  s.clock = ctx.unit_clock;
  s.pe_rows = r.int32("pe_rows");
  s.pe_cols = r.int32("pe_cols");
  s.lanes = r.int32("lanes");
  s.ofm_buffers = r.int32("ofm_buffers");
  s.queue_depth = r.int32("queue_depth");
  s.skip_per_cycle = r.int32("skip_per_cycle");
  s.skip_zero_weights = r.boolean("skip_zero_weights");
  s.skip_zero_activations = r.boolean("skip_zero_activations");
  s.format = workloads::parse_float_format(r.choice("format"));
  s.pipeline_cycles = r.int32("pipeline_cycles");
  s.weight_buffer_bytes = std::uint64_t(r.integer("weight_buffer_bytes"));
  s.ifm_buffer_bytes = std::uint64_t(r.integer("ifm_buffer_bytes"));
  if (s.lanes > s.ofm_buffers) r.error("lanes", "more lanes than output buffers would idle");
  return s;
}

}  // namespace axsim::arch::dlac
