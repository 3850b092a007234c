// SPDX-License-Identifier: Apache-2.0
#include "arch/ese/ese_params.hpp"

#include "arch/common/dram/dram_params.hpp"
#include "arch/common/sparse_pe/decls.hpp"

namespace axsim::arch::ese {

namespace {

using P = ParamDecl;

ParamTable ese_params() {
  const EseSpec d;
  return {
      P::integer("channels", d.channels, 1, 1024, "channels",
                 "channels of PEs (not published; assumed 32: with 32 PEs per channel, 1,024 "
                 "multipliers, within the 1,504 DSP slices recalled of the paper)"),
      P::integer("pes_per_channel", d.pes_per_channel, 1, 1024, "PEs",
                 "PEs per channel (paper: 32); rows are interleaved over all PEs"),
      P::integer("act_queue_depth", d.act_queue_depth, 1, 1024, "entries",
                 "activation FIFO entries per PE (paper: 8 gave the best utilisation)"),
      P::integer("weight_buffer_bytes", d.weight_buffer_bytes, 64, 1LL << 30, "bytes",
                 "each PE's weight buffer (entries and pointers), in two halves: one is read while "
                 "the next chunk streams into the other (assumed)"),
      P::integer("buffer_width_bits", d.buffer_width_bits, 16, 1024, "bits",
                 "bits per weight-buffer read (entries per word = width / entry bits)"),
      P::integer("batch", d.batch, 1, 4096, "utterances",
                 "utterances run together: each fetched weight serves all (must divide the "
                 "trace's utterances)"),
      P::integer("elementwise_units", d.elementwise_units, 1, 65536, "cells/cycle",
                 "LSTM cells (or projection outputs) the element-wise stage starts per cycle "
                 "(assumed: one per channel)"),
      P::integer("elementwise_latency_cycles", d.elementwise_latency_cycles, 1, 1024, "cycles",
                 "from a cell's start to its m (table read, products, adds; assumed)"),
      P::integer("gate_table_segments", d.gate_table_segments, 2, 65536, "segments",
                 "pieces each sigmoid and tanh table holds (a trace needing more is refused)"),
      P::integer("gate_bits", d.gate_bits, 4, 32, "bits",
                 "width of gate values and of the element-wise multipliers"),
      P::integer("cell_buffer_bytes", d.cell_buffer_bytes, 64, 1LL << 30, "bytes",
                 "the cell states of every cell and utterance in the batch (16 bits each)"),
      P::integer("multiplier_bits", d.multiplier_bits, 4, 32, "bits",
                 "the PEs' weight x activation multipliers"),
      P::integer("accumulator_bits", d.accumulator_bits, 8, 64, "bits",
                 "the PEs' exact accumulators (a layer whose sums could need more is reported)"),
      P::integer("accumulator_entries", d.accumulator_entries, 1, 1 << 20, "registers",
                 "accumulators per PE: gate and projection rows times the batch"),
      P::boolean("weights_resident", d.weights_resident,
                 "keep the matrices on chip after the first time step when every PE's buffer "
                 "holds its share of both (otherwise every step streams them again)"),
      P::integer("fetch_bytes", d.fetch_bytes, 64, 1 << 24, "bytes",
                 "bytes per DRAM read request of the weight stream"),
      P::object("dram", dram_param_rows(),
                "off-chip memory (paper: two DDR3 channels on the board)"),
  };
}

std::vector<StatDecl> ese_stats() {
  std::vector<StatDecl> s = {
      {"ese", "weight_bytes_per_pe", "bytes", "largest share of one PE of both matrices"},
      {"ese", "capacity_exceeded", "memories",
       "buffers, accumulators or their widths too small for the layer"},
      {"ese", "multipliers", "multipliers",
       "multipliers of the design (one per PE, eight per element-wise lane): DSP slices on an FPGA"},
      {"ese", "bram36_blocks", "blocks",
       "36 Kb block RAMs the weight buffers and the cell buffer take (each memory rounded up to "
       "whole blocks)"},
      {"ese.controller", "broadcasts", "elements", "non-zero inputs broadcast"},
      {"ese.controller", "queue_full_cycles", "channel-cycles",
       "a channel's broadcast waited for a full queue"},
      {"ese.controller", "weight_wait_cycles", "channel-cycles",
       "a channel's broadcast waited for its weight chunk"},
      {"ese.controller", "elementwise_wait_cycles", "channel-cycles",
       "a channel waited for the element-wise unit (m_k or h_j not yet made)"},
      {"ese.controller", "barrier_cycles", "channel-cycles",
       "a channel waited for every PE to drain a product"},
      {"ese.controller", "steps", "steps", "time steps run (each for a batch of utterances)"},
      {"ese.weight_stream", "bytes", "bytes", "weight bytes fetched from DRAM"},
      {"ese.weight_stream", "requests", "requests", "DRAM read requests of the stream"},
      {"ese.weight_stream", "chunks", "chunks", "chunks fetched into a buffer half"},
      {"ese.elementwise", "cells", "cells", "LSTM cells updated (per utterance)"},
      {"ese.elementwise", "projection_outputs", "outputs",
       "projection sums shifted and saturated into h"},
      {"ese.acc", "updates", "updates", "accumulator read-modify-writes"},
      {"ese.acc", "reads", "reads", "finished sums read by the element-wise unit"},
  };
  for (StatDecl& d : sparse::sparse_pe_stats("ese")) s.push_back(std::move(d));
  for (const StatDecl& d : dram_stat_decls()) s.push_back(d);
  return s;
}

std::vector<ActionDecl> ese_actions() {
  std::vector<ActionDecl> a = {
      {"ese.pe", "act_queue_push", "register file write + read, `act_queue_depth` x 32 bits",
       "an element entering (and later leaving) a PE's queue"},
      {"ese.ptr_read", "read_pair", "weight-buffer SRAM read", "one pointer pair read"},
      {"ese.spmat_read", "read_word", "SRAM model, `weight_buffer_bytes` x `buffer_width_bits`",
       "one weight-buffer word read"},
      {"ese.arith", "mac", "`int_mult` of `multiplier_bits` + `int_add` of `accumulator_bits`",
       "one multiply-accumulate"},
      {"ese.acc", "update", "register file read + write, `accumulator_entries` x `accumulator_bits`",
       "one accumulator update"},
      {"ese.acc", "read_out", "register file read", "a finished sum read by the element-wise unit"},
      {"ese.weight_stream", "buffer_fill", "weight-buffer SRAM write",
       "one word of a streamed chunk written into a buffer half"},
      {"ese.elementwise", "cell", "5 gate-table lookups (register file of 2 x "
       "`gate_table_segments`, `int_mult` + `int_add` of `gate_bits`), 3 `int_mult`, 1 `int_add`, "
       "cell buffer read + write", "one LSTM cell of one utterance"},
      {"ese.elementwise", "projection_output", "`int_add` of `accumulator_bits`",
       "one projection output shifted and saturated"},
      {"ese.elementwise", "channel_add", "`int_add` of `accumulator_bits`",
       "one addition of the adder tree summing the channels' partial sums"},
  };
  for (const ActionDecl& d : dram_action_decls()) a.push_back(d);
  return a;
}

}  // namespace

UnitInfo ese_info() {
  UnitInfo u;
  u.type = "ese";
  u.summary =
      "ESE: whole sparse LSTM(P) sequences; channels of EIE-like PEs fed by one broadcast, "
      "weights streamed from DRAM into double buffers, element-wise gate units, batched "
      "utterances";
  u.paper = "Han et al., ESE, FPGA 2017";
  u.params = ese_params();
  u.stats = ese_stats();
  u.actions = ese_actions();
  u.doc =
      "Model and validation: [units/ese.md](units/ese.md). `configs/ese.json` holds the values "
      "known of the\npaper ([Han et al., FPGA 2017](references.md#han2017ese)) and states the "
      "assumed ones.";
  return u;
}

EseSpec read_ese(ParamReader& r, const ParseContext& ctx) {
  EseSpec s;
  s.clock = ctx.unit_clock;
  s.channels = r.int32("channels");
  s.pes_per_channel = r.int32("pes_per_channel");
  s.act_queue_depth = r.int32("act_queue_depth");
  s.weight_buffer_bytes = std::uint64_t(r.integer("weight_buffer_bytes"));
  s.buffer_width_bits = r.int32("buffer_width_bits");
  s.batch = r.int32("batch");
  s.elementwise_units = r.int32("elementwise_units");
  s.elementwise_latency_cycles = r.int32("elementwise_latency_cycles");
  s.gate_table_segments = r.int32("gate_table_segments");
  s.gate_bits = r.int32("gate_bits");
  s.cell_buffer_bytes = std::uint64_t(r.integer("cell_buffer_bytes"));
  s.multiplier_bits = r.int32("multiplier_bits");
  s.accumulator_bits = r.int32("accumulator_bits");
  s.accumulator_entries = r.int32("accumulator_entries");
  s.weights_resident = r.boolean("weights_resident");
  s.fetch_bytes = std::uint64_t(r.integer("fetch_bytes"));
  s.dram = read_dram(r.child("dram"), ctx).spec;
  if (s.pes() > 65536) r.error("pes_per_channel", "channels x pes_per_channel above 65536 PEs");
  return s;
}

}  // namespace axsim::arch::ese
