// SPDX-License-Identifier: Apache-2.0
// An .npz archive as a model (workloads/npy/npz_model): arrays become layers only within the
// shape limits and with finite values, and no array is decoded beyond the memory budget.
#include "workloads/npy/npz_model.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <limits>

#include "sim/error.hpp"
#include "sim/memory_budget.hpp"
#include "tests/support/npz_writer.hpp"

namespace axsim::workloads::npz_model_test {
namespace {

using test::npy;
using test::npy_dict;

std::string archive(const std::string& shape, const std::string& data, bool deflated = false) {
  test::Zip z;
  z.add("w.npy", npy(1, npy_dict("<f4", shape), data), deflated);
  return z.finish();
}

std::string floats(std::size_t n, float v = 0.5f) {
  return test::f32_bytes(std::vector<float>(n, v));
}

std::string refusal(const std::string& bytes) {
  try {
    npz_model(bytes, "m.npz");
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(NpzModel, ArraysBecomeLayers) {
  test::Zip z;
  z.add("conv.npy", npy(1, npy_dict("<f4", "(4, 2, 3, 3)"), floats(72)), true);
  z.add("fc.npy", npy(1, npy_dict("<f4", "(3, 8)"), floats(24)), false);
  z.add("fc_bias.npy", npy(1, npy_dict("<f4", "(3,)"), floats(3)), false);
  const Model m = npz_model(z.finish(), "dir/m.npz");
  EXPECT_EQ(m.name, "m");
  ASSERT_EQ(m.layers.size(), 2u);
  EXPECT_EQ(m.layers[0].kind, OpKind::kConv);
  EXPECT_EQ(m.layers[0].in_channels, 2);
  EXPECT_EQ(m.layers[0].kernel_w, 3);
  EXPECT_EQ(m.layers[0].in_h, 0);  // unknown
  EXPECT_EQ(m.layers[1].kind, OpKind::kFullyConnected);
  EXPECT_EQ(m.layers[1].out_channels, 3);
  EXPECT_EQ(m.source, "dir/m.npz");
  EXPECT_EQ(m.source_hash.size(), 16u);
}

TEST(NpzModel, ZeroAndOversizedDimensionsAreRefused) {
  EXPECT_EQ(refusal(archive("(0, 5)", "")),
            "m.npz entry 'w.npy': dimension 0 is 0, expected 1..16777216");
  EXPECT_EQ(refusal(archive("(5, 0)", "")),
            "m.npz entry 'w.npy': dimension 1 is 0, expected 1..16777216");
  EXPECT_EQ(refusal(archive("(1, 1, 65537, 1)", floats(65537))),
            "m.npz entry 'w.npy': dimension 2 is 65537, expected 1..65536");
}

TEST(NpzModel, NonFiniteWeightsAreRefused) {
  std::vector<float> v(6, 1.f);
  v[4] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(refusal(archive("(2, 3)", test::f32_bytes(v))),
            "m.npz entry 'w.npy': value 4 is NaN; weights must be finite");
  v[4] = -std::numeric_limits<float>::infinity();
  EXPECT_EQ(refusal(archive("(2, 3)", test::f32_bytes(v))),
            "m.npz entry 'w.npy': value 4 is infinite; weights must be finite");
}

TEST(NpzModel, ArraysAboveTheMemoryBudgetAreRefusedBeforeDecoding) {
  const std::string bytes = archive("(20, 20)", floats(400), true);
  sim::MemoryBudget::set("1K");  // the deflated entry inflates to 1,728 bytes
  const std::string e = refusal(bytes);
  sim::MemoryBudget::clear();
  EXPECT_NE(
      e.find("m.npz entry 'w.npy': decoding needs 1729 bytes, above the memory budget of 1024"),
      std::string::npos)
      << e;
  EXPECT_EQ(refusal(bytes), "");
}

TEST(NpzModel, NamesMustBeUtf8) {  // they go into the trace's JSON header
  test::Zip z;
  z.add("w\xff.npy", npy(1, npy_dict("<f4", "(2, 3)"), floats(6)), false);
  EXPECT_EQ(refusal(z.finish()),
            "m.npz: entry 1 of the weight arrays has a name that is not UTF-8");
}

TEST(NpzModel, NoWeightArrays) {
  test::Zip z;
  z.add("bias.npy", npy(1, npy_dict("<f4", "(3,)"), floats(3)), false);
  EXPECT_EQ(refusal(z.finish()), "m.npz: no 2-D or 4-D weight arrays");
}

}  // namespace
}  // namespace axsim::workloads::npz_model_test
