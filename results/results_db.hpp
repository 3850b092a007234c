// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "results/schema.hpp"
#include "results/sqlite_stmt.hpp"
#include "sim/cycle_stack.hpp"

struct sqlite3;

namespace axsim::results {

/// One swept parameter's value for a run (run_params), typed as SQLite stores it.
struct ParamValue {
  std::string name;
  SqlValue value;
};

/// What identifies a run; written when it starts (status 'running').
struct RunInfo {
  std::string unit;         ///< unit type string, e.g. "dense"
  std::string config_name;  ///< the config's "name"
  std::string config_path;  ///< file the config came from
  std::string config_json;  ///< the effective config (after --set overrides), canonical dump
  std::string config_hash;  ///< hex FNV-1a 64 of config_json
  std::string workload;
  std::uint64_t seed = 0;
  std::string axsim_version;
  std::string tech_node;
  std::string run_key;                   ///< config + workload + version identity; "" = none
  std::optional<std::int64_t> sweep_id;  ///< set for a sweep point
  std::optional<std::int64_t> point_index;
  std::vector<ParamValue> params;  ///< the point's parameter values
};

struct StatRow {
  std::string component, name, unit, description;
  double value = 0;
};

/// Bucket counts of one histogram stat: bucket i covers [i, i+1) x bucket_width, the last one
/// also everything above.
struct HistogramRow {
  std::string component, name;
  double bucket_width = 0;
  std::vector<std::uint64_t> counts;
};

struct ActionRow {
  std::string component, action;
  std::uint64_t count = 0;
  double energy_per_action_pj = 0;
  std::string source;
};

/// Per-component energy of one layer: dynamic (sum of its actions) and leakage x layer time.
struct EnergyRow {
  std::string component;
  double dynamic_pj = 0, leakage_pj = 0;
};

struct ComponentRow {
  std::string component, type;
  double area_um2 = 0, leakage_mw = 0;
  std::string area_source, leakage_source;
};

/// One phase of a run (the `phases` table): a DNN layer today, later e.g. a region of a CPU
/// trace. Its stats, histograms, actions and energy are keyed by its index.
struct PhaseRecord {
  static constexpr const char* kMacs = "MACs";
  int index = 0;
  std::string name, kind;
  std::uint64_t cycles = 0;  ///< in the unit's clock
  double time_s = 0;
  std::uint64_t work = 0;          ///< the phase's work, dense-equivalent, in `work_unit`
  std::uint64_t useful_work = 0;   ///< the part of `work` with no zero operand
  std::string work_unit = kMacs;   ///< MACs for DNN layers (they appear in the `layers` view)
  double peak_work_per_cycle = 0;  ///< the unit's peak, in work_unit per cycle
  double utilization = 0;          ///< the unit's own ops / (cycles x peak work per cycle)
  std::string infeasible;          ///< what the design lacks to hold the phase; "" = it fits
  /// Where the cycles went: per category, summed over `lanes` lanes (lanes x cycles in all).
  std::uint32_t lanes = 0;
  std::array<std::uint64_t, sim::kCycleCategories> cycle_stack{};
  std::vector<StatRow> stats;
  std::vector<HistogramRow> histograms;
  std::vector<ActionRow> actions;
  std::vector<EnergyRow> energy;

  /// The phase's dense-equivalent multiply-accumulates: its work when counted in MACs, else 0.
  std::uint64_t macs() const { return work_unit == kMacs ? work : 0; }
};

/// One score of a run's task (the `task_metrics` table): a metric of one input or of all.
struct TaskMetric {
  std::string task, input, metric;
  double value = 0;
};

/// A whole finished run, stored in one transaction (sweeps): all of it or nothing.
struct RunRecord {
  RunInfo info;
  std::string started_at;  ///< UTC ISO-8601; "" = the time it is stored
  std::string status;      ///< complete | failed
  std::string error;
  double wall_seconds = 0;
  std::uint64_t events = 0, sim_ticks_ps = 0;
  std::vector<ComponentRow> components;
  std::vector<PhaseRecord> phases;
  std::vector<TaskMetric> task_metrics;
};

/// A swept parameter: its column name in the sweep view and the config key it sets.
struct SweepParam {
  std::string name, key;
};

struct SweepInfo {
  std::string name, spec_path, spec_json, spec_hash, axsim_version;
  std::int64_t points = 0;
  std::vector<SweepParam> params;
};

/// The SQLite results store (see docs/results-schema.md). WAL mode; each call is one
/// transaction, so a crash or failure keeps everything already stored.
class ResultsDb {
 public:
  enum class Mode { read_write, read_only };
  /// Opens or creates (read_write; upgrades a version 1, 2 or 3 file in place, in one
  /// transaction) or only opens (read_only: never upgrades); throws std::runtime_error. Either
  /// way, 'running' rows of this host whose process is gone are found (interrupted_runs.hpp):
  /// read_write marks them 'interrupted', read_only shows them so without writing.
  explicit ResultsDb(const std::string& path, Mode mode = Mode::read_write);
  ~ResultsDb();
  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;

  static constexpr int kSchemaVersion = schema::kVersion;
  std::int64_t begin_run(const RunInfo& info);
  void add_components(std::int64_t run_id, const std::vector<ComponentRow>& rows);
  void add_phase(std::int64_t run_id, const PhaseRecord& phase);
  void add_task_metrics(std::int64_t run_id, const std::vector<TaskMetric>& metrics);
  void finish_run(std::int64_t run_id, double wall_seconds, std::uint64_t events,
                  std::uint64_t sim_ticks_ps);
  void fail_run(std::int64_t run_id, const std::string& error, double wall_seconds,
                std::uint64_t events);
  /// Stores a finished run in one transaction, first deleting run `replaces` (a failed point
  /// retried); returns the new run id.
  std::int64_t store_run(const RunRecord& run, std::optional<std::int64_t> replaces = {});
  /// A sweep point finished: its record, its run's exit code (0, 2 bad input, 1) and the
  /// failed or interrupted row it replaces.
  struct FinishedPoint {
    RunRecord record;
    int exit_code = 1;
    std::optional<std::int64_t> replaces;
  };
  struct StagedPoint {
    int exit_code = 1;
    std::string record;  ///< encoded (run_record_codec.hpp)
  };
  /// In one transaction: stores `store` in order (each replacing its old row and dropping its
  /// staged copy) and stages `stage` by run key, points finished before the ones ahead of them,
  /// in sweep_staged, so a crash loses no finished point (docs/sweeps.md).
  void store_sweep_batch(std::int64_t sweep_id, const std::vector<const FinishedPoint*>& store,
                         const std::map<std::string, StagedPoint>& stage);
  /// The sweep's staged points by run key.
  std::map<std::string, StagedPoint> staged_points(std::int64_t sweep_id);
  /// Drops these staged points (the spec no longer has them).
  void drop_staged(std::int64_t sweep_id, const std::vector<std::string>& run_keys);
  /// Creates the sweep, or updates it by name, with its view `sweep_view_name(name)`.
  std::int64_t upsert_sweep(const SweepInfo& sweep);
  struct StoredPoint {
    std::int64_t run_id = 0;
    std::string status;
  };
  /// The finished (complete or failed) and interrupted points of a sweep, by run key.
  std::map<std::string, StoredPoint> sweep_runs(std::int64_t sweep_id);
  static std::string sweep_view_name(const std::string& sweep_name);
  const std::string& path() const { return path_; }
  /// How many 'running' rows this open found with their process gone: marked 'interrupted'
  /// (read_write) or only shown so (read_only: TEMP views over runs and every view).
  std::size_t interrupted_runs() const { return interrupted_; }

  sqlite3* handle() { return db_; }

 private:
  void exec(const std::string& sql);
  void create_schema();
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unique_ptr<StmtCache> stmts_;  ///< the INSERTs of storing runs, reused
  std::size_t interrupted_ = 0;
};

}  // namespace axsim::results
