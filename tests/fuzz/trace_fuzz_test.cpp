// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of valid v2 traces (tiny conv, grouped conv, fc, lstm layers in every format)
// through the fuzz entry point: each must be replayed or refused with a documented error; a
// crash, sanitizer report or other exception fails the test. Deterministic: no timing.
#include <algorithm>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"
#include "workloads/encode/encoding.hpp"

namespace axsim::fuzz::trace_fuzz_test {
namespace {

#ifdef AXSIM_SANITIZED  // an eighth of the cases: the fuzz.trace libFuzzer run covers the reader
constexpr int kStructuredPerSeed = 88;   // header JSON and blob mutations
constexpr int kBytesPerSeed = 20;        // raw file bytes (framing, CRCs, truncation)
constexpr std::size_t kEdgeValueStride = 8;  // header fields: every eighth edge value
#else
constexpr int kStructuredPerSeed = 700;
constexpr int kBytesPerSeed = 150;
constexpr std::size_t kEdgeValueStride = 1;
#endif

std::vector<std::uint8_t> file_bytes(const workloads::Trace& t) {
  const std::string path = ::testing::TempDir() + "axsim_trace_fuzz_seed.axt";
  workloads::write_trace(path, t);
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> b{std::istreambuf_iterator<char>(in), {}};
  std::filesystem::remove(path);
  return b;
}

void expect_ok(const Outcome& o, const std::string& what) {
  EXPECT_TRUE(o.mismatches.empty()) << what << ": " << o.mismatches.front();
  if (!o.accepted) {
    EXPECT_FALSE(o.error.empty()) << what;
  }
}

TEST(TraceFuzz, SeedsReplayOnEveryUnitAndMatchTheReference) {
  for (const workloads::Trace& t : seed_traces()) {
    const std::vector<std::uint8_t> b = file_bytes(t);
    const Outcome o = fuzz_trace_bytes(b.data(), b.size());
    EXPECT_TRUE(o.accepted) << o.error;
    EXPECT_TRUE(o.mismatches.empty()) << o.mismatches.front();
  }
}

// Found by the mutations: a header number written as a float (1e300) was converted to an integer
// with undefined behaviour (trace_replay.cpp in_range, "bytes", "bytes_per_value").
TEST(TraceFuzz, FloatHeaderNumbersAreRefusedByName) {
  const workloads::Trace seed = seed_traces().at(1);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("in_channels":2,)", R"("in_channels":1e300,)"},
      {R"("bytes_per_value":1)", R"("bytes_per_value":1e300)"},
      {R"("bytes":)", R"("bytes":-1e300,"x":)"}};
  for (const auto& [from, to] : cases) {
    workloads::Trace t = seed;
    std::string& h = t.layers.at(0).header_json;
    ASSERT_NE(h.find(from), std::string::npos) << from << " in " << h;
    h.replace(h.find(from), from.size(), to);
    const Outcome o = fuzz_trace(t);
    EXPECT_FALSE(o.accepted) << to;
    EXPECT_NE(o.error.find("fuzz.axt: layer"), std::string::npos) << o.error;
    EXPECT_NE(o.error.find("expected"), std::string::npos) << o.error;
  }
}

// Every field of a layer header (shape, encodings' formats, widths and counts, the fixed-point
// rule, activations) set to each edge value and to each other type: replayed or refused naming
// the layer (and, from the reader, the file and the field's JSON pointer).
void leaves(const nlohmann::json& j, const std::string& at, std::vector<std::string>& out) {
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it) leaves(*it, at + "/" + it.key(), out);
  else if (j.is_array())
    for (std::size_t i = 0; i < j.size(); ++i) leaves(j[i], at + "/" + std::to_string(i), out);
  else
    out.push_back(at);
}

TEST(TraceFuzz, HeaderFieldsAtEdgeValuesAndOtherTypes) {
  const std::vector<nlohmann::json> values = {
      0,     -1,   63,   std::int64_t{1} << 31, ~std::uint64_t{0}, 1e300, 0.5,
      -std::int64_t{1} << 40, "",  "x",  true, nullptr, nlohmann::json::array()};
  int cases = 0, refused = 0;
  for (const workloads::Trace& seed : seed_traces()) {
    const nlohmann::json h = nlohmann::json::parse(seed.layers.at(0).header_json);
    std::vector<std::string> fields;
    leaves(h, "", fields);
    for (const std::string& field : fields)
      for (std::size_t vi = 0; vi < values.size(); vi += kEdgeValueStride) {
        const nlohmann::json& v = values[vi];
        workloads::Trace t = seed;
        nlohmann::json e = h;
        e[nlohmann::json::json_pointer(field)] = v;
        t.layers[0].header_json = e.dump();
        const Outcome o = fuzz_trace(t);
        ++cases;
        expect_ok(o, field + " = " + v.dump());
        if (o.accepted) continue;
        ++refused;
        EXPECT_NE(o.error.find("layer"), std::string::npos) << field << ": " << o.error;
      }
  }
  std::cout << cases << " header field cases, " << refused << " refused\n";
  EXPECT_GT(refused, cases / 2);
}

TEST(TraceFuzz, SeededMutationsAreReplayedOrRefused) {
  Mutator m(20261204);
  int cases = 0, accepted = 0;
  std::map<std::string, int> errors;  // first 60 characters of each message
  int seeds = 0;
  for (const workloads::Trace& seed : seed_traces()) {
    ++seeds;
    for (int i = 0; i < kStructuredPerSeed; ++i, ++cases) {
      workloads::Trace t = m.mutate_trace(seed);
      if (m.below(4) == 0) t = m.mutate_trace(std::move(t));  // sometimes two changes
      const Outcome o = fuzz_trace(t);
      expect_ok(o, "structured case " + std::to_string(cases));
      accepted += o.accepted;
      if (!o.accepted) ++errors[o.error.substr(0, 60)];
    }
    const std::vector<std::uint8_t> bytes = file_bytes(seed);
    for (int i = 0; i < kBytesPerSeed; ++i, ++cases) {
      const std::vector<std::uint8_t> b = m.mutate_bytes(bytes);
      const Outcome o = fuzz_trace_bytes(b.data(), b.size());
      expect_ok(o, "byte case " + std::to_string(cases));
      accepted += o.accepted;
    }
  }
  std::cout << cases << " cases, " << accepted << " accepted, " << errors.size()
            << " distinct refusals\n";
  EXPECT_EQ(cases, seeds * (kStructuredPerSeed + kBytesPerSeed));
}

// Found by the mutations: damaged relative indices once ran a row past a PE's registers (heap
// writes in EIE's arithmetic unit, then in ESE's MAC pipeline); both units now refuse them.
// Here the stored bytes are those of a taller matrix, so entries land past a PE's rows.
TEST(TraceFuzz, EntriesPastAPesRowsAreRefused) {
  const std::vector<workloads::Trace> seeds = seed_traces();
  const struct {
    std::size_t seed;
    const char *layer, *format, *refusal;
  } cases[] = {{0, "fc", "eie_csc", "eie_csc column"},  // EIE's rule, 2 PEs
               {seeds.size() - 1, "lstmp", "ese", "place an entry on local row"}};  // 2 x 2
  for (const auto& c : cases) {
    workloads::Trace t = seeds[c.seed];
    auto it = std::find_if(t.layers.begin(), t.layers.end(),
                           [&](const workloads::TraceLayer& l) { return l.name == c.layer; });
    ASSERT_NE(it, t.layers.end());
    nlohmann::json h = nlohmann::json::parse(it->header_json);
    const std::int64_t rows = h["rows"], cols = h["cols"];
    workloads::CodeMatrix tall{4 * rows, cols, 4, std::vector<std::int32_t>(std::size_t(4 * rows * cols), 0)};
    tall.codes.back() = 3;  // the last row: past every PE's share of `rows`
    workloads::EncodeSpec spec{2, 4, 32};
    if (std::string(c.format) == "ese") spec.channels = 2, spec.pointer_bits = 8;
    const workloads::Encoded enc = workloads::encode(c.format, tall, spec);
    for (auto& e : h["encodings"])
      if (e["format"] == c.format) e["bytes"] = enc.bytes.size(), e["code_bits"] = 4;
    it->blobs["weights." + std::string(c.format)] = enc.bytes;
    it->header_json = h.dump();
    const Outcome o = fuzz_trace(t);
    EXPECT_TRUE(o.mismatches.empty()) << c.layer;
    EXPECT_NE(o.error.find(c.refusal), std::string::npos) << c.layer << ": " << o.error;
  }
}

}  // namespace
}  // namespace axsim::fuzz::trace_fuzz_test
