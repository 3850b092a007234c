// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

namespace axsim::arch::scnn {

/// A product on its way to an accumulator bank: the bank, the entry's row in it, the value.
struct Product {
  std::uint32_t bank = 0, row = 0;
  std::int32_t value = 0;
};

/// The accumulators of one PE (Parashar et al., ISCA 2017, Sec. 4 and Table 3): two buffers
/// (double-buffered: a group computes into one while the previous group drains from the other) of A
/// banks x bank_entries words of `bits`; entry (bank, row) is word row x A + bank. Additions
/// saturate at the signed width and are counted when they do.
class Accumulators {
 public:
  Accumulators(int banks, int bank_entries, int bits);
  /// Adds into entry `addr` of `buffer`; returns whether it saturated.
  bool add(int buffer, std::size_t addr, std::int64_t value);
  std::int32_t& at(int buffer, std::size_t addr) { return words_[std::size_t(buffer)][addr]; }
  std::size_t entries() const { return words_[0].size(); }
  int banks() const { return banks_; }

 private:
  int banks_;
  std::int64_t max_, min_;
  std::vector<std::int32_t> words_[2];
};

/// The F·I x A scatter crossbar, input-queued: each multiplier's products wait in their own
/// queue of `depth` entries; each cycle every bank accepts at most one product, granted to the
/// first requesting queue head in a rotating priority order (starting at lane cycle mod F·I),
/// and adds it into its accumulator entry (a single-cycle read-modify-write). A head that loses
/// arbitration waits and blocks the products behind it. The multiplier array can issue a pair
/// only when every lane it writes has room (see room_for()).
class ProductCrossbar {
 public:
  ProductCrossbar(int lanes, int banks, int depth);
  bool room(int lane) const { return count_[std::size_t(lane)] < depth_; }
  void push(int lane, const Product& p);
  bool empty() const { return held_ == 0; }
  std::uint64_t held() const { return held_; }
  /// One cycle: arbitration and accumulation into `acc` buffer `buffer`. Returns the products
  /// that lost arbitration (waiting heads) this cycle; adds saturations to `saturated`.
  std::uint32_t cycle(std::uint64_t cycle_no, Accumulators& acc, int buffer, std::uint64_t& saturated);

 private:
  int lanes_, depth_;
  std::vector<Product> slots_;         ///< lane l: slots l x depth ..
  std::vector<int> head_, count_;
  std::vector<std::uint64_t> granted_;  ///< per bank: the cycle number + 1 of its last grant
  std::vector<std::uint64_t> busy_;     ///< bit l: lane l holds a product
  std::uint64_t held_ = 0;
};

}  // namespace axsim::arch::scnn
