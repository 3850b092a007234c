// SPDX-License-Identifier: Apache-2.0
// The messages of `axsim sweep --mpi`, all MPI_BYTE with little-endian 64-bit words. Included
// only by the MPI engine's sources (it includes mpi.h).
//   ask      rank r -> 0  u64: how many points r can take (its threads x 2, so none waits a reply)
//   points   0 -> rank r  (u64 position, u64 spec point) pairs; empty: nothing is left, stop
//   records  rank r -> 0  finished points: (u64 position, u64 exit code, u64 length, record)...
// Rank 0 answers each records message with as many new points as it held, so a rank is given
// work only by finishing work, and slow points never hold the others up.
#pragma once
#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "workloads/le_bytes.hpp"

namespace axsim::tools::mpi_wire {

constexpr int kTagAsk = 1, kTagPoints = 2, kTagRecords = 3;

inline void put_u64(std::string& out, std::uint64_t v) {
  std::uint8_t b[8];
  workloads::store_le(b, v, 8);
  out.append(reinterpret_cast<const char*>(b), 8);
}

/// Reads a message's words and byte strings; a short message throws SimError naming the rank.
class Reader {
 public:
  Reader(const std::string& bytes, int source) : b_(bytes), source_(source) {}
  bool more() const { return at_ < b_.size(); }
  std::uint64_t u64();
  std::string bytes(std::uint64_t n);

 private:
  [[noreturn]] void fail() const;
  const std::string& b_;
  int source_;
  std::size_t at_ = 0;
};

inline void send(int dest, int tag, const std::string& bytes) {
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, dest, tag, MPI_COMM_WORLD);
}

struct Message {
  int source = 0, tag = 0;
  std::string bytes;
};

/// Prints "axsim: error: WHAT" and ends every rank of the job (MPI_Abort, exit code 1): a rank
/// that fails mid-sweep must not leave the others waiting for it.
[[noreturn]] void abort_job(const std::string& what);

/// The next message from `source` with `tag`: waits for it when `block`, else only takes one
/// that has arrived.
std::optional<Message> receive(int source, int tag, bool block);

}  // namespace axsim::tools::mpi_wire
