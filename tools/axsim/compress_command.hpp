// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

namespace axsim::workloads {
struct OnnxReadOptions;
}

namespace axsim::tools {

struct CompressOptions {
  std::string model;   ///< a built-in model name (optionally "builtin:NAME") or an .onnx/.npz file
  std::string recipe;  ///< recipe JSON
  std::string output;  ///< trace file to write
  std::string db_path = "axsim.db";
  std::vector<std::string> inputs;  ///< ONNX graph input dims, "NAME=1,3,48,192"
  std::vector<std::string> input_values;  ///< ONNX graph input values, "NAME=V[,V...]"
  /// ONNX graph input values from a NumPy file, "NAME=FILE.npy" (its shape gives the dims
  /// unless --input names them)
  std::vector<std::string> input_files;
};

/// The ONNX read options of --input, --input-value and --input-file (the .npy files read and
/// checked); throws sim::ConfigError naming the flag or the file.
workloads::OnnxReadOptions onnx_input_options(const CompressOptions& options);

/// `axsim compress`: load, prune, quantize, encode, write the trace, print and store the
/// compression and fidelity tables. Returns the exit code (0 ok, 2 bad input, 1 other failure).
int compress_command(const CompressOptions& options);

/// `axsim inspect`: verify a trace and print its provenance and layer table.
/// With `csc_layer`: writes that fc layer as a CSC file at `csc_path` (workloads/cpu/csc_layer.hpp)
/// instead of printing the trace's table.
int inspect_command(const std::string& trace_path, const std::string& csc_layer = "",
                    const std::string& csc_path = "");

}  // namespace axsim::tools
