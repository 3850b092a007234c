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

namespace axsim::fuzz::npz_fuzz_test {
namespace {

constexpr int kPerSeed = 300;

/// Bytes of `count` values of a dtype `size` bytes wide: float32 with now and then a NaN or an
/// infinity, else small integers.
std::string values(Mutator& m, std::size_t count, std::size_t size) {
  std::string data;
  for (std::size_t i = 0; i < count; ++i) {
    if (size != 4) {
      test::put_le(data, m.below(7), int(size));
      continue;
    }
    const std::uint32_t special = m.below(2) ? 0x7fc00000u : 0xff800000u;  // NaN, -infinity
    const float v = float(int(m.below(9)) - 4) / 4;
    test::put_le(data, m.below(60) == 0 ? special : std::bit_cast<std::uint32_t>(v), 4);
  }
  return data;
}

/// A one- or two-entry archive around a .npy entry made of edge values: its shape, dtype,
/// version, header dict and data length; mostly consistent, so that it gets to the layers.
std::string mutated_entry(Mutator& m) {
  struct Dtype {
    const char* descr;
    std::size_t size;
  };
  static const Dtype dtypes[] = {{"<f4", 4}, {"<f4", 4}, {"<f4", 4}, {"<f8", 8},
                                 {"|i1", 1}, {"<i8", 8}, {">f4", 4}, {"<f2", 2}};
  struct Shape {
    const char* text;
    std::size_t count;
  };
  static const Shape shapes[] = {{"(4, 6)", 24},
                                 {"(3, 2, 2, 2)", 24},
                                 {"(0, 5)", 0},
                                 {"(5, 0)", 0},
                                 {"(3, 0, 2, 2)", 0},
                                 {"(2, 2, 3, 3)", 36},
                                 {"(1, 1, 65537, 1)", 65537},
                                 {"(1, 70000)", 70000},
                                 {"()", 1},
                                 {"(6,)", 6},
                                 {"(2, 3, 4)", 24},
                                 {"(99999999999, 2)", 0},
                                 {"(1, 2", 2},
                                 {"(-1, 2)", 2},
                                 {"(1, 1, 1, 1)", 1},
                                 {"(4, 6, )", 24},
                                 {"(1, 1, 3, 4)", 12}};
  const Dtype& t = dtypes[m.below(std::size(dtypes))];
  const Shape& shape = shapes[m.below(std::size(shapes))];
  const std::size_t count = m.below(4) == 0 ? m.below(40) : shape.count;
  std::string dict = test::npy_dict(t.descr, shape.text, m.below(20) == 0);
  if (m.below(8) == 0) {  // a damaged header dict
    std::vector<std::uint8_t> b(dict.begin(), dict.end());
    b = m.mutate_bytes(std::move(b));
    dict.assign(b.begin(), b.end());
  }
  test::Zip z;
  z.level = 1;  // fast: some entries hold 70,000 values
  z.add("w.npy", test::npy(1 + int(m.below(3)), dict, values(m, count, t.size)), m.below(2) == 0);
  if (m.below(2))
    z.add("fc.npy", test::npy(1, test::npy_dict("<f4", "(2, 3)"), values(m, 6, 4)), false);
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
  EXPECT_GT(entries.accepted, entries.cases / 10);
}

}  // namespace
}  // namespace axsim::fuzz::npz_fuzz_test
