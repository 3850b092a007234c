// SPDX-License-Identifier: Apache-2.0
// Topology file fuzz entry point: bytes through parse_topology; an accepted model's layers are
// walked as the front-end would (shapes, matrix sizes), without making their weights.
#include <filesystem>
#include <fstream>

#include "sim/error.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/model/topology.hpp"

namespace axsim::fuzz {

Outcome fuzz_topology_bytes(const std::uint8_t* data, std::size_t size) {
  Outcome o;
  try {
    const workloads::Model m = workloads::parse_topology(
        "fuzz.json", std::string(reinterpret_cast<const char*>(data), size), 1);
    for (const workloads::ModelLayer& l : m.layers) {
      (void)workloads::shape_of(l).macs();
      (void)l.weight_count();
    }
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
  }
  return o;
}

std::vector<std::string> seed_topologies() {
  const std::filesystem::path dir =
      std::filesystem::path(AXSIM_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / "topology";
  std::vector<std::string> out;
  for (const char* f : {"small_cnn.json", "mixed.json"}) {
    std::ifstream in(dir / f, std::ios::binary);
    out.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  return out;
}

}  // namespace axsim::fuzz
