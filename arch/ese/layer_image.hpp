// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/common/sparse_pe/messages.hpp"
#include "arch/ese/ese_spec.hpp"
#include "workloads/layer.hpp"

namespace axsim::arch::ese {

/// Columns streamed into one half of every PE's weight buffer: [first_col, end_col), the bytes
/// of all PEs' entries and pointers for them (what the DRAM moves), and the largest share of
/// one PE (what must fit half its buffer).
struct Chunk {
  std::uint32_t first_col = 0, end_col = 0;
  std::uint64_t bytes = 0, max_pe_bytes = 0;
};

/// One matrix as ESE holds it: each PE's slice exactly as the trace's "ese" bytes store it
/// (columns interleaved over the channels, rows over a channel's PEs, relative indices; PE p of
/// channel c at c x P + p, its slice over the channel's columns c, c + C, ...), its weight
/// levels (empty: the codes are the levels), and the chunks it streams in.
struct EseMatrix {
  std::int64_t rows = 0, cols = 0;
  std::vector<sparse::PeSlice> pes;
  std::vector<std::int32_t> levels;
  int code_offset = 0;
  std::vector<Chunk> chunks;
  std::vector<std::uint32_t> chunk_of_col;  ///< by global column
  std::vector<std::uint64_t> channel_bytes;  ///< per chunk and channel: chunk x C + c
  std::uint64_t entries = 0, padding_entries = 0;
  std::uint64_t max_abs_level = 0;
  bool empty() const { return rows == 0; }
};

/// An lstm layer as ESE runs it: the [W R] matrix (4H gate rows), the LSTMP projection (if any),
/// the sequence rule, and the stored inputs (every step's x, then h_0).
struct EseLayer {
  std::string name;
  const workloads::LstmRule* rule = nullptr;
  int in = 0, rec = 0, hidden = 0, seq_len = 0, utterances = 1;
  int entry_bits = 16, pointer_bits = 16;
  EseMatrix wr, proj;
  const std::vector<std::int32_t>* input = nullptr;
  int steps() const { return seq_len / utterances; }
};

/// Throws sim::ConfigError naming the layer unless ESE can run it: an lstm with a sequence rule
/// whose matrices (and projection) are stored as "ese" for exactly this design's channels and
/// PEs, codes and inputs of at most 16 bits, tables the design holds, utterances the batch
/// divides.
void check_runnable(const workloads::Layer& layer, const EseSpec& spec);

/// Reads the layer's "ese" bytes (and its projection's) into per-PE slices and plans the
/// chunks: columns in order, a chunk closing before any PE's share would exceed half its buffer.
EseLayer prepare_layer(const workloads::Layer& layer, const EseSpec& spec);

}  // namespace axsim::arch::ese
