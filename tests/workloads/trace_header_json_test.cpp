// SPDX-License-Identifier: Apache-2.0
// Issue 14: trace headers are read under the JSON input limits and refused as TraceError naming
// the trace file and the layer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "workloads/compress/trace_io.hpp"

namespace axsim::workloads::trace_header_json_test {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& text, const std::string& layer) {
  try {
    parse_trace_header(text, "m.axt", layer);
  } catch (const TraceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TraceHeaderJson, DeepHeaderIsATraceErrorNamingFileAndLayer) {
  const std::string deep =
      "{\"rows\": " + std::string(100'000, '[') + std::string(100'000, ']') + "}";
  const std::string e = error_of(deep, "conv1");
  EXPECT_THAT(e, HasSubstr("m.axt: layer 'conv1': header: /rows/0/0/"));
  EXPECT_THAT(e, HasSubstr("nesting deeper than 64 levels"));
}

TEST(TraceHeaderJson, DuplicateKeyAndSyntaxErrorsNameTheFileHeader) {
  EXPECT_THAT(error_of(R"({"seed": 1, "seed": 2})", ""),
              HasSubstr("m.axt: file header: /seed: duplicate key \"seed\""));
  EXPECT_THAT(error_of("{\"rows\": ", "fc"),
              HasSubstr("m.axt: layer 'fc': header: invalid JSON at byte"));
  EXPECT_EQ(parse_trace_header(R"({"rows": 3})", "m.axt", "fc")["rows"], 3);
}

}  // namespace
}  // namespace axsim::workloads::trace_header_json_test
