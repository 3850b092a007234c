// SPDX-License-Identifier: Apache-2.0
// Speech / non-speech labels of an audio clip (voice activity detection), as
// tools/make_vad_audio.py writes them beside the clip: where the spoken phrases lie.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace axsim::workloads {

struct VadLabels {
  std::uint64_t samples = 0;  ///< the clip's length
  std::vector<std::pair<std::uint64_t, std::uint64_t>> speech;  ///< [start, end) sample ranges
};

/// Parses {"samples": N, "speech": [{"start": a, "end": b}, ...], ...} (other keys ignored):
/// 0 <= a <= b <= N, N >= 1 and at most 2^40. Throws sim::ConfigError naming `where`, the JSON
/// path and what was expected.
VadLabels parse_vad_labels(const std::string& text, const std::string& where);
/// Reads and parses a labels file; an unreadable file is a sim::ConfigError naming it.
VadLabels read_vad_labels(const std::string& path);

/// Speech or not for each of `frames` equal frames: frame t covers samples [t N / T, (t + 1) N / T)
/// and is speech when more than half of them lie in a phrase.
std::vector<bool> frame_labels(const VadLabels& labels, std::size_t frames);

}  // namespace axsim::workloads
