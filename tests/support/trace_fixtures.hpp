// SPDX-License-Identifier: Apache-2.0
// Small hand-made layers and helpers for tests that build and replay traces.
#pragma once
#include <string>

#include "workloads/compress/trace_io.hpp"
#include "workloads/model/model.hpp"

namespace axsim::test {

/// A 2-in, 2-out 3x3 conv on a 5x5 input, pad 1, with weights -2..2.
inline workloads::ModelLayer small_conv() {
  workloads::ModelLayer l;
  l.name = "c";
  l.kind = workloads::OpKind::kConv;
  l.in_channels = 2, l.in_h = l.in_w = 5, l.out_channels = 2, l.kernel_h = l.kernel_w = 3;
  l.pad_h = l.pad_w = 1;
  l.weights.shape = {2, 2, 3, 3};
  for (int i = 0; i < 36; ++i) l.weights.data.push_back(float(i % 5) - 2.f);
  return l;
}

/// The TraceError message of replaying `t` as "t.axt", or "" when it replays.
inline std::string replay_error(const workloads::Trace& t) {
  try {
    workloads::workload_from_trace(t, "t.axt");
  } catch (const workloads::TraceError& e) {
    return e.what();
  }
  return "";
}

}  // namespace axsim::test
