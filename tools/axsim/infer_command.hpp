// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

namespace axsim::tools {

struct InferOptions {
  std::string model;   ///< an .onnx file
  std::string trace;   ///< a trace compressed from it
  std::string output;  ///< JSON file to write ("" or "-": stdout)
  std::vector<std::string> keep;  ///< node outputs to write, by name
  std::vector<std::string> inputs, input_values, input_files;  ///< as CompressOptions
};

/// `axsim infer`: runs an ONNX model twice on the given inputs, in float and with the trace's
/// lstm layers computed by their fixed-point sequence rule (the arithmetic the ESE unit's
/// --check proves it performs), and writes the kept tensors of both runs as JSON. Returns the
/// exit code (0 ok, 2 bad input, 1 other failure).
int infer_command(const InferOptions& options);

}  // namespace axsim::tools
