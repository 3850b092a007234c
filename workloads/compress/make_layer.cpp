// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/make_layer.hpp"

#include <stdexcept>

namespace axsim::workloads {

Layer make_layer(const std::string& name, const LayerShape& shape,
                 const std::vector<std::int32_t>& weights, std::vector<std::int32_t> input,
                 const std::vector<std::string>& formats, int weight_bits, int input_bits,
                 EncodeSpec spec) {
  validate(shape, "make_layer: layer '" + name + "'");
  if (weights.size() != shape.weight_count())
    throw std::invalid_argument("make_layer: " + std::to_string(weights.size()) +
                                " weights for a " + std::to_string(shape.rows()) + " x " +
                                std::to_string(shape.cols()) + " matrix");
  Layer l;
  l.name = name;
  l.shape = shape;
  l.fixed_point.weight_bits = weight_bits;
  l.input_q = std::move(input);
  l.input_bits = input_bits;
  const CodeMatrix codes{shape.rows(), shape.cols(), weight_bits, weights};
  if (shape.kind == LayerKind::kConv) spec.kernel_h = shape.kernel_h, spec.kernel_w = shape.kernel_w;
  for (const std::string& f : formats) {
    const Encoded e = encode(f, codes, spec);
    l.encodings.push_back({f, weight_bits, e.signed_codes, spec.num_pes, spec.index_bits,
                           spec.pointer_bits, e.bytes});
  }
  return l;
}

}  // namespace axsim::workloads
