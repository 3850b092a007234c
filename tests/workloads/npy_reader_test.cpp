// SPDX-License-Identifier: Apache-2.0
// The .npy/.npz reader on files the test writes byte by byte (and with zlib for deflate), so no
// NumPy is needed to run it.
#include "workloads/npy/npy_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "tests/support/npz_writer.hpp"
#include "tools/axsim/compress_command.hpp"
#include "workloads/trace/trace.hpp"

namespace axsim::workloads::npy_reader_test {
namespace {

namespace fs = std::filesystem;
using Dims = std::vector<std::int64_t>;

std::string temp_file(const std::string& bytes, const std::string& suffix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path p = fs::path(::testing::TempDir()) /
                     (std::string("axsim_npy_") + info->name() + suffix);
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

using test::npy;
using test::Zip;
void put(std::string& out, std::uint64_t v, int bytes) { test::put_le(out, v, bytes); }
std::string dict(const std::string& descr, const std::string& shape, bool fortran = false) {
  return test::npy_dict(descr, shape, fortran);
}
std::string float_data(const std::vector<float>& v) { return test::f32_bytes(v); }

std::string error_of(const std::string& path, bool npz = false) {
  try {
    if (npz) read_npz(path);
    else read_npy(path);
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---- .npy ------------------------------------------------------------------------------------

TEST(NpyReader, Float32Version1ByHand) {
  // Exactly what np.save(np.array([1.0, -2.5, 0.5], '<f4')) writes: a 118-byte header.
  std::string bytes = std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
                      "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
  bytes += std::string(128 - 1 - bytes.size(), ' ') + "\n";
  bytes += std::string("\x00\x00\x80\x3f" "\x00\x00\x20\xc0" "\x00\x00\x00\x3f", 12);
  const Tensor t = read_npy(temp_file(bytes, ".npy"));
  EXPECT_EQ(t.shape, Dims{3});
  EXPECT_EQ(t.data, (std::vector<float>{1.0f, -2.5f, 0.5f}));
}

TEST(NpyReader, Int8TwoDimsCOrder) {
  const std::string data("\x01\xfe\x03\x80\x00\x7f", 6);
  for (const char* descr : {"<i1", "|i1"}) {
    const Tensor t = read_npy(temp_file(npy(1, dict(descr, "(2, 3)"), data), ".npy"));
    EXPECT_EQ(t.shape, (Dims{2, 3}));
    EXPECT_EQ(t.data, (std::vector<float>{1, -2, 3, -128, 0, 127})) << descr;
  }
}

TEST(NpyReader, OtherDtypesAndVersions) {
  std::string f8, i2, i4, i8;
  put(f8, 0x3ff8000000000000ull, 8);  // 1.5
  put(i2, 0xfffe, 2);                 // -2
  put(i4, 0x00010000, 4);             // 65536
  put(i8, 0xfffffffffffffffdull, 8);  // -3
  EXPECT_EQ(read_npy(temp_file(npy(2, dict("<f8", "(1,)"), f8), ".npy")).data[0], 1.5f);
  EXPECT_EQ(read_npy(temp_file(npy(3, dict("<i2", "(1,)"), i2), ".npy")).data[0], -2.0f);
  EXPECT_EQ(read_npy(temp_file(npy(1, dict("<i4", "(1,)"), i4), ".npy")).data[0], 65536.0f);
  EXPECT_EQ(read_npy(temp_file(npy(2, dict("<i8", "(1,)"), i8), ".npy")).data[0], -3.0f);
  EXPECT_EQ(read_npy(temp_file(npy(1, dict("|u1", "(1,)"), "\xff"), ".npy")).data[0], 255.0f);
  // A 0-d array is one value; an empty dimension is no values.
  const Tensor scalar = read_npy(temp_file(npy(1, dict("<u1", "()"), "\x07"), ".npy"));
  EXPECT_EQ(scalar.shape, Dims{1});
  EXPECT_EQ(scalar.data, std::vector<float>{7.0f});
  EXPECT_TRUE(read_npy(temp_file(npy(1, dict("<f4", "(0, 5)"), ""), ".npy")).data.empty());
}

TEST(NpyReader, RejectsFortranOrderAndOtherDtypes) {
  const std::string path = temp_file(npy(1, dict("<f4", "(1,)", true), "abcd"), ".npy");
  const std::string e = error_of(path);
  EXPECT_TRUE(contains(e, path) && contains(e, "Fortran")) << e;
  EXPECT_TRUE(contains(error_of(temp_file(npy(1, dict(">f4", "(1,)"), "abcd"), ".npy")),
                       "dtype '>f4' is not supported"));
  EXPECT_TRUE(contains(error_of(temp_file(npy(1, "{'descr': '<f4'}", ""), ".npy")), "lacks"));
  EXPECT_TRUE(contains(error_of(temp_file(npy(1, "{'descr': '<f4',", ""), ".npy")),
                       "bad .npy header"));
  EXPECT_TRUE(contains(error_of(temp_file("PK\x03\x04 not npy", ".npy")), "not a .npy file"));
}

TEST(NpyReader, TruncatedFilesReportTheOffset) {
  const std::string whole = npy(1, dict("<f4", "(2,)"), std::string(8, '\0'));
  ASSERT_EQ(whole.size(), 128u + 8u);  // the dict pads to a 128-byte header
  const std::string path = temp_file(whole.substr(0, whole.size() - 1), ".npy");
  const std::string e = error_of(path);
  EXPECT_TRUE(contains(e, path) && contains(e, "at offset 128") && contains(e, "truncated")) << e;
  EXPECT_TRUE(contains(error_of(temp_file(whole.substr(0, 9), ".npy")), "at offset 8")) << e;
  EXPECT_TRUE(contains(error_of(temp_file(whole.substr(0, 40), ".npy")), "at offset 10"));
  EXPECT_TRUE(contains(error_of(temp_file(whole + "x", ".npy")), "at offset 136"));
}

// ---- .npz ------------------------------------------------------------------------------------

const std::vector<float> kBig = [] {
  std::vector<float> v(300);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = float(i % 7) - 3.0f;  // compresses well
  return v;
}();

std::string sample_npz() {
  Zip z;
  z.add("weights.npy", npy(1, dict("<f4", "(2, 2)"), float_data({1, 2, 3, 4})), false);
  z.add("big.npy", npy(1, dict("<f4", "(3, 100)"), float_data(kBig)), true);
  z.add("codes.npy", npy(2, dict("|i1", "(3,)"), "\x01\x02\xff"), true);
  z.add("README.txt", "not an array", false);
  return z.finish();
}

TEST(NpzReader, StoredAndDeflatedRoundTrip) {
  const auto arrays = read_npz(temp_file(sample_npz(), ".npz"));
  ASSERT_EQ(arrays.size(), 3u);  // README.txt is not an array
  EXPECT_EQ(arrays.at("weights").shape, (Dims{2, 2}));
  EXPECT_EQ(arrays.at("weights").data, (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(arrays.at("big").shape, (Dims{3, 100}));
  EXPECT_EQ(arrays.at("big").data, kBig);
  EXPECT_EQ(arrays.at("codes").data, (std::vector<float>{1, 2, -1}));
}

TEST(NpzReader, ErrorsNameTheFileEntryAndOffset) {
  const std::string good = sample_npz();
  const std::string cut = temp_file(good.substr(0, good.size() - 30), ".npz");
  EXPECT_TRUE(contains(error_of(cut, true), "end-of-central-directory")) << error_of(cut, true);
  // Damage the deflated data of big.npy: its local header follows the stored weights.npy.
  Zip z;
  z.add("weights.npy", npy(1, dict("<f4", "(2, 2)"), float_data({1, 2, 3, 4})), false);
  const std::size_t big_data = z.body.size() + 30 + 7;
  std::string bad = sample_npz();
  bad[big_data + 2] = char(bad[big_data + 2] ^ 0x55);
  const std::string path = temp_file(bad, ".npz");
  const std::string e = error_of(path, true);
  EXPECT_TRUE(contains(e, path) && contains(e, "entry 'big.npy'") &&
              contains(e, "at offset " + std::to_string(big_data))) << e;
  // A stored entry whose .npy is truncated: the offset is within the entry.
  Zip t;
  t.add("short.npy", npy(1, dict("<f4", "(4,)"), float_data({1, 2})), false);
  const std::string e2 = error_of(temp_file(t.finish(), ".npz"), true);
  EXPECT_TRUE(contains(e2, "entry 'short.npy' at offset 128") && contains(e2, "truncated")) << e2;
}

TEST(NpzReader, StoredEntryWithWrongCrcIsRejected) {
  std::string bad = sample_npz();
  bad[30 + 11 + 128] ^= 0x01;  // first data byte of weights.npy (stored, 128-byte header)
  const std::string e = error_of(temp_file(bad, ".npz"), true);
  EXPECT_TRUE(contains(e, "entry 'weights.npy'") && contains(e, "CRC-32")) << e;
}

}  // namespace
}  // namespace axsim::workloads::npy_reader_test

namespace axsim::workloads::npy_reader_test {
namespace {

// `axsim compress` takes an .npz of weights: its 2-D arrays become fully connected layers.
TEST(NpzReader, CompressCommandTakesAnNpzModel) {
  tools::CompressOptions o;
  // Per process: its results db must not be one another build (another schema) also writes.
  std::string suffix = std::to_string(getpid());  // (operator+ on a literal trips GCC 12's -Wrestrict)
  suffix += ".npz";
  o.model = temp_file(sample_npz(), suffix);
  o.recipe = std::string(AXSIM_SOURCE_DIR) + "/configs/recipes/int8_dense.json";
  o.output = o.model + ".axt";
  o.db_path = o.model + ".db";
  ASSERT_EQ(tools::compress_command(o), 0);
  const Trace t = read_trace(o.output);
  ASSERT_EQ(t.layers.size(), 2u);  // big (3 x 100) and weights (2 x 2); codes is 1-D
  EXPECT_EQ(t.layers[0].name, "big");
  EXPECT_EQ(t.layers[1].blobs.at("weights.dense").size(), 4u);
  for (const std::string& f : {o.model, o.output, o.db_path, o.db_path + "-wal", o.db_path + "-shm"})
    fs::remove(f);
}

}  // namespace
}  // namespace axsim::workloads::npy_reader_test
