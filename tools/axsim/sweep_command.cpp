// SPDX-License-Identifier: Apache-2.0
// `axsim sweep`: plans the points, finds what is stored or staged already, and hands the rest to
// an engine (threads on one machine, or MPI ranks) that simulates them in memory; the one
// SQLite writer (SweepWriter) stores them strictly in point order, one transaction per batch,
// staging points that finish early. Storing in order makes the database independent of -j, the
// rank count and interruptions: the rerun appends the rest exactly as an uninterrupted run would.
#include "tools/axsim/sweep_command.hpp"

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <thread>

#include "results/results_db.hpp"
#include "results/run_record_codec.hpp"
#include "sim/error.hpp"
#include "tools/axsim/command_errors.hpp"
#include "tools/axsim/run_cache.hpp"
#include "tools/axsim/runner.hpp"
#include "tools/axsim/sweep_job.hpp"
#include "tools/axsim/sweep_mpi.hpp"
#include "tools/axsim/sweep_spec.hpp"
#include "tools/axsim/sweep_writer.hpp"

#ifndef AXSIM_VERSION_STRING
#define AXSIM_VERSION_STRING "unknown"
#endif

namespace axsim::tools {

namespace {

std::atomic<int> g_signal{0};

extern "C" void on_signal(int sig) { g_signal.store(sig); }

/// Ctrl-C and kill (TERM) stop the sweep after storing what is finished, not mid-way.
class SignalGuard {
 public:
  SignalGuard() {
    g_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

RunOptions point_options(const SweepSpec& spec, const SweepPoint& p, RunCaches& caches) {
  RunOptions o;
  o.config_path = p.config_path;
  o.overrides = p.overrides();
  o.check = spec.check;
  o.caches = &caches;
  o.tags.point_index = p.index;
  for (const Assignment& a : p.assignments) o.tags.params.push_back({a.param, a.value});
  return o;
}

void strip_details(results::RunRecord& rec) {
  for (results::PhaseRecord& l : rec.phases) {
    l.stats.clear();
    l.histograms.clear();
    l.actions.clear();
  }
}

void print_points(const SweepSpec& spec, const SweepPlan& plan) {
  std::cout << "point";
  for (const auto& p : spec.params) std::cout << "\t" << p.name;
  std::cout << "\trun_key\n";
  for (std::size_t i : plan.points) {
    std::cout << i;
    for (const Assignment& a : spec.points[i].assignments) std::cout << "\t" << a.value_json;
    std::cout << "\t" << plan.keys[i] << "\n";
  }
}

results::SweepInfo sweep_info(const SweepSpec& spec, const SweepPlan& plan) {
  results::SweepInfo info;
  info.name = spec.name;
  info.spec_path = spec.path;
  info.spec_json = spec.json;
  info.spec_hash = spec.hash;
  info.points = static_cast<std::int64_t>(spec.points.size() - plan.duplicates);
  info.axsim_version = AXSIM_VERSION_STRING;
  info.params = spec.params;
  return info;
}

/// What is left to do: pending points in order, those to simulate, and finished ones restored
/// from sweep_staged (an interrupted run's).
struct Resume {
  std::vector<Pending> pending;
  std::vector<std::size_t> to_run;
  std::vector<Finished> restored;
  std::size_t already = 0, stored_failed = 0, restored_count = 0;
};

Resume find_pending(results::ResultsDb& db, std::int64_t sweep_id, const SweepPlan& plan,
                    const SweepOptions& opt) {
  const auto stored = db.sweep_runs(sweep_id);
  auto staged = db.staged_points(sweep_id);
  Resume r;
  for (std::size_t i : plan.points) {
    auto it = stored.find(plan.keys[i]);
    const bool failed = it != stored.end() && it->second.status == "failed";
    // An interrupted point (its process died mid-run) is run again like one never run.
    const bool interrupted = it != stored.end() && it->second.status == "interrupted";
    if (it != stored.end() && !interrupted && !(failed && opt.retry_failed)) {
      r.already++, r.stored_failed += failed ? 1 : 0;
      continue;
    }
    const std::size_t k = r.pending.size();
    r.pending.push_back(
        {i, failed || interrupted ? std::optional(it->second.run_id) : std::nullopt});
    auto st = staged.find(plan.keys[i]);
    if (st == staged.end() || (failed && opt.retry_failed)) {
      r.to_run.push_back(k);
      continue;
    }
    try {
      Finished f{k,
                 {results::decode_run_record(st->second.record, db.path() + ": sweep_staged"),
                  st->second.exit_code, std::nullopt},
                 true};
      r.restored.push_back(std::move(f));
    } catch (const results::RunRecordError& e) {
      std::cerr << "axsim: warning: " << e.what() << "; running the point again\n";
      r.to_run.push_back(k);
    }
    staged.erase(st);
  }
  r.restored_count = r.restored.size();
  // Staged points of an earlier spec (or of another shard in the same file) stay only while
  // the spec still has them unstored.
  std::set<std::string> live(plan.keys.begin(), plan.keys.end());
  std::vector<std::string> stale;
  for (const auto& [key, point] : staged)
    if (!live.count(key) || stored.count(key)) stale.push_back(key);
  if (!stale.empty()) db.drop_staged(sweep_id, stale);
  return r;
}

unsigned thread_count(const SweepOptions& opt, std::size_t points) {
  const unsigned all = opt.mpi ? 1u : std::max(1u, std::thread::hardware_concurrency());
  return std::max(1u, std::min<unsigned>(opt.jobs ? opt.jobs : all,
                                         static_cast<unsigned>(std::max<std::size_t>(1, points))));
}

void report(const SweepOptions& opt, const SweepSpec& spec, const SweepPlan& plan, const Resume& r,
            const SweepProgress& progress, const std::string& engine) {
  const std::size_t failed = r.stored_failed + progress.failed();
  const auto [shard_i, shard_n] = opt.shard.empty() ? std::pair{1, 1} : parse_shard(opt.shard);
  const std::string shard = shard_n > 1 ? fmt::format(" (shard {}/{})", shard_i, shard_n) : "";
  std::cout << fmt::format(
      "sweep {}{}: {} points ({} duplicate points dropped), {} already stored, {} run now{}, {} "
      "failed; {}; results in {}, view {}\n",
      spec.name, shard, plan.points.size(), plan.duplicates, r.already, progress.ran(),
      r.restored_count
          ? fmt::format(" ({} of them finished before an interruption)", r.restored_count)
          : "",
      failed, engine, opt.db_path, results::ResultsDb::sweep_view_name(spec.name));
  if (failed > 0)
    std::cerr << "axsim: " << failed << " points failed"
              << (progress.first_error().empty() ? "" : "; the first: " + progress.first_error())
              << "; see `axsim query failures " << spec.name << "`"
              << (r.stored_failed ? "; --retry-failed reruns them" : "") << "\n";
}

/// Rank 0's (or the only process's) part once the plan is made: returns the exit code.
int coordinate(const SweepOptions& opt, const SweepSpec& spec, const SweepPlan& plan,
               RunCaches& caches, const MpiSession* mpi) {
  std::optional<results::ResultsDb> db;
  std::int64_t sweep_id = -1;
  try {
    db.emplace(opt.db_path);
    sweep_id = db->upsert_sweep(sweep_info(spec, plan));
  } catch (...) {
    if (mpi) mpi->broadcast(-1);  // the other ranks stop; this one reports the error
    throw;
  }
  if (mpi) mpi->broadcast(sweep_id);
  Resume r = find_pending(*db, sweep_id, plan, opt);
  SweepWork work{spec, plan, opt, sweep_id, r.pending, r.to_run};
  const unsigned jobs = thread_count(opt, r.to_run.size());
  SweepProgress progress(opt.progress, plan.points.size(), r.already);
  SweepWriter writer(*db, sweep_id, work.pending, progress);
  SignalGuard signals;
  writer.add(r.restored);
  const unsigned rank0_jobs = opt.rank0_jobs >= 0       ? static_cast<unsigned>(opt.rank0_jobs)
                              : mpi && mpi->size() <= 4 ? jobs
                                                        : 0;
  const bool finished = mpi ? run_on_mpi_rank0(*mpi, work, rank0_jobs, caches, writer, progress)
                            : run_on_threads(work, jobs, caches, writer, progress);
  progress.print(true);
  if (!finished) {
    std::cerr << fmt::format(
        "axsim: sweep {} interrupted: {} points stored now, {} of {} in {} "
        "(and {} finished early, kept for the rerun); rerun the same "
        "command to finish\n",
        spec.name, progress.ran(), r.already + progress.ran(), plan.points.size(), opt.db_path,
        writer.staged());
    std::fflush(nullptr);
    std::_Exit(130);  // workers are mid-simulation; everything stored is committed
  }
  report(opt, spec, plan, r, progress,
         mpi ? fmt::format("{} ranks, {} threads each, rank 0 {}", mpi->size(), jobs, rank0_jobs)
             : fmt::format("jobs {}", jobs));
  const std::size_t failed = r.stored_failed + progress.failed();
  if (failed == 0) return 0;
  // Only bad input (config values, traces) failed, all in this invocation: exit 2 as `axsim
  // run` would. Internal failures, and failures stored earlier (their cause unknown), exit 1.
  return r.stored_failed == 0 && progress.internal_failed() == 0 ? 2 : 1;
}

int sweep(const SweepOptions& opt) {
  // MPI first: every rank then reads the same spec and makes the same plan.
  std::optional<MpiSession> mpi;
  if (opt.mpi) mpi.emplace();
  const SweepSpec spec = load_sweep_spec(opt.spec_path);
  const auto [shard_i, shard_n] = opt.shard.empty() ? std::pair{1, 1} : parse_shard(opt.shard);
  RunCaches caches;
  const SweepPlan plan = plan_sweep(spec, caches, shard_i, shard_n);
  if (opt.dry_run) {
    if (!mpi || mpi->rank() == 0) print_points(spec, plan);
    return 0;
  }
  if (mpi && mpi->rank() != 0) {
    const std::int64_t sweep_id = mpi->broadcast(0);
    if (sweep_id < 0) return 2;  // rank 0 could not open the db and says why
    run_mpi_worker(spec, plan, opt, sweep_id, thread_count(opt, plan.points.size()), caches);
    return 0;
  }
  return coordinate(opt, spec, plan, caches, mpi ? &*mpi : nullptr);
}

}  // namespace

int sweep_signal() { return g_signal.load(); }
void stop_sweep(int signal) { g_signal.store(signal); }

// Keys every point; a key path that the base config lacks is a spec error, reported here,
// before anything runs.
SweepPlan plan_sweep(const SweepSpec& spec, RunCaches& caches, int shard_i, int shard_n) {
  SweepPlan plan;
  std::set<std::string> seen;
  for (const SweepPoint& p : spec.points) {
    try {
      plan.keys.push_back(run_key(point_options(spec, p, caches)));
    } catch (const sim::ConfigError& e) {
      throw sim::ConfigError(spec.path + ": point " + std::to_string(p.index) + ": " + e.what());
    }
    if (!seen.insert(plan.keys.back()).second) {
      ++plan.duplicates;
      continue;
    }
    if (p.index % shard_n == shard_i - 1) plan.points.push_back(static_cast<std::size_t>(p.index));
  }
  return plan;
}

results::ResultsDb::FinishedPoint run_sweep_point(const SweepSpec& spec, const SweepPlan& plan,
                                                  std::size_t point, std::int64_t sweep_id,
                                                  const SweepOptions& opt, RunCaches& caches) {
  RunOptions o = point_options(spec, spec.points[point], caches);
  o.tags.sweep_id = sweep_id;
  o.tags.run_key = plan.keys[point];
  o.no_cache = opt.no_cache;
  int exit_code = 1;
  results::ResultsDb::FinishedPoint f;
  f.record = run_in_memory(o, &exit_code);
  if (spec.store == "layers") strip_details(f.record);
  f.exit_code = f.record.status == "complete" ? 0 : (exit_code == 0 ? 1 : exit_code);
  return f;
}

int sweep_command(const SweepOptions& options) {
  return run_command([&] { return sweep(options); });
}

}  // namespace axsim::tools
