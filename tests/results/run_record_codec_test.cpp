// SPDX-License-Identifier: Apache-2.0
// The run-record encoding of MPI messages and staged sweep points: every field round-trips,
// and damaged bytes are refused with the source, the offset and what was expected.
#include "results/run_record_codec.hpp"

#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::results::run_record_codec_test {
namespace {

TEST(RunRecordCodec, EveryFieldRoundTrips) {
  const RunRecord r = fuzz::seed_run_record();
  const std::string bytes = encode_run_record(r);
  const RunRecord back = decode_run_record(bytes, "test");
  EXPECT_EQ(encode_run_record(back), bytes);
  EXPECT_EQ(back.info.params[2].value, SqlValue{std::string("ws")});
  EXPECT_TRUE(std::holds_alternative<std::monostate>(back.info.params[3].value));
  EXPECT_EQ(back.info.point_index, 41);
  EXPECT_EQ(back.phases[0].cycle_stack[5], 6u);
  EXPECT_EQ(back.phases[0].histograms[0].counts, (std::vector<std::uint64_t>{3, 0, 9}));
  EXPECT_DOUBLE_EQ(back.task_metrics[0].value, 0.9);
  EXPECT_EQ(back.error, "bad value");
}

TEST(RunRecordCodec, RefusesDamageNamingSourceAndOffset) {
  const std::string bytes = encode_run_record(fuzz::seed_run_record());
  auto error = [](const std::string& b) {
    try {
      decode_run_record(b, "rank 2");
    } catch (const RunRecordError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(
      error("AXRQ" + bytes.substr(4)).find("rank 2: run record, byte offset 0: expected the magic"),
      std::string::npos);
  EXPECT_NE(error(bytes.substr(0, bytes.size() - 3)).find("byte offset"), std::string::npos);
  EXPECT_NE(error(bytes + "x").find("the end of the record, found 1 more bytes"),
            std::string::npos);
  std::string huge = bytes;
  huge[6] = '\xff', huge[7] = '\xff';  // the unit name's length: far past the end
  EXPECT_NE(error(huge).find("byte offset 6"), std::string::npos) << error(huge);
}

TEST(RunRecordCodec, SeededMutationsAreAcceptedOrRefused) {
  const std::string seed = encode_run_record(fuzz::seed_run_record());
  fuzz::Mutator m(606);
  const fuzz::MutationTally t = fuzz::run_mutations(
      {seed}, 3000,
      [&](const std::string& s) {
        const std::vector<std::uint8_t> b = m.mutate_bytes({s.begin(), s.end()});
        return std::string(b.begin(), b.end());
      },
      [](const std::string& s) { return fuzz::run_on(fuzz::fuzz_run_record_bytes, s); },
      [](const std::string&, const fuzz::Outcome& o) {
        if (!o.accepted) {
          EXPECT_NE(o.error.find("fuzz.record"), std::string::npos) << o.error;
        }
      });
  std::cout << t.cases << " run-record cases, " << t.accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::results::run_record_codec_test
