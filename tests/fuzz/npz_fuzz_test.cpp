// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of .npz archives through the .npz fuzz entry point (zip and .npy readers,
// the arrays as layers, compression, fidelity, the trace read back): raw damage to the seed
// archives, and archives rebuilt around one mutated .npy entry (header dict, shape, dtype, data)
// so that the zip CRCs still hold and the case reaches the .npy parser and the layers.
#include <gtest/gtest.h>

#include <bit>
#include <iterator>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"
#include "tests/support/npz_writer.hpp"

namespace axsim::fuzz {
namespace {

constexpr int kPerSeed = 400;

/// A one- or two-entry archive around a .npy entry made of edge values.
std::string mutated_entry(Mutator& m) {
  static const char* descrs[] = {"<f4", "<f8", "|i1", "<i8", "<u1", ">f4", "<f2", "'"};
  static const char* shapes[] = {
      "(4, 6)",           "(0, 5)",        "(5, 0)",  "(3, 0, 2, 2)", "(2, 2, 3, 3)",
      "(1, 1, 65537, 1)", "(16777217, 1)", "()",      "(6,)",         "(2, 3, 4)",
      "(99999999999, 2)", "(1, 2",         "(-1, 2)", "(4, 6, )"};
  const std::string descr = descrs[m.below(std::size(descrs))];
  const std::string shape = shapes[m.below(std::size(shapes))];
  std::string data;
  const std::size_t values = m.below(3) == 0 ? m.below(200) : 24 + m.below(2) * 12;
  for (std::size_t i = 0; i < values; ++i) {
    const float v = m.below(40) == 0 ? std::bit_cast<float>(m.below(2) ? 0x7fc00000u : 0x7f800000u)
                                     : float(int(m.below(9)) - 4) / 4;
    test::put_le(data, std::bit_cast<std::uint32_t>(v), 4);
  }
  std::string dict = test::npy_dict(descr, shape, m.below(20) == 0);
  if (m.below(6) == 0) dict = m.mutate_text(dict);  // not JSON: raw damage only
  test::Zip z;
  z.add("w.npy", test::npy(1 + int(m.below(3)), dict, data), m.below(2) == 0);
  if (m.below(2))
    z.add("fc.npy", test::npy(1, test::npy_dict("<f4", "(2, 3)"), std::string(24, '\0')), false);
  return z.finish();
}

TEST(NpzFuzz, SeedsCompress) {
  for (const std::string& s : seed_npz_archives()) {
    const Outcome o = run_on(fuzz_npz_bytes, s);
    EXPECT_TRUE(o.accepted) << o.error;
    EXPECT_TRUE(o.mismatches.empty()) << o.mismatches.front();
  }
}

TEST(NpzFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(1212);
  const auto check = [](const std::string&, const Outcome& o) {
    EXPECT_TRUE(o.mismatches.empty()) << o.mismatches.front();
    if (!o.accepted) {
      EXPECT_NE(o.error.find("fuzz.npz"), std::string::npos) << o.error;
    }
  };
  const auto run = [](const std::string& bytes) { return run_on(fuzz_npz_bytes, bytes); };
  const MutationTally raw = run_mutations(
      seed_npz_archives(), kPerSeed,
      [&](const std::string& s) {
        std::vector<std::uint8_t> b(s.begin(), s.end());
        for (int k = 1 + int(m.below(2)); k > 0; --k) b = m.mutate_bytes(std::move(b));
        return std::string(b.begin(), b.end());
      },
      run, check);
  const MutationTally entries = run_mutations(
      {""}, 3 * kPerSeed, [&](const std::string&) { return mutated_entry(m); }, run, check);
  std::cout << raw.cases << " raw .npz cases (" << raw.accepted << " accepted), " << entries.cases
            << " rebuilt archives (" << entries.accepted << " accepted)\n";
  EXPECT_GT(entries.accepted, 0);
}

}  // namespace
}  // namespace axsim::fuzz
