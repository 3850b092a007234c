// SPDX-License-Identifier: Apache-2.0
// A finished run as bytes: what an MPI worker sends rank 0 and what a sweep stages in its
// database until the points before it are stored (docs/sweeps.md). Versioned and little-endian;
// the decoder checks every length against the bytes left and refuses anything else.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "results/results_db.hpp"

namespace axsim::results {

/// A byte string that is not an encoded run record; the message names where it came from, the
/// byte offset and what was expected there.
class RunRecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The record as bytes: "AXRR", a format version, then every field of RunRecord in order.
std::string encode_run_record(const RunRecord& record);

/// The record `bytes` encode; `where` names their source in an error (a file, a rank).
RunRecord decode_run_record(const std::uint8_t* bytes, std::size_t size, const std::string& where);
inline RunRecord decode_run_record(const std::string& bytes, const std::string& where) {
  return decode_run_record(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(),
                           where);
}

}  // namespace axsim::results
