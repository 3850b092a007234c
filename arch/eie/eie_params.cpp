// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/eie_params.hpp"

#include "arch/common/sparse_pe/decls.hpp"
#include "arch/common/sram_params.hpp"

namespace axsim::arch::eie {

namespace {

using P = ParamDecl;

SramParamRules spmat_rules() {
  SramParamRules r;
  r.capacity_doc = "sparse-matrix SRAM per PE (scales its area and read energy)";
  r.width_doc = "bits per read; width / (code + index bits) entries per word";
  return r;
}

SramParamRules ptr_rules() {
  SramParamRules r;
  r.width_key = "";  // two banks of pointer_bits each
  r.capacity_doc = "pointer SRAM per PE (two banks)";
  return r;
}

SramParamRules act_rules() {
  SramParamRules r;
  r.capacity_doc = "activation SRAM per PE";
  r.width_doc =
      "bits per access: chunk loads and batch write-backs take values × data_bits / width cycles";
  return r;
}

ParamTable eie_params() {
  const EieSpec d;  // the defaults are the paper's (Han et al., ISCA 2016)
  ParamTable ptr = sram_param_rows(ptr_rules());
  ptr.push_back(
      P::integer("pointer_bits", 8, 32, "bits", "bits per pointer (each read returns two)"));
  return {
      P::integer("num_pes", d.num_pes, 1, 1024, "PEs",
                 "processing elements; rows are interleaved over them (row r on PE r mod N)"),
      P::integer("act_queue_depth", d.act_queue_depth, 1, 1024, "entries",
                 "activation FIFO entries per PE (registered full flag)"),
      P::integer("regfile_entries", d.regfile_entries, 1, 65536, "entries",
                 "source and destination register file entries per PE; vectors longer than "
                 "entries × PEs run in chunks (input) and batches (output)"),
      P::integer("data_bits", d.data_bits, 4, 31, "bits",
                 "fixed-point width of weights, activations and sums"),
      P::integer("lnzd_fanin", d.lnzd_fanin, 2, 64, "",
                 "fan-in of the leading-non-zero-detection tree"),
      P::object("spmat_sram", sram_param_rows(spmat_rules()), "the sparse-matrix SRAM of a PE"),
      P::object("ptr_sram", ptr, "the pointer SRAM of a PE"),
      P::object("act_sram", sram_param_rows(act_rules()), "the activation SRAM of a PE"),
  };
}

std::vector<StatDecl> eie_stats() {
  std::vector<StatDecl> out = {
      {"eie", "spmat_bytes_needed", "bytes", "largest sparse-matrix SRAM image of one PE"},
      {"eie", "ptr_bytes_needed", "bytes", "largest pointer SRAM image of one PE"},
      {"eie", "act_sram_bytes_needed", "bytes", "input plus output activations of one PE"},
      {"eie", "capacity_exceeded", "memories",
       "SRAMs (spmat, ptr, act) or pointers too small for the layer: the layer would not fit the "
       "configured chip"},
      {"eie", "images_relaid", "layers",
       "layers whose stored per-PE image was laid out again (the trace was encoded for another PE "
       "count, or the layer needs several output batches)"},
      {"eie.ccu", "broadcasts", "activations", "non-zero activations broadcast"},
      {"eie.ccu", "queue_full_cycles", "cycles",
       "cycles the broadcast waited for a full activation queue"},
      {"eie.ccu", "load_cycles", "cycles",
       "cycles loading source chunks and filling the LNZD tree"},
      {"eie.ccu", "writeback_cycles", "cycles",
       "cycles writing batches back to the activation SRAMs"},
      {"eie.ccu", "ideal_cycles", "cycles",
       "entries computed / PEs: the time with perfect balance"},
      {"eie.ccu", "load_efficiency", "%",
       "entries computed / (PEs x layer cycles): EIE's load balance (Han et al., ISCA 2016)"},
      {"eie.act_rw", "dest_updates", "updates", "destination register updates"},
      {"eie.act_rw", "sram_words", "words", "activation SRAM word accesses"},
  };
  for (StatDecl& d : sparse::sparse_pe_stats("eie")) out.push_back(std::move(d));
  return out;
}

std::vector<ActionDecl> eie_actions() {
  return {
      {"eie.ccu", "lnzd_node_op", "`lnzd_fanin` + 1 `int_add` of `data_bits` (comparisons)",
       "one LNZD node operation per broadcast"},
      {"eie.pe", "act_queue_push", "register file write + read of `data_bits` + `pointer_bits`",
       "an activation entering (and later leaving) a PE's queue"},
      {"eie.ptr_read", "read_pair", "SRAM model, `ptr_bytes` x 2 `pointer_bits`",
       "one pointer pair read"},
      {"eie.spmat_read", "read_word", "SRAM model, `spmat_bytes` x `spmat_width_bits`",
       "one sparse-matrix SRAM word read"},
      {"eie.arith", "mac", "`int_mult` + `int_add` of `data_bits` + a 16-entry codebook read",
       "one multiply-accumulate (codebook decode included)"},
      {"eie.act_rw", "dest_update", "register file read + write, `regfile_entries` x `data_bits`",
       "one destination register update"},
      {"eie.act_rw", "sram_read", "SRAM model", "one activation SRAM word read"},
      {"eie.act_rw", "sram_write", "SRAM model", "one activation SRAM word written"},
  };
}

}  // namespace

UnitInfo eie_info() {
  UnitInfo u;
  u.type = "eie";
  u.summary =
      "EIE: sparse weight-shared FC layers; LNZD broadcast to N PEs with activation queues, "
      "interleaved CSC, 16-bit fixed point";
  u.paper = "Han et al., EIE, ISCA 2016";
  u.params = eie_params();
  u.stats = eie_stats();
  u.actions = eie_actions();
  u.doc =
      "Model and validation: [units/eie.md](units/eie.md). `configs/eie.json` holds the paper's "
      "values\n([Han et al., ISCA 2016](references.md#han2016eie)), which are also the defaults "
      "of the optional\nkeys.";
  return u;
}

EieSpec read_eie(ParamReader& r, const ParseContext& ctx) {
  EieSpec s;
  s.clock = ctx.unit_clock;
  s.num_pes = r.int32("num_pes");
  s.act_queue_depth = r.int32("act_queue_depth");
  s.regfile_entries = r.int32("regfile_entries");
  s.data_bits = r.int32("data_bits");
  s.lnzd_fanin = r.int32("lnzd_fanin");
  ParamReader spmat = r.child("spmat_sram");
  const SramSpec spmat_sram = read_sram(spmat, 8, spmat_rules());
  s.spmat_bytes = spmat_sram.capacity_bytes;
  s.spmat_width_bits = static_cast<int>(spmat_sram.width_bits);
  spmat.finish();
  ParamReader ptr = r.child("ptr_sram");
  s.ptr_bytes = read_sram(ptr, 16, ptr_rules()).capacity_bytes;
  s.pointer_bits = ptr.int32("pointer_bits");
  ptr.finish();
  ParamReader act = r.child("act_sram");
  const SramSpec act_sram = read_sram(act, 16, act_rules());
  s.act_sram_bytes = act_sram.capacity_bytes;
  s.act_sram_width_bits = static_cast<int>(act_sram.width_bits);
  act.finish();
  return s;
}

}  // namespace axsim::arch::eie
