// SPDX-License-Identifier: Apache-2.0
// Provenance stamps any layer may put on what it writes: a content hash and the wall-clock time.
// Kept apart from the results store so the front-end and the core can use them without it.
#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace axsim::sim {

/// The current UTC time as ISO-8601 with milliseconds, e.g. 2025-01-31T14:05:09.123Z.
std::string utc_now_iso();

/// Hex FNV-1a 64-bit hash (16 lowercase digits), used for config, model and trace hashes.
std::string fnv1a_hex(const std::string& text);
std::string fnv1a_hex(std::span<const std::uint8_t> bytes);

}  // namespace axsim::sim
