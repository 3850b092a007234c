// SPDX-License-Identifier: Apache-2.0
// ESE's sparse format (Han et al., FPGA 2017; known second-hand): "CSC with padding zeros", a
// 12-bit weight and a 4-bit relative index in each 16-bit entry, rows interleaved over the PEs
// that share one input element. As modelled here it is the layout of eie_csc (eie_csc.cpp):
// per PE its rows' column-compressed slices with one pointer per column, a padding zero whenever
// a run of zero rows overflows the relative index. What differs is what the codes are: ESE
// quantizes linearly, so a code is the signed fixed-point weight itself (no codebook), and with
// code_bits 12 and index_bits 4 an entry is one 16-bit word. The name keeps ESE's traces apart
// from EIE's, so each unit reads the format it was built for.
#include "workloads/encode/formats.hpp"

namespace axsim::workloads::encode_detail {

void encode_ese(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                Encoded& out) {
  encode_eie_csc(m, spec, width, out);
}

void decode_ese(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                CodeMatrix& out) {
  decode_eie_csc(e, spec, width, out);
}

}  // namespace axsim::workloads::encode_detail
