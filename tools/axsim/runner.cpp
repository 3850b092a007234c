// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/runner.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <optional>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "arch/cpu/trace_phase.hpp"
#include "arch/layer_unit.hpp"
#include "run/phase_loop.hpp"
#include "tools/axsim/task_eval.hpp"
#include "sim/error.hpp"
#include "sim/provenance.hpp"
#include "sim/simulation.hpp"
#include "tools/axsim/config.hpp"
#include "tools/axsim/run_cache.hpp"
#include "tools/axsim/terminal_status.hpp"
#include "workloads/builtin.hpp"
#include "workloads/cache/workload_cache.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/trace/file_bytes.hpp"
#include "workloads/trace/trace.hpp"
#include "workloads/cpu/cpu_trace.hpp"

#ifndef AXSIM_VERSION_STRING
#define AXSIM_VERSION_STRING "unknown"
#endif

namespace axsim::tools {

namespace {

// A built-in workload, its compressed trace from the workload cache (docs/cache.md) unless
// --no-cache or AXSIM_NO_CACHE; compressing it says which layer it is at on a terminal.
workloads::Workload builtin_workload(const std::string& name, const RunConfig& rc, bool no_cache,
                                     bool progress) {
  workloads::WorkloadCacheSettings settings = workloads::WorkloadCacheSettings::from_environment();
  if (no_cache) settings.enabled = false;
  workloads::WorkloadCache cache(settings, terminal_note);
  workloads::LayerProgress layer_progress;
  if (progress) {
    show_status("preparing workload " + name);
    layer_progress = [](std::size_t i, std::size_t n, const std::string& layer) {
      show_status(fmt::format("compressing layer {} of {}: {}", i + 1, n, layer));
    };
  }
  return workloads::make_builtin(name, rc.seed, rc.recipe_path, cache, AXSIM_VERSION_STRING,
                                 layer_progress);
}

// "trace:FILE" replays a compressed trace (axsim compress); anything else is a built-in workload.
workloads::Workload load_workload(const std::string& workload, const RunConfig& rc,
                                  const RunOptions& opt) {
  const std::string prefix = "trace:";
  if (workload.rfind(prefix, 0) != 0)
    return builtin_workload(workload, rc, opt.no_cache, opt.progress);
  const std::string path = workload.substr(prefix.size());
  return workloads::workload_from_trace(workloads::read_trace(path), path);
}

std::shared_ptr<const workloads::Workload> cached_workload(const std::string& workload,
                                                           const RunConfig& rc,
                                                           const RunOptions& opt) {
  RunCaches* caches = opt.caches;
  auto build = [&] { return load_workload(workload, rc, opt); };
  if (caches == nullptr) return std::make_shared<const workloads::Workload>(build());
  const std::string key = workload + "\n" + std::to_string(rc.seed) + "\n" + rc.recipe_path;
  return caches->workloads.get(key, build);
}

// Everything a run needs, validated before a single component is built.
struct Prepared {
  RunConfig rc;
  sim::TechTable tech;
  std::shared_ptr<const workloads::Workload> workload;
  std::vector<const workloads::Layer*> layers;  ///< the workload's layers this run simulates
  std::string cpu_trace;  ///< or a CPU instruction trace (.axct) and no DNN workload
};

Prepared prepare(const RunOptions& opt, const ConfigIdentity& id, const std::string& workload) {
  RunConfig rc = parse_config(opt.config_path, id.json);
  sim::TechTable tech = sim::TechTable::load(rc.tech_path);
  const std::string trace_prefix = "trace:";
  if (workload.rfind(trace_prefix, 0) == 0 &&
      workloads::cpu::is_cpu_trace(workload.substr(trace_prefix.size()))) {
    if (rc.task) throw sim::ConfigError(rc.path + ": /task: a CPU trace has no task to score");
    return {std::move(rc), std::move(tech), nullptr, {}, workload.substr(trace_prefix.size())};
  }
  std::shared_ptr<const workloads::Workload> wl;
  try {
    wl = cached_workload(workload, rc, opt);
  } catch (const sim::ConfigError& e) {
    throw sim::ConfigError(rc.path + ": /workload: " + e.what());
  } catch (const workloads::TraceError& e) {
    throw sim::ConfigError(e.what());  // bad input: exit 2, recorded as a failed run
  }
  std::vector<const workloads::Layer*> layers;
  auto named = [&](const std::string& n) {
    return rc.layer_names.empty() ||
           std::find(rc.layer_names.begin(), rc.layer_names.end(), n) != rc.layer_names.end();
  };
  for (const workloads::Layer& l : wl->layers)  // e.g. EIE runs a real model's fc and LSTM layers
    if ((rc.layer_kinds.empty() || std::find(rc.layer_kinds.begin(), rc.layer_kinds.end(),
                                             to_string(l.shape.kind)) != rc.layer_kinds.end()) &&
        named(l.name))
      layers.push_back(&l);
  for (const std::string& n : rc.layer_names)
    if (std::none_of(wl->layers.begin(), wl->layers.end(), [&](const auto& l) { return l.name == n; }))
      throw sim::ConfigError(rc.path + ": /layers: workload " + workload + " has no layer '" + n + "'");
  return {std::move(rc), std::move(tech), std::move(wl), std::move(layers), {}};
}

// Where a run's results go as they are produced: the db layer by layer (axsim run), or memory
// (a sweep point, stored whole by the sweep's writer).
struct RunSink {
  std::function<std::int64_t(const results::RunInfo&)> begin;
  std::function<void(std::int64_t, const std::vector<results::ComponentRow>&)> components;
  std::function<void(std::int64_t, const results::PhaseRecord&)> layer;
  std::function<void(std::int64_t, const std::vector<results::TaskMetric>&)> task;
};

/// The config's task, scored on the unit that just ran the layers (the same programmed hardware).
void score_task(const Prepared& p, arch::Unit& unit, const RunSink& sink, RunResult& res) {
  auto* layers = dynamic_cast<arch::LayerUnit*>(&unit);
  if (layers == nullptr) throw sim::ConfigError(p.rc.path + ": /task: unit " + unit.type() + " runs no layers");
  res.task_metrics = run_task(*p.rc.task, *p.workload, *layers);
  sink.task(res.run_id, res.task_metrics);
}

void simulate(const Prepared& p, const RunOptions& opt, const RunSink& sink, RunResult& res) {
  sim::Simulation sim(&p.tech, p.rc.seed, p.rc.watchdog_cycles);
  for (const auto& c : p.rc.clocks) sim.add_clock(c.name, c.period_ps);
  std::unique_ptr<arch::Unit> unit = p.rc.unit->build(sim, p.rc.unit_name);
  res.clock_hz = unit->clock().frequency_hz();
  res.components = run::component_rows(sim.ctx());
  for (const auto& c : res.components) res.area_mm2 += c.area_um2 / 1e6;
  sink.components(res.run_id, res.components);
  std::vector<arch::LayerPhase> layers;
  for (const workloads::Layer* layer : p.layers) layers.emplace_back(*layer, p.workload->source);
  std::vector<const arch::Phase*> phases;
  for (const arch::LayerPhase& l : layers) phases.push_back(&l);
  std::vector<arch::cpu::CpuTracePhase> windows;  // a CPU trace's (one, or one per window)
  if (!p.cpu_trace.empty())
    windows = arch::cpu::cpu_trace_phases(p.cpu_trace,
                                          std::filesystem::path(p.cpu_trace).stem().string());
  for (const arch::cpu::CpuTracePhase& w : windows) phases.push_back(&w);
  run::LoopOptions loop;
  loop.verify = opt.check;
  loop.fail_infeasible = p.rc.fail_infeasible;
  if (opt.progress)
    loop.on_start = [](std::size_t i, std::size_t n, const arch::Phase& phase) {
      show_status(fmt::format("simulating layer {} of {}: {}", i + 1, n, phase.name()));
    };
  loop.on_phase = [&](const results::PhaseRecord& rec) {
    res.layers.push_back(rec);
    sink.layer(res.run_id, res.layers.back());
  };
  const run::LoopTotals totals = run::run_phases(sim, *unit, phases, loop);
  res.events = totals.events;
  res.sim_ticks_ps = totals.ticks;
  if (p.rc.task) score_task(p, *unit, sink, res);
}

// --workload is one more override, so the stored config JSON (and its hash) is what ran.
std::vector<std::string> effective_overrides(const RunOptions& opt) {
  std::vector<std::string> out = opt.overrides;
  // A topology file named on the command line is relative to the working directory.
  std::string workload = opt.workload;
  if (workload.rfind("trace:", 0) != 0 && std::filesystem::path(workload).extension() == ".json")
    workload = std::filesystem::absolute(workload).lexically_normal().string();
  if (!workload.empty())
    out.push_back("/workload=" +
                  nlohmann::json(workload)
                      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return out;
}

std::string file_hash(const std::string& path, RunCaches* caches) {
  auto build = [&] {
    try {
      return sim::fnv1a_hex(workloads::trace_detail::FileBytes(path).bytes());  // mapped, no copy
    } catch (const workloads::TraceError&) {
      return std::string("unreadable");
    }
  };
  return caches ? *caches->file_hashes.get(path, build) : build();
}

// The files a config reads besides itself: a changed tech table, recipe or trace is a new run.
std::string input_files_hash(const ConfigIdentity& id, const std::string& config_path,
                             RunCaches* caches) {
  std::string hashes;
  try {
    const RunConfig rc = parse_config(config_path, id.json);
    hashes += file_hash(rc.tech_path, caches);
    if (!rc.recipe_path.empty()) hashes += file_hash(rc.recipe_path, caches);
    if (rc.task) {  // a changed model or clip is a new run
      hashes += file_hash(rc.task->model, caches);
      for (const std::string& c : rc.task->clips)
        hashes += file_hash(c + ".npy", caches) + file_hash(c + ".labels.json", caches);
    }
  } catch (const sim::ConfigError&) {
    return "invalid-config";  // the run fails; its key is its text
  }
  if (id.workload.rfind("trace:", 0) == 0) hashes += file_hash(id.workload.substr(6), caches);
  return hashes;
}

results::RunInfo run_info(const ConfigIdentity& id, const RunOptions& opt) {
  results::RunInfo info = opt.tags;
  info.unit = id.unit_type;
  info.config_name = id.name;
  info.config_path = opt.config_path;
  info.config_json = id.json;
  info.config_hash = sim::fnv1a_hex(id.json);
  info.workload = id.workload;
  info.seed = id.seed;
  info.axsim_version = AXSIM_VERSION_STRING;
  if (info.run_key.empty())
    info.run_key = sim::fnv1a_hex(id.json + "\n" + info.axsim_version + "\n" +
                                  input_files_hash(id, opt.config_path, opt.caches));
  return info;
}

// Runs `opt` into `sink`; failures are caught and returned in the result, never thrown. The
// sink's begin() gets whatever is known even when the config is bad, so the failure is recorded.
RunResult execute(const RunOptions& opt, const RunSink& sink) {
  RunResult res;
  const auto t0 = std::chrono::steady_clock::now();
  auto wall = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  auto begin = [&](const results::RunInfo& info) {
    res.unit = info.unit, res.config_name = info.config_name, res.workload = info.workload;
    res.tech_node = info.tech_node;
    res.info = info;
    res.run_id = sink.begin(info);
  };
  try {
    ConfigIdentity id;
    results::RunInfo info;
    std::optional<Prepared> prepared;
    try {
      id = read_config(opt.config_path, effective_overrides(opt));
      info = run_info(id, opt);
      prepared.emplace(prepare(opt, id, info.workload));
      info.tech_node = prepared->tech.node();
    } catch (const sim::ConfigError&) {
      begin(run_info(id, opt));  // bad input still leaves a 'failed' row with what is known
      throw;
    }
    begin(info);
    simulate(*prepared, opt, sink, res);
    res.status = "complete";
  } catch (const std::exception& e) {
    res.exit_code = dynamic_cast<const sim::ConfigError*>(&e) != nullptr ? 2 : 1;
    res.error = e.what();
  }
  if (opt.progress) clear_status();
  res.wall_seconds = wall();
  return res;
}

}  // namespace

RunResult run(const RunOptions& opt) {
  std::unique_ptr<results::ResultsDb> db;
  try {
    db = std::make_unique<results::ResultsDb>(opt.db_path);
  } catch (const std::exception& e) {
    RunResult res;
    res.exit_code = 1;
    res.error = e.what();
    return res;
  }
  RunSink sink{[&](const results::RunInfo& info) { return db->begin_run(info); },
               [&](std::int64_t id, const auto& rows) { db->add_components(id, rows); },
               [&](std::int64_t id, const auto& layer) { db->add_phase(id, layer); },
               [&](std::int64_t id, const auto& metrics) { db->add_task_metrics(id, metrics); }};
  RunResult res = execute(opt, sink);
  try {
    if (res.status == "complete")
      db->finish_run(res.run_id, res.wall_seconds, res.events, res.sim_ticks_ps);
    else if (res.run_id > 0)
      db->fail_run(res.run_id, res.error, res.wall_seconds, res.events);
  } catch (const std::exception& e) {
    if (res.status == "complete") res.exit_code = 1;
    res.status = "failed";
    res.error += std::string(res.error.empty() ? "" : "\n(also failed to record the failure: ") +
                 e.what() + (res.error.empty() ? "" : ")");
  }
  return res;
}

results::RunRecord run_in_memory(const RunOptions& opt, int* exit_code) {
  const std::string started_at = sim::utc_now_iso();
  RunSink sink{[](const results::RunInfo&) { return std::int64_t{0}; },
               [](std::int64_t, const auto&) {}, [](std::int64_t, const auto&) {},
               [](std::int64_t, const auto&) {}};
  RunResult res = execute(opt, sink);
  if (exit_code != nullptr) *exit_code = res.status == "complete" ? 0 : res.exit_code;
  results::RunRecord rec;
  rec.info = std::move(res.info);
  rec.started_at = started_at;
  rec.status = res.status;
  rec.error = res.error;
  rec.wall_seconds = res.wall_seconds;
  rec.events = res.events;
  rec.sim_ticks_ps = res.sim_ticks_ps;
  rec.components = std::move(res.components);
  rec.phases = std::move(res.layers);
  rec.task_metrics = std::move(res.task_metrics);
  return rec;
}

std::string run_key(const RunOptions& opt) {
  return run_info(read_config(opt.config_path, effective_overrides(opt)), opt).run_key;
}

std::string format_table(const RunResult& r) {
  std::string out = fmt::format("{} on {} ({}), {:.0f} MHz, tech {}, area {:.3f} mm2\n", r.unit,
                                r.workload, r.config_name, r.clock_hz / 1e6, r.tech_node,
                                r.area_mm2);
  // Work in the unit's own terms: MACs of a DNN unit, instructions of a CPU.
  const std::string work = r.layers.empty() ? "MACs" : r.layers.front().work_unit;
  const bool dnn = work == "MACs";
  out += fmt::format("{:<10} {:<5} {:>14} {:>14} {:>12} {:>14} {:>12} {:>8}\n",
                     dnn ? "layer" : "phase", "kind", work, dnn ? "useful MACs" : "useful",
                     "cycles", "time_us", "energy_uJ", "util");
  std::uint64_t cycles = 0, macs = 0, useful = 0;
  double time_s = 0, energy = 0;
  std::string warnings;
  for (const auto& l : r.layers) {
    double e = 0;
    for (const auto& row : l.energy) e += row.dynamic_pj + row.leakage_pj;
    out += fmt::format("{:<10} {:<5} {:>14} {:>14} {:>12} {:>14.3f} {:>12.3f} {:>7.1f}%{}\n",
                       l.name, l.kind, l.work, l.useful_work, l.cycles, l.time_s * 1e6,
                       e * 1e-6, 100 * l.utilization, l.infeasible.empty() ? "" : "  DOES NOT FIT");
    cycles += l.cycles, macs += l.work, useful += l.useful_work, time_s += l.time_s, energy += e;
    if (!l.infeasible.empty())
      warnings += fmt::format("WARNING: layer {} does not fit this design: {}\n", l.name,
                              l.infeasible);
  }
  out += fmt::format("{:<10} {:<5} {:>14} {:>14} {:>12} {:>14.3f} {:>12.3f}\n", "total", "", macs,
                     useful, cycles, time_s * 1e6, energy * 1e-6);
  out += warnings;
  if (!warnings.empty())
    out += "  (its results are what the design would do with memories large enough; set the "
           "config's \"infeasible\": \"fail\" to fail such runs)\n";
  if (energy > 0 && macs > 0 && dnn)
    out += fmt::format("energy efficiency {:.3f} TOPS/W (2 operations per dense MAC)\n", 2.0 * double(macs) / energy);
  for (const auto& m : r.task_metrics)
    if (m.input == "all" && m.metric != "frames")
      out += fmt::format("task {}: {} {:.2f} %\n", m.task, m.metric, 100 * m.value);
  out += fmt::format("run {} {} in {:.3f} s wall, {} events\n", r.run_id, r.status,
                     r.wall_seconds, r.events);
  return out;
}

std::string format_json(const RunResult& r) {
  nlohmann::json j;
  j["run_id"] = r.run_id;
  j["status"] = r.status;
  if (!r.error.empty()) j["error"] = r.error;
  j["unit"] = r.unit;
  j["config_name"] = r.config_name;
  j["workload"] = r.workload;
  j["wall_seconds"] = r.wall_seconds;
  j["events"] = r.events;
  j["area_mm2"] = r.area_mm2;
  std::uint64_t cycles = 0;
  double energy = 0, time_s = 0;
  for (const auto& l : r.layers) {
    double e = 0;
    for (const auto& row : l.energy) e += row.dynamic_pj + row.leakage_pj;
    nlohmann::json layer = {{"layer", l.name},        {"kind", l.kind},
                            {"cycles", l.cycles},     {"time_s", l.time_s},
                            {"energy_pj", e},         {"dense_macs", l.macs()},
                            {"useful_macs", l.useful_work}, {"utilization", l.utilization}};
    if (!l.infeasible.empty()) layer["infeasible"] = l.infeasible;
    j["layers"].push_back(std::move(layer));
    cycles += l.cycles, energy += e, time_s += l.time_s;
  }
  j["cycles"] = cycles;
  j["time_s"] = time_s;
  j["energy_pj"] = energy;
  return j.dump(2);
}

}  // namespace axsim::tools
