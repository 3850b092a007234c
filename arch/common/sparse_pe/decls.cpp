// SPDX-License-Identifier: Apache-2.0
#include "arch/common/sparse_pe/decls.hpp"

namespace axsim::arch::sparse {

std::vector<StatDecl> sparse_pe_stats(const std::string& prefix) {
  return {
      {prefix + ".ptr_read", "columns", "columns", "pointer pairs read (one per broadcast)"},
      {prefix + ".ptr_read", "empty_columns", "columns", "columns with no entry on this PE"},
      {prefix + ".spmat_read", "words_read", "words", "sparse-matrix SRAM word reads"},
      {prefix + ".spmat_read", "entries", "entries", "entries handed to the arithmetic unit"},
      {prefix + ".spmat_read", "word_wait_cycles", "cycles",
       "cycles an entry waited for its SRAM word"},
      {prefix + ".arith", "ops", "entries", "multiply-accumulates, padding zeros included"},
      {prefix + ".arith", "padding_ops", "entries", "multiply-accumulates of padding zeros"},
      {prefix + ".arith", "bypasses", "ops",
       "accumulator reads served by the bypass (same row in flight)"},
  };
}

}  // namespace axsim::arch::sparse
