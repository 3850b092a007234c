// SPDX-License-Identifier: Apache-2.0
// Writes the fuzz seed corpora: DIR/trace/seed_N.axt, DIR/recipe/seed_N.json,
// DIR/onnx/seed_N.onnx and DIR/npz/seed_N.npz (docs/fuzzing.md).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tests/fuzz/fuzz_targets.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: axsim_fuzz_seeds DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir / "trace");
  std::filesystem::create_directories(dir / "recipe");
  int n = 0;
  for (const auto& t : axsim::fuzz::seed_traces())
    axsim::workloads::write_trace(
        (dir / "trace" / ("seed_" + std::to_string(n++) + ".axt")).string(), t);
  n = 0;
  for (const auto& r : axsim::fuzz::seed_recipes())
    std::ofstream(dir / "recipe" / ("seed_" + std::to_string(n++) + ".json")) << r;
  const auto write_all = [&](const char* kind, const std::vector<std::string>& seeds) {
    std::filesystem::create_directories(dir / kind);
    int i = 0;
    for (const std::string& s : seeds)
      std::ofstream(dir / kind / ("seed_" + std::to_string(i++) + "." + kind), std::ios::binary)
          << s;
  };
  write_all("onnx", axsim::fuzz::seed_onnx_models());
  write_all("npz", axsim::fuzz::seed_npz_archives());
  std::cout << "wrote seeds to " << dir.string() << "\n";
  return 0;
}
