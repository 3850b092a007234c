// SPDX-License-Identifier: Apache-2.0
// Sweep spec fuzz entry point: load_sweep_spec (validation and expansion), then the effective
// config of each point, as `axsim sweep` reads them before running.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/error.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tools/axsim/config.hpp"
#include "tools/axsim/sweep_spec.hpp"

namespace axsim::fuzz {

namespace fs = std::filesystem;

// Points whose configs are read per case (they differ only in override values, which the
// mutations vary anyway); the expansion itself always covers every point.
constexpr std::size_t kMaxPointsRead = 64;

Outcome fuzz_sweep_bytes(const std::uint8_t* data, std::size_t size) {
  // In sweeps/ so that the shipped specs' "../eie.json" resolves to the scratch links.
  const fs::path path = fs::path(scratch_dir()) / "sweeps" / "fuzz.json";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  Outcome o;
  try {
    const tools::SweepSpec spec = tools::load_sweep_spec(path.string());
    const std::size_t n = std::min(spec.points.size(), kMaxPointsRead);
    for (std::size_t i = 0; i < n; ++i)
      (void)tools::read_config(spec.points[i].config_path, spec.points[i].overrides());
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
  }
  return o;
}

std::vector<std::string> seed_sweeps() {
  std::vector<std::string> out;
  for (const char* name : {"dense_lenet5_500.json", "eie_pe_queue.json"}) {
    std::ifstream in(fs::path(AXSIM_SOURCE_DIR) / "configs" / "sweeps" / name, std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (out.back().empty()) throw std::runtime_error(std::string("missing seed sweep ") + name);
  }
  return out;
}

}  // namespace axsim::fuzz
