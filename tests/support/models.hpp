// SPDX-License-Identifier: Apache-2.0
// The two real ONNX models that tools/fetch_models.sh fetches, for tests that need them.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>

namespace axsim::test {

inline constexpr const char* kMobileNet = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
inline constexpr const char* kSilero = "silero_vad_legacy.onnx";

/// AXSIM_MODELS_DIR from the environment, else the build's models folder.
inline std::string models_dir() {
  const char* env = std::getenv("AXSIM_MODELS_DIR");
  return env != nullptr && *env != '\0' ? env : AXSIM_MODELS_DIR;
}

}  // namespace axsim::test

// Declares `var` as the path of model `file`. CI runs tools/fetch_models.sh first, so there a
// missing model is a failure; a developer who has not fetched them just skips the test.
#define REQUIRE_MODEL(var, file)                                                          \
  const std::string var = ::axsim::test::models_dir() + "/" + (file);                     \
  if (!std::filesystem::exists(var)) {                                                    \
    if (std::getenv("CI") != nullptr) FAIL() << var << " missing: run tools/fetch_models.sh"; \
    GTEST_SKIP() << var << " missing: run tools/fetch_models.sh";                         \
  }
