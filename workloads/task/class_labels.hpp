// SPDX-License-Identifier: Apache-2.0
// The classes of a set of inputs (a classification task), as tools/make_text_lines.py writes
// them beside the inputs: the class names and each input's class.
#pragma once
#include <string>
#include <vector>

namespace axsim::workloads {

struct ClassLabels {
  std::vector<std::string> classes;  ///< class names, in the model's output order
  std::vector<int> labels;           ///< each input's class, an index into `classes`
};

/// Parses {"classes": ["a", "b", ...], "labels": [i, ...], ...} (other keys ignored): 2 to 65,536
/// classes, 1 to 2^24 labels, each in [0, classes). Throws sim::ConfigError naming `where`, the
/// JSON path and what was expected.
ClassLabels parse_class_labels(const std::string& text, const std::string& where);
/// Reads and parses a labels file; an unreadable file is a sim::ConfigError naming it.
ClassLabels read_class_labels(const std::string& path);

}  // namespace axsim::workloads
