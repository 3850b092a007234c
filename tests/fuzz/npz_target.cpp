// SPDX-License-Identifier: Apache-2.0
// .npz fuzz entry point: archive bytes through the path `axsim compress weights.npz` takes: the
// zip and .npy readers (workloads/npy), the arrays as layers, compression with a recipe and
// layer fidelity, then the trace it writes, read back.
#include <bit>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/support/npz_writer.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/fidelity.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/npy/npz_model.hpp"

namespace axsim::fuzz {

namespace {

// Archives with more weights than this are read and checked but not compressed.
constexpr std::uint64_t kMaxNpzWeights = 20000;

const workloads::Recipe& npz_recipe() {
  static const workloads::Recipe r = workloads::parse_recipe("fuzz-recipe.json", R"({
      "axsim_recipe": 1, "name": "fuzz-npz", "seed": 7,
      "defaults": {"prune": {"density": 0.5}, "quantize": {"scheme": "kmeans", "bits": 4},
                   "encoding": [{"format": "dense"}, {"format": "bitmask"}],
                   "activations": {"density": 0.5, "bits": 8}}})");
  return r;
}

std::uint64_t weights(const workloads::Model& m) {
  std::uint64_t n = 0;
  for (const workloads::ModelLayer& l : m.layers) n += l.weights.numel();
  return n;
}

/// Compression, layer fidelity, and the trace read back when it can be (known conv sizes).
void compress_model(const workloads::Model& model, Outcome& o) {
  const workloads::Compressed c = workloads::compress(model, npz_recipe());
  (void)workloads::layer_fidelity(model, c, 1);
  if (!replayable(model)) return;  // an .npz conv has no input size: its trace says so
  try {
    (void)workloads::workload_from_trace(workloads::to_trace(c, npz_recipe(), "fuzz"),
                                         "fuzz-npz.axt");
  } catch (const workloads::TraceError& e) {
    // The reader decodes under the case's budget too; what compression made may be above it.
    if (std::string(e.what()).find("above the memory budget") != std::string::npos) return;
    o.mismatches.push_back(std::string("the trace of an accepted archive is refused: ") + e.what());
  }
}

}  // namespace

Outcome fuzz_npz_bytes(const std::uint8_t* data, std::size_t size) {
  const CaseBudget budget;
  Outcome o;
  try {
    const workloads::Model model =
        workloads::npz_model(std::string(reinterpret_cast<const char*>(data), size), "fuzz.npz");
    if (weights(model) <= kMaxNpzWeights) compress_model(model, o);
    o.accepted = o.mismatches.empty();
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
  }
  return o;
}

namespace {

std::string pattern(std::size_t n, int salt) {  // signed, with zeros, as float32 bytes
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = (i + std::size_t(salt)) % 3 == 0 ? 0.f : float(int((i * 5 + 1) % 9) - 4) / 4;
  return test::f32_bytes(v);
}

}  // namespace

std::vector<std::string> seed_npz_archives() {
  using test::npy, test::npy_dict;
  std::vector<std::string> out;
  test::Zip fc;  // np.savez: stored; a bias beside its weights
  fc.add("fc1.npy", npy(1, npy_dict("<f4", "(6, 8)"), pattern(48, 0)), false);
  fc.add("fc1_bias.npy", npy(1, npy_dict("<f4", "(6,)"), pattern(6, 1)), false);
  out.push_back(fc.finish());
  test::Zip conv;  // np.savez_compressed: deflated; a conv and an fc
  conv.add("conv.npy", npy(1, npy_dict("<f4", "(4, 2, 3, 3)"), pattern(72, 2)), true);
  conv.add("fc.npy", npy(2, npy_dict("<f4", "(3, 4)"), pattern(12, 3)), true);
  out.push_back(conv.finish());
  std::string f8, i1;  // other dtypes: float64 and int8
  for (int i = 0; i < 20; ++i)
    test::put_le(f8, std::bit_cast<std::uint64_t>(0.25 * (i % 7) - 0.5), 8);
  for (int i = 0; i < 16; ++i) i1 += char((i * 37) % 11 - 5);
  test::Zip types;
  types.add("a.npy", npy(1, npy_dict("<f8", "(4, 5)"), f8), false);
  types.add("b.npy", npy(3, npy_dict("|i1", "(4, 4)"), i1), true);
  types.add("notes.txt", "not an array", false);
  out.push_back(types.finish());
  return out;
}

}  // namespace axsim::fuzz
