// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

namespace axsim::tools {

struct StatsOptions {
  std::string db_path = "axsim.db";
  std::int64_t run_id = 0;
  std::string layer;  ///< only this layer (name or index); "" = every layer
};

/// `axsim stats RUN`: every stored number of a run as text, one per line (gem5's stats.txt
/// habit): "LAYER.KEY VALUE UNIT # description", for grep and diff. Bad input is exit 2.
int stats_command(const StatsOptions& opt);

}  // namespace axsim::tools
