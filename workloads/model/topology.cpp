// SPDX-License-Identifier: Apache-2.0
#include "workloads/model/topology.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "sim/error.hpp"
#include "sim/json_input.hpp"
#include "sim/params.hpp"
#include "sim/provenance.hpp"
#include "workloads/model/graph.hpp"
#include "workloads/model/zoo.hpp"

namespace axsim::workloads {

namespace {

using Limits = ShapeLimits;

void read_conv(sim::Params& p, ModelLayer& l) {
  l.kind = OpKind::kConv;
  l.in_channels = int(p.required_int("in_channels", 1, Limits::kMaxChannels));
  l.in_h = int(p.required_int("in_h", 1, Limits::kMaxSpatial));
  l.in_w = int(p.optional_int("in_w", l.in_h, 1, Limits::kMaxSpatial));
  l.out_channels = int(p.required_int("out_channels", 1, Limits::kMaxChannels));
  l.kernel_h = int(p.required_int("kernel", 1, Limits::kMaxSpatial));
  l.kernel_w = int(p.optional_int("kernel_w", l.kernel_h, 1, Limits::kMaxSpatial));
  l.stride_h = int(p.optional_int("stride", 1, 1, Limits::kMaxSpatial));
  l.stride_w = int(p.optional_int("stride_w", l.stride_h, 1, Limits::kMaxSpatial));
  l.pad_h = int(p.optional_int("pad", 0, 0, Limits::kMaxSpatial));
  l.pad_w = int(p.optional_int("pad_w", l.pad_h, 0, Limits::kMaxSpatial));
  l.groups = int(p.optional_int("groups", 1, 1, Limits::kMaxChannels));
  l.pool_after = int(p.optional_int("pool", 0, 0, Limits::kMaxSpatial));
  l.pool_stride = int(p.optional_int("pool_stride", l.pool_after, 1, Limits::kMaxSpatial));
}

void read_fc(sim::Params& p, ModelLayer& l) {
  l.kind = OpKind::kFullyConnected;
  l.in_channels = int(p.required_int("in", 1, Limits::kMaxChannels));
  l.out_channels = int(p.required_int("out", 1, Limits::kMaxChannels));
}

void read_lstm(sim::Params& p, ModelLayer& l) {
  l.kind = OpKind::kLstm;
  l.in_channels = int(p.required_int("in", 1, Limits::kMaxChannels));
  l.out_channels = int(p.required_int("hidden", 1, Limits::kMaxChannels / 4));
  l.recurrent_in = int(p.optional_int("recurrent_in", l.out_channels, 1, Limits::kMaxChannels));
  l.seq_len = int(p.optional_int("seq_len", 1, 1, Limits::kMaxSeqLen));
  if (p.has("projection")) {  // an LSTMP: h_t = P m_t feeds back, so recurrent_in = P
    const int proj = int(p.required_int("projection", 1, Limits::kMaxChannels));
    if (p.has("recurrent_in") && l.recurrent_in != proj)
      p.error("recurrent_in", "an LSTMP's recurrent input is its projection (" +
                                  std::to_string(proj) + ")");
    l.recurrent_in = proj;
    l.projection.shape = {proj, l.out_channels};
  }
}

ModelLayer read_layer(sim::Params& p, const std::string& file) {
  ModelLayer l;
  l.name = p.required_string("name");
  const std::string kind = p.required_string("kind");
  if (kind == "conv") {
    read_conv(p, l);
  } else if (kind == "fc") {
    read_fc(p, l);
  } else if (kind == "lstm") {
    read_lstm(p, l);
  } else {
    if (p.has("kind") && p.raw().at("kind").is_string())
      p.error("kind", "expected one of conv, fc, lstm, got \"" + kind + "\"");
    (void)p.keys();  // the shape keys depend on the kind: not reported as well
    return l;
  }
  l.relu_after = p.optional_bool("relu", false);
  l.weight_density = p.optional_number("weight_density", 1.0, 1e-9, 1.0);
  if (p.has("act_density")) {
    l.act_density = p.required_number("act_density", 1e-9, 1.0);
    l.act_density_source = "topology file " + file;
  }
  p.reject_unused();
  return l;
}

// The output of `l` after its pooling, as the next layer would see it: {C, H, W}.
std::array<std::int64_t, 3> output_of(const ModelLayer& l) {
  if (l.kind != OpKind::kConv) return {l.out_channels, 1, 1};
  const LayerShape s = shape_of(l);
  std::int64_t h = s.out_h(), w = s.out_w();
  if (l.pool_after > 0) {  // Caffe's ceil mode, as the float graph pools
    h = (h - l.pool_after + l.pool_stride - 1) / l.pool_stride + 1;
    w = (w - l.pool_after + l.pool_stride - 1) / l.pool_stride + 1;
  }
  return {l.out_channels, h, w};
}

// Why `next` does not take `prev`'s output ("" if it does).
std::string chain_problem(const ModelLayer& prev, const ModelLayer& next) {
  if (prev.kind == OpKind::kLstm || next.kind == OpKind::kLstm)
    return "an lstm layer does not chain (it has no float graph)";
  const auto [c, h, w] = output_of(prev);
  if (next.kind == OpKind::kFullyConnected) {
    if (next.in_channels == c * h * w) return "";
    return "it takes " + std::to_string(next.in_channels) + " inputs, layer '" + prev.name +
           "' gives " + std::to_string(c * h * w);
  }
  if (prev.kind == OpKind::kFullyConnected)
    return "a conv layer after an fc layer does not chain";
  if (next.in_channels == c && next.in_h == h && next.in_w == w) return "";
  return "it takes " + std::to_string(next.in_channels) + "x" + std::to_string(next.in_h) + "x" +
         std::to_string(next.in_w) + ", layer '" + prev.name + "' gives " + std::to_string(c) +
         "x" + std::to_string(h) + "x" + std::to_string(w);
}

}  // namespace

bool is_topology_file(const std::string& spec) {
  return spec.size() > 5 && spec.compare(spec.size() - 5, 5, ".json") == 0;
}

Model parse_topology(const std::string& path, const std::string& text, std::uint64_t seed) {
  sim::Diagnostics diag;
  auto doc = std::make_shared<nlohmann::json>(sim::parse_config_json(text, path));
  sim::Params root = sim::Params::from_json(doc, path, diag);
  root.required_int("axsim_topology", 1, 1);
  Model m;
  m.name = root.required_string("name");
  root.optional_string("description", "");
  const bool want_sequential = root.optional_bool("sequential", false);
  std::vector<sim::Params> layers = root.array_of_objects("layers");
  std::set<std::string> names;
  for (sim::Params& p : layers) {
    const std::size_t errors = diag.messages().size();
    ModelLayer l = read_layer(p, path);
    if (!l.name.empty() && !names.insert(l.name).second)
      p.error("name", "layer name '" + l.name + "' is used twice");
    if (diag.messages().size() == errors) {  // a shape of valid numbers: is it a layer?
      try {
        validate(shape_of(l), p.where("kind"));
      } catch (const std::invalid_argument& e) {
        p.error_here(e.what());
      }
    }
    m.layers.push_back(std::move(l));
  }
  if (layers.empty() && root.has("layers")) root.error("layers", "expected at least one layer");
  root.reject_unused();
  diag.throw_if_any();
  m.sequential = true;
  for (std::size_t i = 1; i < m.layers.size() && m.sequential; ++i) {
    const std::string why = chain_problem(m.layers[i - 1], m.layers[i]);
    if (why.empty()) continue;
    m.sequential = false;
    if (want_sequential)
      throw sim::ConfigError(layers[i].where("name") + ": \"sequential\" is true but layer '" +
                             m.layers[i].name + "' does not take the output before it: " + why);
  }
  m.sequential = m.sequential && m.layers.front().kind != OpKind::kLstm;
  if (m.sequential)
    m.graph = std::make_shared<const ModelGraph>(sequential_graph(m.name, m.layers));
  m.source = path;
  m.source_hash = sim::fnv1a_hex(text);
  m.load_weights = [seed](ModelLayer& l) { fill_random_weights(l, seed); };
  return m;
}

Model read_topology(const std::string& path, std::uint64_t seed) {
  return parse_topology(path, sim::read_json_file(path), seed);
}

}  // namespace axsim::workloads
