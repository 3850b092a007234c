// SPDX-License-Identifier: Apache-2.0
// Run-record fuzz entry point: decode_run_record, as rank 0 reads a worker's message and a
// sweep reads its staged points; an accepted record must encode back to the same bytes.
#include <stdexcept>

#include "results/run_record_codec.hpp"
#include "tests/fuzz/fuzz_targets.hpp"

namespace axsim::fuzz {

Outcome fuzz_run_record_bytes(const std::uint8_t* data, std::size_t size) {
  Outcome o;
  try {
    const results::RunRecord rec = results::decode_run_record(data, size, "fuzz.record");
    const std::string again = results::encode_run_record(rec);
    if (again != std::string(reinterpret_cast<const char*>(data), size))
      throw std::logic_error("an accepted run record does not encode back to its bytes");
    o.accepted = true;
  } catch (const results::RunRecordError& e) {
    o.error = e.what();
  }
  return o;
}

results::RunRecord seed_run_record() {
  results::RunRecord r;
  r.info.unit = "dense";
  r.info.config_name = "dense-16x16";
  r.info.config_json = R"({"unit":{"type":"dense"}})";
  r.info.workload = "lenet5";
  r.info.seed = 7;
  r.info.run_key = "0123456789abcdef";
  r.info.sweep_id = 3;
  r.info.point_index = 41;
  r.info.params = {
      {"pes", std::int64_t{16}}, {"clock", 1.5}, {"flow", std::string("ws")}, {"none", {}}};
  r.status = "failed";
  r.error = "bad value";
  r.wall_seconds = 0.25;
  r.events = 1234;
  r.sim_ticks_ps = 99;
  r.components = {{"pe_array", "dense.array", 12.5, 0.1, "table", "table"}};
  results::PhaseRecord p;
  p.index = 2, p.name = "conv1", p.kind = "conv", p.cycles = 1000, p.time_s = 1e-6;
  p.work = 5000, p.useful_work = 2500, p.peak_work_per_cycle = 256, p.utilization = 0.5;
  p.lanes = 4, p.cycle_stack = {1, 2, 3, 4, 5, 6};
  p.stats = {{"pe_array", "macs", "MACs", "multiply-adds", 5000}};
  p.histograms = {{"pe_array", "queue", 1.0, {3, 0, 9}}};
  p.actions = {{"pe_array", "mac", 5000, 0.2, "45nm table"}};
  p.energy = {{"pe_array", 1000, 3}};
  r.phases = {p};
  r.task_metrics = {{"vad", "all", "accuracy", 0.9}};
  return r;
}

}  // namespace axsim::fuzz
