// SPDX-License-Identifier: Apache-2.0
#include "arch/dense/dense_params.hpp"

#include "arch/common/dram/dram_params.hpp"
#include "arch/common/sram_params.hpp"
#include "arch/dense/dram_codec.hpp"

namespace axsim::arch::dense {

namespace {

using P = ParamDecl;

constexpr std::int64_t kMaxMacLanes = std::int64_t{1} << 22;

SramParamRules buffer_rules() {
  SramParamRules rules;
  // The buffers are held in memory: 2^27 bytes (128 MiB) each bounds a run's footprint.
  rules.min_capacity_bytes = 1024, rules.max_capacity_bytes = 1LL << 27;
  rules.default_width_bits = 128, rules.width_multiple_of_8 = true, rules.banks = true;
  rules.capacity_doc = "total capacity (both halves)";
  rules.width_doc =
      "bits per access: accesses are counted in words of this width, each priced by the SRAM "
      "model at this width ([energy-tables.md](energy-tables.md#how-structures-are-priced))";
  return rules;
}

ParamTable input_buffer_rows() {
  ParamTable rows = sram_param_rows(buffer_rules());
  rows.insert(rows.begin(),
              P::boolean("keeps_activations", false,
                         "activations stay on chip between layers, as SCNN keeps them in its "
                         "IARAM/OARAM: a layer's outputs are never written to DRAM, and its input "
                         "is read from DRAM (after being charged its write-back by the layer "
                         "before) only when it does not fit half the input buffer. On in "
                         "`dcnn.json` and `dcnn_opt.json` "
                         "([units/dense.md](units/dense.md#scnns-dcnn-and-dcnn-opt))"));
  return rows;
}

ParamTable costing_rows() {
  return {
      P::integer("mac_bits", 8, 4, 32, "bits",
                 "operand width a MAC lane is priced at: an `int_mult` of these bits plus an "
                 "`int_add` of `accumulator_bits` from the tech table's logic model (action `mac`, "
                 "area and leakage × lanes); e.g. 16 for SCNN's DCNN. The lanes still compute "
                 "int8 values"),
      P::integer("accumulator_bits", 32, 8, 64, "bits", "width of a MAC lane's accumulating adder"),
      P::boolean("zero_gating", false,
                 "a MAC whose weight or input (zero padding included) is zero is counted as "
                 "action `mac_gated` instead of `mac`; timing is unchanged "
                 "([units/dense.md](units/dense.md#zero-gating-and-dram-compression))"),
      P::slot(
          "dram_compression", "none", DramCodecs::choices,
          "how every weight, input and output block crosses the DRAM interface (a "
          "sub-component slot): `zero_rle` in SCNN's zero-run-length format, sized exactly "
          "from its values ([units/dense.md](units/dense.md#zero-gating-and-dram-compression))"),
      P::integer("data_bits", 8, 8, 32, "bits",
                 "stored width of a weight or input value: sets how many values the weight and "
                 "input buffers hold, how many SRAM words an access takes, and the DRAM bytes of "
                 "weight and input blocks"),
      P::integer("output_dram_bits", 32, 8, 32, "bits",
                 "width of an output value written back to DRAM (32: the int32 outputs; 16: a "
                 "16-bit machine's activations). The output buffer always holds 32-bit partial "
                 "sums"),
  };
}

ParamTable dense_params() {
  ParamTable t{
      P::integer("pe_rows", 1, 1024, "PEs",
                 "rows of the PE grid: output channels computed at once"),
      P::integer("pe_cols", 1, 1024, "PEs",
                 "columns: output pixels at once (output stationary) or reduction chunks (weight "
                 "stationary)"),
      P::integer("macs_per_pe", 1, 1, 256, "MACs/cycle",
                 "8-bit MAC lanes per PE, all along the reduction (C·R·S) dimension")
          .with_constraint("`pe_rows × pe_cols × macs_per_pe` ≤ 2²²"),
      P::choice("dataflow", "output_stationary",
                {{"output_stationary", "partial sums stay in the PEs"},
                 {"weight_stationary", "weights stay in the PEs"}},
                "see [units/dense.md](units/dense.md#dataflows)"),
  };
  for (P& d : costing_rows()) t.push_back(std::move(d));
  const ParamTable buffer = sram_param_rows(buffer_rules());
  t.push_back(P::object("weight_buffer", buffer, "weight SRAM (`data_bits` elements)"));
  t.push_back(P::object("input_buffer", input_buffer_rows(),
                        "input-activation SRAM (`data_bits` elements)"));
  t.push_back(P::object("output_buffer", buffer, "partial-sum/output SRAM (int32 elements)"));
  t.push_back(P::object("dram", dram_param_rows(), "off-chip memory"));
  return t;
}

SramSpec read_buffer(ParamReader r, std::uint32_t element_bits, bool* keeps = nullptr) {
  if (keeps != nullptr) *keeps = r.boolean("keeps_activations");
  const SramSpec s = read_sram(r, element_bits, buffer_rules());
  r.finish();
  return s;
}

// The options that change what the int8 datapath is costed as, not what it computes.
void read_costing(ParamReader& r, DenseSpec& s) {
  s.mac_bits = r.int32("mac_bits");
  s.accumulator_bits = r.int32("accumulator_bits");
  s.zero_gating = r.boolean("zero_gating");
  s.dram_compression = r.choice("dram_compression");
  s.data_bits = r.int32("data_bits");
  s.output_dram_bits = r.int32("output_dram_bits");
}

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

UnitInfo dense_info() {
  UnitInfo u;
  u.type = "dense";
  u.summary =
      "dense baseline: PE grid x MAC lanes, weight/input/output SRAM, DRAM; output- or "
      "weight-stationary";
  u.paper = "comparably provisioned dense accelerator (EIE Sec. VI, SCNN's DCNN)";
  u.params = dense_params();
  u.stats = {
      {"dense.controller", "tiles", "tiles", "tiles handed to the PE array"},
      {"dense.controller", "tile_ready_wait_cycles", "cycles",
       "cycles a loaded tile waited to enter the PE array (array busy or output half in use)"},
      {"dense.controller", "dram_bytes_uncompressed", "bytes",
       "bytes the DRAM transfers would have moved without dram_compression"},
      {"dense.controller", "weight_dram_bytes", "bytes",
       "weight bytes read from DRAM: slices of the stored encoding (dense or scnn)"},
      {"dense.controller", "resident_activation_bytes", "bytes",
       "layer inputs found on chip instead of read from DRAM (input_buffer.keeps_activations)"},
      {"dense.pe_array", "compute_cycles", "cycles", "cycles the MAC lanes computed"},
      {"dense.pe_array", "weight_load_cycles", "cycles",
       "weight-stationary cycles spent loading PE weights"},
  };
  append(u.stats, sram_buffer_stat_decls());
  append(u.stats, dram_stat_decls());
  u.actions = {
      {"dense.pe_array", "mac", "`int_mult` of `mac_bits` + `int_add` of `accumulator_bits`",
       "one multiply-accumulate of a MAC lane"},
      {"dense.pe_array", "mac_gated", "two `int_add` of `mac_bits` (operand zero detects)",
       "a MAC with a zero operand, gated (only with `zero_gating`)"},
  };
  append(u.actions, sram_buffer_action_decls());
  append(u.actions, dram_action_decls());
  u.doc =
      "Model: [units/dense.md](units/dense.md). The datapath always computes on 8-bit weights and\n"
      "inputs with 32-bit partial sums and outputs (the replayed int8 values, exactly). "
      "`data_bits`,\n`output_dram_bits`, `mac_bits`, `zero_gating` and `dram_compression` "
      "change only what that\ndatapath is **costed** as (storage, SRAM words, DRAM bytes, MAC "
      "energy), e.g. SCNN's 16-bit DCNN\n(`configs/dcnn.json`, `configs/dcnn_opt.json`). Each "
      "buffer is split into two halves for\ndouble buffering; a half must hold one tile "
      "([tiling](units/dense.md#tiling)).";
  u.notes =
      "Peak MACs per cycle = `pe_rows × pe_cols × macs_per_pe`.\n\n`configs/dense.json` uses 800 MHz × 16 B = 12.8 GB/s (one "
      "64-bit DDR3-1600 channel) and 60 cycles\n(75 ns) latency. `configs/dcnn.json` and "
      "`configs/dcnn_opt.json` use 1 GHz × 50 B = 50 GB/s\n(SCNN's nominal DRAM bandwidth, "
      "[Parashar et al., ISCA 2017](references.md#parashar2017scnn))\nand 75 cycles (75 ns).";
  return u;
}

DenseSpec read_dense(ParamReader& r, const ParseContext& ctx) {
  DenseSpec s;
  s.clock = ctx.unit_clock;
  s.pe_rows = r.int32("pe_rows");
  s.pe_cols = r.int32("pe_cols");
  s.macs_per_pe = r.int32("macs_per_pe");
  // Each lane holds a register in memory: 2^22 lanes (16 MiB) bounds a run's footprint.
  const std::int64_t lanes = std::int64_t(s.pe_rows) * s.pe_cols * s.macs_per_pe;
  if (lanes > kMaxMacLanes)
    r.error("macs_per_pe", "pe_rows × pe_cols × macs_per_pe is " + std::to_string(lanes) +
                               ", more than the limit of " + std::to_string(kMaxMacLanes) +
                               " MAC lanes");
  s.dataflow = r.choice("dataflow") == "weight_stationary" ? Dataflow::kWeightStationary
                                                           : Dataflow::kOutputStationary;
  read_costing(r, s);
  const auto bits = std::uint32_t(s.data_bits);
  s.weight_buffer = read_buffer(r.child("weight_buffer"), bits);
  s.input_buffer = read_buffer(r.child("input_buffer"), bits, &s.resident_activations);
  s.output_buffer = read_buffer(r.child("output_buffer"), 32);
  const DramParams dram = read_dram(r.child("dram"), ctx);
  s.dram = dram.spec;
  return s;
}

}  // namespace axsim::arch::dense
