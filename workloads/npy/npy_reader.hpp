// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <string>

#include "workloads/model/model.hpp"

namespace axsim::workloads {

/// Reads a NumPy .npy file (format versions 1, 2 and 3) in C order into a float tensor.
/// dtypes: <f4 <f8 <i1 <i2 <i4 <i8 <u1 (|i1 and |u1, as NumPy writes one-byte types, too).
/// A 0-d array reads as shape {1}, since Tensor counts an empty shape as no elements.
/// Errors (Fortran order, other dtypes, truncation, a malformed header) throw sim::ConfigError
/// naming the file and the byte offset.
Tensor read_npy(const std::string& path);

/// Reads every *.npy entry of a NumPy .npz archive (a zip, stored or deflated, as np.savez and
/// np.savez_compressed write it), keyed by the entry name without ".npy". Errors name the file,
/// the entry and the offset. Zip64 archives (entries over 4 GiB) are refused.
std::map<std::string, Tensor> read_npz(const std::string& path);

/// read_npz() on the archive's bytes in memory; `label` names them in error messages.
std::map<std::string, Tensor> parse_npz(const std::string& bytes, const std::string& label);

/// The .npy parser on bytes in memory; `label` names them in error messages.
Tensor parse_npy(const std::string& bytes, const std::string& label);

}  // namespace axsim::workloads
