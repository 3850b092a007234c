// SPDX-License-Identifier: Apache-2.0
// JSON Schemas of axsim's input files (docs/schemas/): run configs (the unit params from the
// units' registration data), recipes, sweep specs and topology files. Editors use them to
// complete and check files as they are written; the parsers stay the final word (a schema cannot
// say, e.g., that a file a config names exists).
#pragma once
#include <string>
#include <vector>

namespace axsim::tools {

/// The kinds of file with a schema: config, recipe, sweep, topology.
const std::vector<std::string>& schema_kinds();

/// The schema of `kind`, as pretty-printed JSON text ending in a newline; throws
/// sim::ConfigError for an unknown kind.
std::string json_schema_text(const std::string& kind);

struct SchemaOptions {
  std::string kind;
  std::string check;  ///< compare with this file instead of printing (exit 1 when it differs)
};

/// `axsim schema KIND [--check FILE]`.
int schema_command(const SchemaOptions& opt);

}  // namespace axsim::tools
