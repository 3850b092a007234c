// SPDX-License-Identifier: Apache-2.0
#include "workloads/npy/npz_model.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/error.hpp"
#include "sim/json_input.hpp"
#include "sim/provenance.hpp"
#include "workloads/layer.hpp"
#include "workloads/npy/npy_reader.hpp"

namespace axsim::workloads {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& entry, const std::string& what) {
  throw sim::ConfigError(path + " entry '" + entry + ".npy': " + what);
}

/// One dim of an array, narrowed to int within lo..hi.
int dim(const std::string& path, const std::string& entry, const Tensor& t, std::size_t axis,
        std::int64_t hi) {
  const std::int64_t v = t.shape[axis];
  if (v < 1 || v > hi)
    fail(path, entry,
         "dimension " + std::to_string(axis) + " is " + std::to_string(v) + ", expected 1.." +
             std::to_string(hi));
  return static_cast<int>(v);
}

ModelLayer layer_of(const std::string& path, const std::string& name, Tensor t) {
  ModelLayer l;
  l.name = name;
  l.out_channels = dim(path, name, t, 0, ShapeLimits::kMaxChannels);
  l.in_channels = dim(path, name, t, 1, ShapeLimits::kMaxChannels);
  LayerShape s;  // as the trace will store it; the input size stands in as the kernel's
  s.in_channels = l.in_channels, s.out_channels = l.out_channels;
  s.kind = LayerKind::kFullyConnected;
  l.kind = OpKind::kFullyConnected;
  if (t.shape.size() == 4) {
    l.kind = OpKind::kConv, s.kind = LayerKind::kConv;
    l.kernel_h = s.kernel_h = s.in_h = dim(path, name, t, 2, ShapeLimits::kMaxSpatial);
    l.kernel_w = s.kernel_w = s.in_w = dim(path, name, t, 3, ShapeLimits::kMaxSpatial);
    l.in_h = l.in_w = 0;  // unknown
  }
  if (const std::string problem = shape_problem(s); !problem.empty()) fail(path, name, problem);
  for (std::size_t i = 0; i < t.data.size(); ++i)
    if (!std::isfinite(t.data[i]))
      fail(path, name,
           "value " + std::to_string(i) + " is " + (std::isnan(t.data[i]) ? "NaN" : "infinite") +
               "; weights must be finite");
  l.weights = std::move(t);
  return l;
}

}  // namespace

Model npz_model(const std::string& bytes, const std::string& path) {
  Model m;
  m.name = std::filesystem::path(path).stem().string();
  m.source = path;
  m.source_hash = sim::fnv1a_hex(bytes);
  // Names go into the trace's JSON header: the file's and every entry's must be UTF-8.
  if (!sim::valid_utf8(m.name)) throw sim::ConfigError(path + ": the file name is not UTF-8");
  for (auto& [name, t] : parse_npz(bytes, path)) {
    if (t.shape.size() != 2 && t.shape.size() != 4) continue;
    if (!sim::valid_utf8(name))
      throw sim::ConfigError(path + ": entry " + std::to_string(m.layers.size() + 1) +
                             " of the weight arrays has a name that is not UTF-8");
    m.layers.push_back(layer_of(path, name, std::move(t)));
  }
  if (m.layers.empty()) throw sim::ConfigError(path + ": no 2-D or 4-D weight arrays");
  return m;
}

Model read_npz_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sim::ConfigError(path + ": cannot open the file");
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw sim::ConfigError(path + ": read error");
  return npz_model(bytes, path);
}

}  // namespace axsim::workloads
