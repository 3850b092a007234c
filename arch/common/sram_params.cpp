// SPDX-License-Identifier: Apache-2.0
#include "arch/common/sram_params.hpp"

namespace axsim::arch {

ParamTable sram_param_rows(const SramParamRules& rules) {
  ParamTable rows{ParamDecl::integer("capacity_bytes", rules.min_capacity_bytes,
                                     rules.max_capacity_bytes, "bytes", rules.capacity_doc)};
  if (!rules.width_key.empty()) {
    ParamDecl width = rules.default_width_bits > 0
                          ? ParamDecl::integer(rules.width_key, rules.default_width_bits, 8, 4096,
                                               "bits", rules.width_doc)
                          : ParamDecl::integer(rules.width_key, 8, 4096, "bits", rules.width_doc);
    if (rules.width_multiple_of_8) width = std::move(width).with_constraint("multiple of 8");
    rows.push_back(std::move(width));
  }
  if (rules.banks)
    rows.push_back(ParamDecl::integer("banks", 1, 1, 4096, "",
                                      "equal banks an access touches one of (e.g. one per PE): "
                                      "each access costs a bank-sized array of the tech table's "
                                      "SRAM model; area and leakage are every bank's")
                       .with_constraint("divides `capacity_bytes`"));
  return rows;
}

SramSpec read_sram(ParamReader& r, std::uint32_t element_bits, const SramParamRules& rules) {
  SramSpec s;
  s.capacity_bytes = static_cast<std::uint64_t>(r.integer("capacity_bytes"));
  s.width_bits = element_bits;
  if (!rules.width_key.empty())
    s.width_bits = static_cast<std::uint32_t>(r.integer(rules.width_key));
  s.element_bits = element_bits;
  if (rules.banks) s.banks = static_cast<std::uint32_t>(r.integer("banks"));
  if (rules.width_multiple_of_8 && s.width_bits % 8 != 0)
    r.error(rules.width_key, "expected a multiple of 8");
  if (s.capacity_bytes % s.banks != 0) r.error("banks", "expected a divisor of capacity_bytes");
  return s;
}

std::vector<StatDecl> sram_buffer_stat_decls() {
  return {{"common.sram", "read_words", "words", "word reads"},
          {"common.sram", "write_words", "words", "word writes"}};
}

std::vector<ActionDecl> sram_buffer_action_decls() {
  return {{"common.sram", "read", "SRAM model (one bank)", "one word read"},
          {"common.sram", "write", "SRAM model (one bank)", "one word written"}};
}

}  // namespace axsim::arch
