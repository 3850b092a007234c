// SPDX-License-Identifier: Apache-2.0
#include "workloads/onnx/graph_runner.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>

#include "workloads/onnx/onnx_executor.hpp"
#include "workloads/onnx/onnx_internal.hpp"

namespace axsim::workloads {

namespace {

void add_node(onnx::GraphProto& g, const GraphNode& n) {
  onnx::NodeProto& p = *g.add_node();
  p.set_op_type(n.op);
  if (!n.name.empty()) p.set_name(n.name);
  for (const std::string& in : n.inputs) p.add_input(in);
  for (const std::string& out : n.outputs) p.add_output(out);
  for (const auto& [key, v] : n.int_attrs) {
    onnx::AttributeProto& a = *p.add_attribute();
    a.set_name(key), a.set_type(onnx::AttributeProto::INT), a.set_i(v);
  }
  for (const auto& [key, v] : n.ints_attrs) {
    onnx::AttributeProto& a = *p.add_attribute();
    a.set_name(key), a.set_type(onnx::AttributeProto::INTS);
    for (std::int64_t x : v) a.add_ints(x);
  }
}

void set_float_type(onnx::ValueInfoProto& v, const std::string& name,
                    const std::vector<std::int64_t>& dims) {
  v.set_name(name);
  onnx::TypeProto_Tensor& t = *v.mutable_type()->mutable_tensor_type();
  t.set_elem_type(onnx::TensorProto::FLOAT);
  for (std::int64_t d : dims) t.mutable_shape()->add_dim()->set_dim_value(d);
}

class GraphRunner final : public ModelRunner {
 public:
  GraphRunner(const Model& m, std::shared_ptr<const ModelGraph> g)
      : name_("builtin:" + m.name), graph_(std::move(g)),
        exec_(OnnxExecutor::InMemory{name_, graph_to_onnx(name_, *graph_)}) {
    for (const ModelLayer& l : m.layers) names_.push_back(l.name);
    if (m.load_weights) {  // geometry copies; each node's weights made when it runs
      for (const ModelLayer& l : m.layers) geometry_.emplace(l.name, l.geometry());
      load_ = m.load_weights;
      weights_ = [this](const std::string& name) { return loaded(name); };
    } else {  // the model's own layers, not copied
      std::map<std::string, const ModelLayer*> layers;
      for (const ModelLayer& l : m.layers) layers.emplace(l.name, &l);
      weights_ = [layers = std::move(layers)](const std::string& name) {
        auto it = layers.find(name);
        if (it == layers.end()) return std::shared_ptr<const ModelLayer>();
        return std::shared_ptr<const ModelLayer>(std::shared_ptr<void>(), it->second);
      };
    }
  }

  Result run(std::uint64_t seed, const std::vector<LayerSubstitute>& subs) const override {
    std::map<std::string, OnnxSubstitute> by_name;
    for (std::size_t k = 0; k < subs.size() && k < names_.size(); ++k)
      if (subs[k].layer != nullptr) by_name[names_[k]] = {subs[k].layer, subs[k].act_bits};
    const OnnxRun r = exec_.run(onnx_inputs(exec_, {}, seed, name_), by_name, weights_);
    Result out;
    if (!r.outputs.empty()) out.output = r.outputs[0].f;
    for (const std::string& name : names_) {
      auto it = r.layer_inputs.find(name);
      out.layer_inputs.push_back(it == r.layer_inputs.end() ? std::vector<float>{}
                                                            : it->second.packed);
      out.layer_dims.push_back(it == r.layer_inputs.end() ? std::vector<std::int64_t>{}
                                                          : it->second.dims);
    }
    return out;
  }

  std::string unavailable() const override { return ""; }

 private:
  /// A layer with its weights made: kept for the runner's later runs while the kept layers
  /// stay within kCacheBytes (so a model up to that size is made once per runner, as when it
  /// was held whole), else made again on each run and dropped after its node.
  std::shared_ptr<const ModelLayer> loaded(const std::string& name) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = cache_.find(name); it != cache_.end()) return it->second;
    auto g = geometry_.find(name);
    if (g == geometry_.end()) return nullptr;
    auto l = std::make_shared<ModelLayer>(g->second);
    load_(*l);
    const std::uint64_t bytes = sizeof(float) * (l->weights.data.size() + l->bias.data.size());
    if (cached_bytes_ + bytes <= kCacheBytes) cache_.emplace(name, l), cached_bytes_ += bytes;
    return l;
  }

  static constexpr std::uint64_t kCacheBytes = std::uint64_t{256} << 20;
  std::map<std::string, ModelLayer> geometry_;
  std::function<void(ModelLayer&)> load_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const ModelLayer>> cache_;
  mutable std::uint64_t cached_bytes_ = 0;
  std::string name_;
  std::shared_ptr<const ModelGraph> graph_;
  OnnxExecutor exec_;
  std::vector<std::string> names_;
  LayerWeights weights_;
};

}  // namespace

std::string graph_to_onnx(const std::string& name, const ModelGraph& g) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.set_producer_name("axsim");
  onnx::OperatorSetIdProto& opset = *m.add_opset_import();
  opset.set_domain(""), opset.set_version(13);
  onnx::GraphProto& graph = *m.mutable_graph();
  graph.set_name(name);
  set_float_type(*graph.add_input(), g.input, g.input_shape);
  for (const auto& [key, v] : g.scalars) {
    onnx::TensorProto& t = *graph.add_initializer();
    t.set_name(key), t.set_data_type(onnx::TensorProto::FLOAT), t.add_float_data(v);
  }
  for (const GraphNode& n : g.nodes) add_node(graph, n);
  set_float_type(*graph.add_output(), g.output, {});
  std::string bytes;
  if (!m.SerializeToString(&bytes)) throw std::logic_error("graph_to_onnx: cannot serialize " + name);
  return bytes;
}

std::shared_ptr<const ModelRunner> make_graph_runner(const Model& m,
                                                     std::shared_ptr<const ModelGraph> g) {
  return std::make_shared<GraphRunner>(m, std::move(g));
}

}  // namespace axsim::workloads
