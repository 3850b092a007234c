// SPDX-License-Identifier: Apache-2.0
// Config fuzz entry point: JSON text through the path `axsim run` takes (read_config with its
// override, parse_config with unit spec resolution, the workload, a run) on the built-in
// 'tiny' workload so that every case stays small.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/error.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tools/axsim/config.hpp"
#include "tools/axsim/runner.hpp"

namespace axsim::fuzz {
namespace fs = std::filesystem;

const std::string& scratch_dir() {
  static const std::string dir = [] {
    const fs::path d = fs::temp_directory_path() / ("axsim-fuzz-" + std::to_string(getpid()));
    // Made afresh: a folder left by an earlier process with the same pid may hold links into
    // another checkout (seen: dangling ones, which the fuzz cases then could not open).
    fs::remove_all(d);
    fs::create_directories(d / "sweeps");
    const fs::path configs = fs::path(AXSIM_SOURCE_DIR) / "configs";
    for (const char* sub : {"tech", "recipes"}) fs::create_directory_symlink(configs / sub, d / sub);
    for (const char* c : {"dense.json", "eie.json", "scnn.json", "dcnn.json"})
      fs::create_symlink(configs / c, d / c);
    return d.string();
  }();
  return dir;
}

Outcome fuzz_config_bytes(const std::uint8_t* data, std::size_t size) {
  const fs::path path = fs::path(scratch_dir()) / "fuzz.json";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  Outcome o;
  tools::RunOptions opt;
  opt.config_path = path.string();
  opt.workload = "tiny";  // whatever the config names: keeps a case to a few layers
  opt.db_path = ":memory:";
  opt.no_cache = true;
  try {
    // Directly first, so that an unexpected exception escapes instead of becoming a run error.
    const tools::ConfigIdentity id = tools::read_config(opt.config_path, {"/workload=\"tiny\""});
    (void)tools::parse_config(opt.config_path, id.json);
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
    return o;
  }
  const tools::RunResult r = tools::run(opt);
  if (r.exit_code == 2) {
    o.error = r.error;
  } else if (r.exit_code != 0) {
    // A config that validates must simulate: any other failure is a bug (exit 1).
    o.mismatches.push_back("run failed (exit " + std::to_string(r.exit_code) + "): " + r.error);
  } else {
    o.accepted = true;
  }
  return o;
}

std::vector<std::string> seed_configs() {
  std::vector<std::string> out;
  for (const char* name : {"dense.json", "eie.json", "scnn.json", "dcnn.json"}) {
    std::ifstream in(fs::path(AXSIM_SOURCE_DIR) / "configs" / name, std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (out.back().empty()) throw std::runtime_error(std::string("missing seed config ") + name);
  }
  return out;
}

}  // namespace axsim::fuzz
