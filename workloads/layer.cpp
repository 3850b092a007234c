// SPDX-License-Identifier: Apache-2.0
#include "workloads/layer.hpp"

namespace axsim::workloads {

const char* to_string(LayerKind kind) {
  return kind == LayerKind::kConv ? "conv" : "fc";
}

std::uint64_t LayerShape::weight_count() const {
  return std::uint64_t(out_channels) * in_channels * kernel_h * kernel_w;
}
std::uint64_t LayerShape::input_count() const { return std::uint64_t(in_channels) * in_h * in_w; }
std::uint64_t LayerShape::output_count() const {
  return std::uint64_t(out_channels) * out_h() * out_w();
}
std::uint64_t LayerShape::macs() const {
  return output_count() * in_channels * kernel_h * kernel_w;
}

std::vector<std::int32_t> reference_output(const Layer& layer) {
  const LayerShape& s = layer.shape;
  const int oh = s.out_h(), ow = s.out_w();
  std::vector<std::int32_t> out(s.output_count(), 0);
  for (int m = 0; m < s.out_channels; ++m)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        std::int32_t acc = 0;
        for (int c = 0; c < s.in_channels; ++c)
          for (int r = 0; r < s.kernel_h; ++r)
            for (int q = 0; q < s.kernel_w; ++q) {
              const int y = oy * s.stride - s.pad + r, x = ox * s.stride - s.pad + q;
              if (y < 0 || y >= s.in_h || x < 0 || x >= s.in_w) continue;
              const std::size_t wi = ((std::size_t(m) * s.in_channels + c) * s.kernel_h + r) *
                                         s.kernel_w + q;
              const std::size_t ii = (std::size_t(c) * s.in_h + y) * s.in_w + x;
              acc += std::int32_t(layer.weights[wi]) * std::int32_t(layer.input[ii]);
            }
        out[(std::size_t(m) * oh + oy) * ow + ox] = acc;
      }
  return out;
}

}  // namespace axsim::workloads
