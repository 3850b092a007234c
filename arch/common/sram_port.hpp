// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "sim/component.hpp"
#include "sim/energy.hpp"

namespace axsim::arch {

/// The geometry of one on-chip SRAM array.
struct SramSpec {
  std::uint64_t capacity_bytes = 64 * 1024;
  std::uint32_t width_bits = 128;  ///< bits per access (one word)
  std::uint32_t element_bits = 8;  ///< bits of one stored value
  std::uint32_t banks = 1;         ///< equal banks an access touches one of (e.g. one per PE)
  bool dual_port = false;          ///< one read and one write port (else one read-write port)
};

/// Words of `width_bits` an access of `bits` takes (rounded up).
inline std::uint64_t sram_words(std::uint64_t bits, std::uint32_t width_bits) {
  return (bits + width_bits - 1) / width_bits;
}

/// True when `bytes` of contents do not fit the array (units count these as capacity_exceeded).
inline bool exceeds_capacity(const SramSpec& spec, std::uint64_t bytes) {
  return bytes > spec.capacity_bytes;
}

/// "<what> SRAM needs 1.1 MiB <per>, has 128 KiB" when `bytes` do not fit, else "" (a line of
/// Unit::phase_shortfalls).
std::string capacity_shortfall(const std::string& what, const SramSpec& spec, std::uint64_t bytes,
                               const std::string& per);

/// The one SRAM cost rule: an access reads or writes one bank, so it costs a bank-sized array
/// of the tech table's SRAM model (CACTI tables; a register file below them); area and leakage
/// are every bank's.
sim::SramCosts sram_costs(const sim::TechTable& tech, const SramSpec& spec);

/// One SRAM array as seen by the component that accesses it: counts accesses in words of
/// `width_bits`, as read and write actions registered on the owner at the SRAM model's energies
/// (an action named "" is not declared: that direction is not used by this owner), optionally
/// into word-count stats, and answers whether contents fit the capacity. The owner decides
/// whether the array's area and leakage are its own (costs()).
class SramPort {
 public:
  struct Actions {
    std::string read = "read";
    std::string write = "write";
  };
  SramPort(sim::Component& owner, const SramSpec& spec, const Actions& names);
  SramPort(sim::Component& owner, const SramSpec& spec) : SramPort(owner, spec, Actions{}) {}

  /// Word stats to add every access to (either may be the same counter, or null).
  void count_words_in(sim::Counter* reads, sim::Counter* writes) {
    read_stat_ = reads, write_stat_ = writes;
  }
  /// Words an access of `elements` stored values takes.
  std::uint64_t words(std::uint64_t elements) const {
    return sram_words(elements * spec_.element_bits, spec_.width_bits);
  }
  /// Words an access of `bits` takes.
  std::uint64_t words_of_bits(std::uint64_t bits) const {
    return sram_words(bits, spec_.width_bits);
  }
  /// One access of `elements` values (rounded up to whole words); returns the words.
  std::uint64_t read(std::uint64_t elements) { return add_words(true, words(elements)); }
  std::uint64_t write(std::uint64_t elements) { return add_words(false, words(elements)); }
  /// `words` whole-word accesses.
  std::uint64_t read_words(std::uint64_t n) { return add_words(true, n); }
  std::uint64_t write_words(std::uint64_t n) { return add_words(false, n); }
  /// False when `bytes` of contents exceed the capacity.
  bool fits(std::uint64_t bytes) const { return !exceeds_capacity(spec_, bytes); }
  const SramSpec& spec() const { return spec_; }
  const sim::SramCosts& costs() const { return costs_; }

 private:
  std::uint64_t add_words(bool read, std::uint64_t n);
  sim::Component& owner_;
  SramSpec spec_;
  sim::SramCosts costs_;
  bool has_read_ = false, has_write_ = false;
  sim::ActionCounts::Id read_ = 0, write_ = 0;
  sim::Counter* read_stat_ = nullptr;
  sim::Counter* write_stat_ = nullptr;
};

}  // namespace axsim::arch
