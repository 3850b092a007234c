// SPDX-License-Identifier: Apache-2.0
// Trace contents (issue 14): every field a layer header gives is checked against its meaning and
// every count against the bytes present, before anything is sized, shifted or indexed with it.
// Each case edits a valid trace by hand and asserts the TraceError names file, layer, field
// (its JSON pointer) and the limit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/trace_fixtures.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/trace_io.hpp"

namespace axsim::workloads::trace_contents_test {
namespace {

using nlohmann::json;

using test::replay_error;
using test::small_conv;

Trace trace_of(const std::string& defaults) {
  Model m;
  m.name = "one";
  m.layers.push_back(small_conv());
  const Recipe r = parse_recipe(
      "t", R"({"axsim_recipe":1,"name":"t","defaults":)" + defaults + "}");
  return to_trace(compress(m, r), r, "test");
}

// Uniform 8-bit codes (their own levels), stored dense and for SCNN.
Trace uniform_trace() {
  return trace_of(R"({"quantize":{"scheme":"uniform","bits":8},
      "encoding":[{"format":"dense"},{"format":"scnn"}],"activations":{"density":1.0}})");
}

// A 4-bit k-means codebook: a levels table.
Trace kmeans_trace() {
  return trace_of(R"({"quantize":{"scheme":"kmeans","bits":4},"encoding":{"format":"dense"},
      "activations":{"density":1.0}})");
}


// The error after `edit` changes layer 0's header (and possibly its blobs).
std::string error_after(Trace t, const std::function<void(json&, TraceLayer&)>& edit) {
  json h = json::parse(t.layers.at(0).header_json);
  edit(h, t.layers.at(0));
  t.layers.at(0).header_json = h.dump();
  return replay_error(t);
}

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

TEST(TraceContents, ValidTracesReplay) {
  EXPECT_EQ(replay_error(uniform_trace()), "");
  EXPECT_EQ(replay_error(kmeans_trace()), "");
}

// 2^64 - 1 once read as int64 -1 (accepted for in_h's "unknown" -1); 2^31 as a negative int.
TEST(TraceContents, IntegersAreCheckedAsWrittenNotAfterConversion) {
  const Trace t = uniform_trace();
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["in_h"] = ~std::uint64_t{0}; }),
             "t.axt: layer 'c': header: /in_h is 18446744073709551615, expected an integer "
             "-1..1048576");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) {
               h["encodings"][0]["code_bits"] = std::uint64_t{1} << 31;
             }),
             "t.axt: layer 'c': header: /encodings/0/code_bits is 2147483648, expected 1..32");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["encodings"][1]["index_bits"] = -1; }),
             "header: /encodings/1/index_bits is -1, expected 1..16");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["rows"] = 2.0; }),
             "header: /rows is 2.0, expected an integer");
}

TEST(TraceContents, MissingAndMistypedFieldsNameTheirPointer) {
  const Trace t = uniform_trace();
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["fixed_point"].erase("accumulator_bits"); }),
             "t.axt: layer 'c': header: /fixed_point/accumulator_bits is missing");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["encodings"][0]["signed_codes"] = "yes"; }),
             "header: /encodings/0/signed_codes is \"yes\", expected true or false");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["encodings"] = json::object(); }),
             "header: /encodings is {}, expected an array");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["relu_after"] = 1; }),
             "header: /relu_after is 1, expected true or false");
}

TEST(TraceContents, FixedPointFieldsAreWithinTheirRanges) {
  const Trace t = uniform_trace();
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["fixed_point"]["product_shift"] = 63; }),
             "header: /fixed_point/product_shift is 63, expected 0..62");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["fixed_point"]["accumulator_bits"] = 33; }),
             "header: /fixed_point/accumulator_bits is 33, expected 2..32");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["fixed_point"]["weight_bits"] = 64; }),
             "header: /fixed_point/weight_bits is 64, expected 0..32");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["fixed_point"]["accumulate"] = "wrap"; }),
             "header: /fixed_point/accumulate is \"wrap\", expected exact or shift_saturate");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["fixed_point"]["weight_scale"] = 1e300; }),
             "header: /fixed_point/weight_scale is 1e+300, expected a finite number");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["activations"]["scale"] = "x"; }),
             "header: /activations/scale is \"x\", expected a number");
  // Per-row scales: one per output row (2 here), finite.
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer& l) {
               h["fixed_point"]["row_scales"] = 1;
               l.blobs["fixed_point.row_scales"] = {0, 0, 0x80, 0x3f};  // 1.0f
             }),
             "header: /fixed_point/row_scales is 1, expected 0 or the 2 rows");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer& l) {
               h["fixed_point"]["row_scales"] = 2;
               l.blobs["fixed_point.row_scales"] = {0, 0, 0x80, 0x3f, 0, 0, 0xc0, 0x7f};  // NaN
             }),
             "blob 'fixed_point.row_scales' entry 1 is nan, expected a finite scale");
}

TEST(TraceContents, CodeOffsetMustGiveCodeZeroALevel) {
  const Trace t = kmeans_trace();
  const json h = json::parse(t.layers[0].header_json);
  const int levels = h["fixed_point"]["levels"].get<int>();
  EXPECT_HAS(error_after(t, [&](json& j, TraceLayer&) { j["fixed_point"]["code_offset"] = -levels; }),
             "header: /fixed_point/code_offset is -" + std::to_string(levels) + ", expected -" +
                 std::to_string(levels - 1) + "..0");
  EXPECT_HAS(error_after(t, [](json& j, TraceLayer&) { j["fixed_point"]["levels"] = 1 << 25; }),
             "header: /fixed_point/levels is 33554432, expected 0..16777216");
}

TEST(TraceContents, ActivationsMatchTheirCountWidthAndBits) {
  const Trace t = uniform_trace();  // 2 x 5 x 5 inputs of 8 bits, 1 byte each
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["activations"]["count"] = 49; }),
             "header: /activations/count is 49, the shape stores 50 inputs");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["activations"]["bits"] = 12; }),
             "header: /activations/bytes_per_value is 1, expected 2 for 12-bit activations");
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer&) { h["activations"]["bits"] = 0; }),
             "header: /activations/bits is 0, expected 1..16");
  // A value wider than the declared bits (units size their datapath by them).
  EXPECT_HAS(error_after(t, [](json& h, TraceLayer& l) {
               h["activations"]["bits"] = 2;
               std::fill(l.blobs["input"].begin(), l.blobs["input"].end(), 0);
               l.blobs["input"][3] = 0x7f;
             }),
             "t.axt: layer 'c': input activation 3 is 127, outside the 2-bit range -2..1");
}

// |level| x |input| x cols must fit the int64 sums of the reference and the units.
TEST(TraceContents, SumsThatWouldOverflowInt64AreRefused) {
  Trace t = uniform_trace();
  json h = json::parse(t.layers[0].header_json);
  const int cols = 1 << 18;
  h["kind"] = "fc", h["in_channels"] = cols, h["out_channels"] = 1, h["rows"] = 1;
  h["cols"] = cols;
  h["encodings"] = json::array({h["encodings"][0]});
  h["encodings"][0]["code_bits"] = 32, h["fixed_point"]["weight_bits"] = 32;
  h["activations"]["bits"] = 16, h["activations"]["bytes_per_value"] = 2;
  h["activations"]["count"] = cols, h["fixed_point"]["row_scales"] = 0;
  t.layers[0].blobs["input"].assign(std::size_t(cols) * 2, 0);
  t.layers[0].blobs["input"][0] = 0xff, t.layers[0].blobs["input"][1] = 0x7f;  // 32767
  t.layers[0].header_json = h.dump();
  EXPECT_HAS(replay_error(t), "t.axt: layer 'c': 262144 products of up to 2147483648 x 32767 per "
                              "output overflow a 64-bit sum");
}

// `axsim inspect`'s table reads the headers with the same typed access.
TEST(TraceContents, InspectNamesTheLayerAndPointerOfABadField) {
  Trace t = uniform_trace();
  json h = json::parse(t.layers[0].header_json);
  h["quantization"].erase("bits");
  t.layers[0].header_json = h.dump();
  try {
    format_trace_table(t, 0, "t.axt");
    FAIL();
  } catch (const TraceError& e) {
    EXPECT_HAS(std::string(e.what()), "t.axt: layer 'c': header: /quantization/bits is missing");
  }
  h = json::parse(uniform_trace().layers[0].header_json);
  h["encodings"][1]["format"] = 7;
  t.layers[0].header_json = h.dump();
  try {
    format_trace_table(t, 0, "t.axt");
    FAIL();
  } catch (const TraceError& e) {
    EXPECT_HAS(std::string(e.what()), "header: /encodings/1/format is 7, expected a string");
  }
}

}  // namespace
}  // namespace axsim::workloads::trace_contents_test
