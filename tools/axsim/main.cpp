// SPDX-License-Identifier: Apache-2.0
// The axsim command line; the only translation unit that includes CLI11.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#include <iostream>
#include <new>
#include <stdexcept>

#include "arch/unit.hpp"
#include "tools/axsim/compare_command.hpp"
#include "tools/axsim/json_schema.hpp"
#include "tools/axsim/report_command.hpp"
#include "tools/axsim/stats_command.hpp"
#include "tools/axsim/compress_command.hpp"
#include "tools/axsim/infer_command.hpp"
#include "tools/axsim/cost_command.hpp"
#include "tools/axsim/pcm_command.hpp"
#include "tools/axsim/cputrace_command.hpp"
#include "tools/axsim/dram_command.hpp"
#include "tools/axsim/describe_command.hpp"
#include "tools/axsim/query_command.hpp"
#include "tools/axsim/runner.hpp"
#include "tools/axsim/sweep_command.hpp"
#include "sim/error.hpp"
#include "sim/memory_budget.hpp"
#include "workloads/model/zoo.hpp"

#ifndef AXSIM_VERSION_STRING
#define AXSIM_VERSION_STRING "unknown"
#endif

namespace {

int list(const std::string& what) {
  if (what == "units") {
    for (const auto& u : axsim::arch::UnitRegistry::all()) {
      std::cout << u.type << "\t" << u.summary << "\n\tmodels: " << u.paper << "\n\treads:";
      for (const std::string& f : u.formats) std::cout << " " << f;
      std::cout << " (weight encodings of a trace)\n";
    }
  } else {
    for (const auto& w : axsim::workloads::zoo_models())
      std::cout << w.name << "\t" << w.description << "\n\tsource: " << w.source << "\n";
  }
  return 0;
}

int run(const axsim::tools::RunOptions& opt, bool json) {
  const axsim::tools::RunResult r = axsim::tools::run(opt);
  if (json) std::cout << axsim::tools::format_json(r) << "\n";
  else if (r.exit_code == 0) std::cout << axsim::tools::format_table(r);
  if (r.exit_code != 0) {
    std::cerr << "axsim: error: " << r.error << "\n";
    if (r.run_id > 0)
      std::cerr << "axsim: run " << r.run_id << " recorded as failed in " << opt.db_path << "\n";
  }
  return r.exit_code;
}

CLI::App* add_query(CLI::App& app, axsim::tools::QueryOptions& q) {
  CLI::App* cmd = app.add_subcommand("query", "run SQL or a named query on a results db");
  cmd->add_option("--db", q.db_path, "SQLite results file")->capture_default_str();
  cmd->add_option("--format", q.format, "output format")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_flag("--write", q.write, "open the db read-write (default: read-only)");
  cmd->add_flag("--list", q.list, "list the named queries");
  cmd->add_option("query", q.query, "a named query (see --list) or one SQL statement");
  cmd->add_option("args", q.args, "arguments bound to ?1, ?2, ... (the named query's parameters)");
  cmd->add_option("--by", q.by, "break the energy query down by component (default), type, action "
                                "or layer")
      ->check(CLI::IsMember({"component", "type", "action", "layer"}));
  return cmd;
}

CLI::App* add_compare(CLI::App& app, axsim::tools::CompareOptions& c) {
  CLI::App* cmd = app.add_subcommand("compare", "compare runs against a baseline; Pareto front, plot");
  cmd->add_option("--db", c.db_path, "SQLite results file")->capture_default_str();
  CLI::Option* sweep = cmd->add_option("--sweep", c.sweep, "compare the complete points of a sweep");
  cmd->add_option("--where", c.where, "SQL expression over the sweep's columns, e.g. \"pes >= 16\"")
      ->needs(sweep);
  cmd->add_option("--runs", c.runs, "compare these run ids: ID,ID,...")->delimiter(',')->excludes(sweep);
  cmd->add_option("--baseline", c.baseline,
                  "run id, or KEY=VALUE[,KEY=VALUE...] over the parameters (one run per workload); "
                  "default: the first run of each workload");
  cmd->add_option("--metrics", c.metrics,
                  "metric columns: cycles,time_s,energy_pj,area_mm2,edp_pj_s,speedup,energy_ratio,"
                  "edp_ratio,dense_macs,useful_macs")
      ->delimiter(',');
  cmd->add_option("--pareto", c.pareto, "mark the Pareto front of two metrics X,Y (max:M maximises M)");
  CLI::Option* plot =
      cmd->add_option("--plot", c.plot, "write a figure (FILE.png or FILE.svg) with gnuplot");
  cmd->add_option("--x", c.x, "plot x axis: metric or parameter")->needs(plot);
  cmd->add_option("--y", c.y, "plot y axis: metric or parameter")->needs(plot);
  cmd->add_option("--color", c.color, "group and colour the points by a parameter (or workload)")
      ->needs(plot);
  cmd->add_flag("--logx", c.logx, "logarithmic x axis")->needs(plot);
  cmd->add_flag("--logy", c.logy, "logarithmic y axis")->needs(plot);
  cmd->add_option("--format", c.format, "output format")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_flag("--force", c.force,
                "compare totals of runs whose layers, technology node or clock differ (warns)");
  cmd->add_flag("--layers", c.layers,
                "compare layer by layer, on the layers each run shares with its baseline");
  return cmd;
}

CLI::App* add_pcm(CLI::App& app, axsim::tools::PcmOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "pcm", "print the PCM device model's moments (AON-CiM), and check them by Monte Carlo");
  cmd->add_option("--g", o.g, "normalised target conductances, e.g. 1,0.5,0.1,0.01")
      ->delimiter(',')
      ->check(CLI::Range(1e-6, 1.0));
  cmd->add_option("--t", o.t_s, "seconds since programming, e.g. 3600,86400")
      ->delimiter(',')
      ->check(CLI::Range(0.0, 1e10));
  cmd->add_option("--g-max-us", o.g_max_us, "largest conductance (uS)")->check(CLI::Range(0.1, 1000.0));
  cmd->add_option("--samples", o.samples, "Monte-Carlo devices per row (0: none)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{100'000'000}));
  cmd->add_option("--seed", o.seed, "seed of the Monte-Carlo draws");
  cmd->add_option("--format", o.format, "table | csv | json | markdown")
      ->check(CLI::IsMember({"table", "csv", "json", "markdown"}));
  return cmd;
}

CLI::App* add_cputrace(CLI::App& app, axsim::tools::CpuTraceOptions& o) {
  CLI::App* cmd = app.add_subcommand("cputrace", "pack and inspect CPU instruction traces (docs/cpu-traces.md)");
  cmd->require_subcommand(1);
  CLI::App* pack = cmd->add_subcommand("pack", "decode axtrace's raw stream into a CPU trace (.axct)");
  pack->add_option("raw", o.input, "the raw trace tools/axtrace wrote")->required();
  pack->add_option("-o,--output", o.output, "the CPU trace to write")->required();
  pack->add_option("--program", o.program, "the traced program, as named on its command line");
  pack->add_option("--arg", o.args, "an argument of the program (repeatable, in order)");
  pack->add_option("--start", o.start, "the function whose entry started the recording");
  pack->add_option("--skip", o.skip, "instructions skipped after the start");
  pack->add_option("--meta", o.meta, "KEY=VALUE recorded in the header (repeatable)");
  pack->add_option("--windows", o.windows, "the simpoints file (JSON) the windows were traced from");
  pack->callback([&o] { o.action = "pack"; });
  CLI::App* show = cmd->add_subcommand("show", "print a CPU trace's header, instruction mix and branches");
  show->add_option("trace", o.input, "the CPU trace (.axct)")->required();
  show->add_option("--list", o.list, "also print its first N instructions");
  show->callback([&o] { o.action = "show"; });
  CLI::App* cs = cmd->add_subcommand("champsim", "write a CPU trace as a ChampSim trace (xz)");
  cs->add_option("trace", o.input, "the CPU trace (.axct)")->required();
  cs->add_option("-o,--output", o.output, "the ChampSim trace to write (NAME.xz)")->required();
  cs->add_flag("--load-type", o.load_type, "newer ChampSim's 65-byte records (a load_type byte, 0)");
  cs->callback([&o] { o.action = "champsim"; });
  CLI::App* im = cmd->add_subcommand("import-champsim", "read a ChampSim trace (xz) into a CPU trace");
  im->add_option("champsim", o.input, "the ChampSim trace (NAME.xz)")->required();
  im->add_option("-o,--output", o.output, "the CPU trace to write (.axct)")->required();
  im->add_flag("--load-type", o.load_type, "65-byte records (newer ChampSim's load_type byte)");
  im->callback([&o] { o.action = "import-champsim"; });
  CLI::App* sp = cmd->add_subcommand("simpoints", "choose SimPoint-style windows from basic-block vectors");
  sp->add_option("bbv", o.input, "the vectors (axtrace --bbv, SimPoint's .bb text)")->required();
  sp->add_option("-o,--output", o.output, "the windows to write (JSON)")->required();
  sp->add_option("--interval", o.interval, "instructions per interval (as traced)")->required()->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  sp->add_option("--max-k", o.max_k, "clusters tried, 1 to this")->capture_default_str()->check(CLI::Range(1u, 100u));
  sp->add_option("--warmup", o.warmup, "warm-up instructions before each simpoint")->capture_default_str();
  sp->add_option("--seed", o.seed, "seed of the projection and of k-means")->capture_default_str();
  sp->callback([&o] { o.action = "simpoints"; });
  CLI::App* wl = cmd->add_subcommand("windows", "print a simpoints file's windows as axtrace's --windows list");
  wl->add_option("simpoints", o.input, "the windows (JSON)")->required();
  wl->callback([&o] { o.action = "windows"; });
  return cmd;
}

CLI::App* add_report(CLI::App& app, axsim::tools::ReportOptions& r) {
  CLI::App* cmd = app.add_subcommand("report", "write a self-contained HTML report of runs or a sweep");
  cmd->add_option("--db", r.db_path, "SQLite results file")->capture_default_str();
  CLI::Option* sweep = cmd->add_option("--sweep", r.sweep, "a sweep's complete points");
  cmd->add_option("--where", r.where, "SQL expression over the sweep's columns")->needs(sweep);
  cmd->add_option("--runs", r.runs, "these run ids: ID,ID,...")->delimiter(',')->excludes(sweep);
  cmd->add_option("-o,--output", r.output, "the HTML file to write")->required();
  cmd->add_option("--details", r.details, "runs shown in full (default 8)")
      ->check(CLI::Range(0, 1000));
  return cmd;
}

CLI::App* add_schema(CLI::App& app, axsim::tools::SchemaOptions& s) {
  CLI::App* cmd =
      app.add_subcommand("schema", "print the JSON Schema of a kind of input file (docs/schemas)");
  cmd->add_option("kind", s.kind, "config | recipe | sweep | topology")->required();
  cmd->add_option("--check", s.check,
                  "compare with this file instead of printing (exit 1 if it differs)");
  return cmd;
}

CLI::App* add_stats(CLI::App& app, axsim::tools::StatsOptions& s) {
  CLI::App* cmd = app.add_subcommand("stats", "every stored number of a run as text, one per line");
  cmd->add_option("run", s.run_id, "run id")->required();
  cmd->add_option("--db", s.db_path, "SQLite results file")->capture_default_str();
  cmd->add_option("--layer", s.layer, "only this layer (name or index)");
  return cmd;
}

}  // namespace

int axsim_main(int argc, char** argv) {
  CLI::App app{"axsim: cycle-level simulator of accelerators for compressed neural networks"};
  app.set_version_flag("--version", std::string("axsim ") + AXSIM_VERSION_STRING);
  app.require_subcommand(1);
  std::string memory_budget;
  app.add_option("--memory-budget", memory_budget,
                 "bytes one decoded input may take: 512M, 8G (default: AXSIM_MEMORY_BUDGET or "
                 "half of RAM; docs/limits.md)");

  axsim::tools::RunOptions opt;
  bool json = false;
  CLI::App* run_cmd = app.add_subcommand("run", "simulate a config on a workload");
  run_cmd->add_option("config", opt.config_path, "architecture config (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  run_cmd->add_option("--workload,-w", opt.workload,
                      "built-in workload, or trace:FILE (overrides the config)");
  std::string trace;
  run_cmd->add_option("--trace", trace, "replay a compressed trace (same as --workload trace:FILE)")
      ->check(CLI::ExistingFile)
      ->excludes("--workload");
  run_cmd->add_option("--db", opt.db_path, "SQLite results file")->capture_default_str();
  run_cmd->add_option("--set", opt.overrides, "override a config key: KEY=VALUE")
      ->take_all()
      ->allow_extra_args(false);
  run_cmd->add_flag("--check", opt.check, "compare every layer's outputs with the reference");
  run_cmd->add_flag("--json", json, "print the run summary as JSON on stdout");
  run_cmd->add_flag("--no-cache", opt.no_cache,
                    "compress a built-in workload afresh, without the workload cache");

  axsim::tools::CompressOptions copt;
  CLI::App* compress_cmd =
      app.add_subcommand("compress", "prune, quantize and encode a model into a trace");
  compress_cmd->add_option("model", copt.model, "built-in model name, .onnx, .npz or topology .json file")->required();
  compress_cmd->add_option("--recipe,-r", copt.recipe, "compression recipe (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  compress_cmd->add_option("-o,--output", copt.output, "trace file to write (.axt)")->required();
  compress_cmd->add_option("--db", copt.db_path, "SQLite results file")->capture_default_str();
  compress_cmd->add_option("--input", copt.inputs,
                           "static dims of an ONNX graph input, NAME=1,3,48,192 (repeatable)");
  compress_cmd->add_option("--input-value", copt.input_values,
                           "value of an ONNX graph input when the model runs, NAME=V or "
                           "NAME=V0,V1,... (repeatable), e.g. sr=16000 or h=0");
  compress_cmd->add_option("--input-file", copt.input_files,
                           "values of an ONNX graph input from a NumPy .npy file, NAME=FILE "
                           "(its shape is the input's unless --input gives one; repeatable), "
                           "e.g. input=speech.npy");

  axsim::tools::InferOptions iopt;
  CLI::App* infer_cmd = app.add_subcommand(
      "infer", "run an ONNX model in float and with a trace's LSTMs in their fixed-point rule");
  infer_cmd->add_option("model", iopt.model, ".onnx file")->required();
  infer_cmd->add_option("--trace,-t", iopt.trace, "trace compressed from the model (.axt)")->required();
  infer_cmd->add_option("--keep,-k", iopt.keep, "node output to write, by name (repeatable)")->required();
  infer_cmd->add_option("-o,--output", iopt.output, "JSON file to write (default: stdout)");
  infer_cmd->add_option("--input", iopt.inputs, "as for compress (repeatable)");
  infer_cmd->add_option("--input-value", iopt.input_values, "as for compress (repeatable)");
  infer_cmd->add_option("--input-file", iopt.input_files, "as for compress (repeatable)");

  axsim::tools::SweepOptions sopt;
  bool quiet = false;
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep", "run every point of a design-space sweep not yet stored (parallel, resumable)");
  sweep_cmd->add_option("spec", sopt.spec_path, "sweep spec (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  sweep_cmd->add_option("--db", sopt.db_path, "SQLite results file")->capture_default_str();
  sweep_cmd->add_option("-j,--jobs", sopt.jobs,
                        "worker threads (default: all cores; with --mpi, per rank, default 1)")
      ->check(CLI::Range(0u, axsim::tools::kMaxJobs));
  CLI::Option* mpi = sweep_cmd->add_flag(
      "--mpi", sopt.mpi, "run on the ranks of an MPI job (under mpirun or srun; docs/sweeps.md)");
  sweep_cmd->add_option("--rank0-jobs", sopt.rank0_jobs,
                        "with --mpi: rank 0's own worker threads (default: -j with at most 4 "
                        "ranks, else 0: rank 0 only hands out points and stores)")
      ->check(CLI::Range(0, static_cast<int>(axsim::tools::kMaxJobs)))
      ->needs(mpi);
  sweep_cmd->add_option("--shard", sopt.shard,
                        "run only the I-th of N disjoint slices, I/N with 1 <= I <= N");
  sweep_cmd->add_flag("--dry-run", sopt.dry_run, "print the points and their run keys only");
  sweep_cmd->add_flag("--retry-failed", sopt.retry_failed, "rerun points stored as failed");
  sweep_cmd->add_flag("--quiet,-q", quiet, "no progress line on stderr");
  sweep_cmd->add_flag("--no-cache", sopt.no_cache,
                      "compress built-in workloads afresh, without the workload cache");

  axsim::tools::MergeOptions mopt;
  CLI::App* merge_cmd =
      app.add_subcommand("merge", "copy the runs of result databases into one, without duplicates");
  merge_cmd->add_option("output", mopt.output, "database to merge into (created if missing)")
      ->required();
  merge_cmd->add_option("inputs", mopt.inputs, "databases to merge from")->required();

  std::string inspect_path;
  CLI::App* inspect_cmd = app.add_subcommand("inspect", "verify a trace and print its layers");
  inspect_cmd->add_option("trace", inspect_path, "trace file")->required();
  std::string csc_layer, csc_path;
  inspect_cmd->add_option("--csc", csc_layer,
                          "write this fc layer as a CSC matrix and input vector (for CPU kernels)");
  inspect_cmd->add_option("-o,--output", csc_path, "the CSC file to write (with --csc)");

  std::string what;
  CLI::App* list_cmd = app.add_subcommand("list", "list registered units or built-in workloads");
  list_cmd->add_option("what", what, "units | workloads")
      ->required()
      ->check(CLI::IsMember({"units", "workloads"}));

  axsim::tools::DescribeOptions dopt;
  CLI::App* describe_cmd = app.add_subcommand(
      "describe", "print a unit's params, stats and energy actions (all units if none named)");
  describe_cmd->add_option("unit", dopt.unit, "unit type (axsim list units)");
  describe_cmd->add_flag("--markdown", dopt.markdown,
                         "print the generated unit sections of docs/config-reference.md");
  describe_cmd->add_option("--check", dopt.check_path,
                           "exit 1 if that page's generated sections differ")
      ->needs("--markdown");
  describe_cmd->add_option("--update", dopt.update_path, "rewrite that page's generated sections")
      ->needs("--markdown")
      ->excludes("--check");

  axsim::tools::CostOptions costopt;
  CLI::App* cost_cmd = app.add_subcommand(
      "cost", "price one structure with a tech table's cost model (JSON on stdout)");
  cost_cmd->add_option("tech", costopt.tech, "tech node file, e.g. configs/tech/45nm.json")
      ->required();
  cost_cmd->add_option("kind", costopt.kind, "sram | regfile | logic | wire")
      ->required()
      ->check(CLI::IsMember({"sram", "regfile", "logic", "wire"}));
  cost_cmd->add_option("args", costopt.args,
                       "sram CAPACITY_BYTES WIDTH_BITS | regfile WORDS WIDTH_BITS | logic OP BITS "
                       "| wire BITS MM")
      ->required();
  cost_cmd->add_flag("--dual-port", costopt.dual_port, "sram: one read and one write port");

  axsim::tools::DramOptions dramopt;
  CLI::App* dram_cmd = app.add_subcommand(
      "dram", "drive the cycle-level DRAM with synthetic traffic (JSON on stdout)");
  dram_cmd->add_option("preset", dramopt.preset, "ddr3_1600 | ddr4_2400 | lpddr4_3200")->required();
  dram_cmd->add_option("--pattern", dramopt.pattern, "sequential | random | row_conflict")
      ->check(CLI::IsMember({"sequential", "random", "row_conflict"}));
  dram_cmd->add_option("--requests", dramopt.requests, "requests to send")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
  dram_cmd->add_option("--bytes", dramopt.bytes, "bytes per request")
      ->check(CLI::Range(1u, 1u << 24));
  dram_cmd->add_option("--outstanding", dramopt.outstanding, "requests in flight at most")
      ->check(CLI::Range(1u, 4096u));
  dram_cmd->add_option("--channels", dramopt.channels, "channels (0: the preset's)")
      ->check(CLI::Range(0, 64));
  dram_cmd->add_option("--ranks", dramopt.ranks, "ranks per channel (0: the preset's)")
      ->check(CLI::Range(0, 8));
  dram_cmd->add_option("--page", dramopt.page, "row-buffer policy: open | closed")
      ->check(CLI::IsMember({"open", "closed"}));
  dram_cmd->add_flag("--write", dramopt.write, "writes instead of reads");
  dram_cmd->add_option("--seed", dramopt.seed, "seed of the random pattern");

  axsim::tools::PcmOptions pcmopt;
  CLI::App* pcm_cmd = add_pcm(app, pcmopt);
  axsim::tools::CpuTraceOptions cputraceopt;
  CLI::App* cputrace_cmd = add_cputrace(app, cputraceopt);

  axsim::tools::QueryOptions qopt;
  CLI::App* query_cmd = add_query(app, qopt);
  axsim::tools::ReportOptions repopt;
  CLI::App* report_cmd = add_report(app, repopt);
  axsim::tools::SchemaOptions schemaopt;
  CLI::App* schema_cmd = add_schema(app, schemaopt);
  axsim::tools::StatsOptions statopt;
  CLI::App* stats_cmd = add_stats(app, statopt);
  axsim::tools::CompareOptions cmpopt;
  CLI::App* compare_cmd = add_compare(app, cmpopt);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, version or the usage error
    return code == 0 ? 0 : 2;      // bad command line is bad input, like a bad config
  }
  if (!memory_budget.empty()) axsim::sim::MemoryBudget::set(memory_budget);
  if (*run_cmd) {
    if (!trace.empty()) opt.workload = "trace:" + trace;
    opt.progress = true;  // shown only when stderr is a terminal
    return run(opt, json);
  }
  if (*compress_cmd) return axsim::tools::compress_command(copt);
  if (*sweep_cmd) {
    sopt.progress = !quiet;
    return axsim::tools::sweep_command(sopt);
  }
  if (*merge_cmd) return axsim::tools::merge_command(mopt);
  if (*inspect_cmd) return axsim::tools::inspect_command(inspect_path, csc_layer, csc_path);
  if (*infer_cmd) return axsim::tools::infer_command(iopt);
  if (*query_cmd) return axsim::tools::query_command(qopt);
  if (*stats_cmd) return axsim::tools::stats_command(statopt);
  if (*schema_cmd) return axsim::tools::schema_command(schemaopt);
  if (*report_cmd) return axsim::tools::report_command(repopt);
  if (*compare_cmd) return axsim::tools::compare_command(cmpopt);
  if (*describe_cmd) return axsim::tools::describe_command(dopt);
  if (*cost_cmd) return axsim::tools::cost_command(costopt);
  if (*dram_cmd) return axsim::tools::dram_command(dramopt);
  if (*pcm_cmd) return axsim::tools::pcm_command(pcmopt);
  if (*cputrace_cmd) return axsim::tools::cputrace_command(cputraceopt);
  return list(what);
}

// The last resort behind the memory budget (docs/limits.md): an allocation no check foresaw
// ends with a clear message and exit 2, not "terminate called ... std::bad_alloc".
namespace {

// A layer's SRAM images and a trace's blobs are tens of megabytes, allocated per layer: faulted
// in 4 KiB at a time they cost a fifth of an EIE run (docs/performance.md). Buffers up to 32 MiB
// come from the heap, the heap is extended once by 1 GiB of address space (nothing is touched,
// so no memory is used) marked for transparent huge pages, and freed memory stays in it for the
// next layer. Where the system does not allow it, malloc behaves as usual.
void use_huge_page_heap() {
  constexpr std::size_t kReserve = std::size_t{1} << 30, kHuge = std::size_t{2} << 20;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, int(kReserve));
  mallopt(M_TOP_PAD, int(kReserve));
  void* probe = std::malloc(std::size_t{16} << 20);  // below the threshold: grows the heap
  if (probe == nullptr) return;
  const auto at = reinterpret_cast<std::uintptr_t>(probe);
  const auto top = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // Only when the probe came from the heap just extended (not from a sanitizer's allocator).
  if (at < top && top - at <= kReserve + (std::size_t{64} << 20)) {
    const std::uintptr_t start = (at + kHuge - 1) & ~(kHuge - 1), end = top & ~(kHuge - 1);
    if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
  }
  std::free(probe);
  mallopt(M_TOP_PAD, 64 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  use_huge_page_heap();
  try {
    return axsim_main(argc, argv);
  } catch (const axsim::sim::ConfigError& e) {
    std::cerr << "axsim: error: " << e.what() << "\n";
  } catch (const std::bad_alloc&) {
    std::cerr << "axsim: error: out of memory: an input needs more memory than this machine "
                 "gives (lower AXSIM_MEMORY_BUDGET or --memory-budget to be refused earlier)\n";
  } catch (const std::length_error& e) {
    std::cerr << "axsim: error: an input asks for a buffer larger than any allocation can be ("
              << e.what() << ")\n";
  }
  return 2;
}
