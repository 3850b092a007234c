// SPDX-License-Identifier: Apache-2.0
// `axsim sweep`: worker threads simulate points in memory; this thread is the one SQLite writer
// and stores them strictly in point order, one transaction per run. Storing in order makes the
// database independent of -j and of interruptions: whatever is stored is a prefix of the pending
// points, and the rerun appends the rest exactly as an uninterrupted run would have.
#include "tools/axsim/sweep_command.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "sim/error.hpp"
#include "results/results_db.hpp"
#include "tools/axsim/command_errors.hpp"
#include "tools/axsim/run_cache.hpp"
#include "tools/axsim/runner.hpp"
#include "tools/axsim/sweep_spec.hpp"
#include "tools/axsim/terminal_status.hpp"

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

/// A point to run: its options (overrides, tags, caches) and the failed row it replaces.
struct Pending {
  RunOptions options;
  std::optional<std::int64_t> replaces;
};

struct Plan {
  std::vector<std::string> keys;  ///< per point of the spec
  std::size_t duplicates = 0;     ///< points with the key of an earlier point, dropped
  std::vector<std::size_t> points;  ///< indices of the spec's points in this shard, deduplicated
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

// Keys every point; a key path that the base config lacks is a spec error, reported here,
// before anything runs.
Plan plan(const SweepSpec& spec, RunCaches& caches, int shard_i, int shard_n) {
  Plan plan;
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

class Progress {
 public:
  Progress(bool enabled, std::size_t total, std::size_t stored)
      : enabled_(enabled && terminal_status_enabled()), total_(total), done_(stored) {}
  /// `exit_code`: the point's run exit code (0 complete, 2 bad input, 1 other failure);
  /// `error`: its message when it failed (the first one is kept, in point order).
  void add(int exit_code, const std::string& error) {
    ++done_, ++ran_;
    failed_ += exit_code != 0 ? 1 : 0;
    if (exit_code != 0 && first_error_.empty()) first_error_ = error;
    internal_failed_ += exit_code != 0 && exit_code != 2 ? 1 : 0;
  }
  void print(bool final = false) {
    if (!enabled_) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = elapsed > 0 ? double(ran_) / elapsed : 0;
    const double eta = rate > 0 ? double(total_ - done_) / rate : 0;
    const auto eta_s = static_cast<long>(eta);
    const std::string line =
        fmt::format("{}/{} points, {} failed, {:.2f} points/s, ETA {}:{:02}:{:02}", done_, total_,
                    failed_, rate, eta_s / 3600, eta_s / 60 % 60, eta_s % 60);
    final ? keep_status(line) : show_status(line);
  }
  std::size_t ran() const { return ran_; }
  std::size_t failed() const { return failed_; }
  std::size_t internal_failed() const { return internal_failed_; }
  const std::string& first_error() const { return first_error_; }

 private:
  bool enabled_;
  std::size_t total_, done_, ran_ = 0, failed_ = 0, internal_failed_ = 0;
  std::string first_error_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

/// Finished records by pending position, handed from the workers to the writer.
struct Mailbox {
  std::mutex mutex;
  std::condition_variable ready;
  std::vector<std::optional<results::RunRecord>> slots;
  std::vector<int> exit_codes;  ///< per slot: the run's exit code (0, 2 bad input, 1)
  std::atomic<std::size_t> next{0};  ///< the next pending point a worker takes
};

void strip_details(results::RunRecord& rec) {
  for (results::PhaseRecord& l : rec.phases) {
    l.stats.clear();
    l.histograms.clear();
    l.actions.clear();
  }
}

bool store_in_order(Mailbox& box, std::vector<Pending>& pending, results::ResultsDb& db,
                    Progress& progress);

/// Runs the pending points on `jobs` threads and stores them in order. Returns false when a
/// signal stopped it: the threads are then still running and using `box` and `threads`, which
/// the caller owns, and the caller exits at once.
bool run_points(std::vector<Pending>& pending, unsigned jobs, const SweepSpec& spec,
                results::ResultsDb& db, Progress& progress, Mailbox& box,
                std::vector<std::thread>& threads) {
  box.slots.resize(pending.size());
  box.exit_codes.assign(pending.size(), 1);
  auto worker = [&] {
    while (g_signal == 0) {
      const std::size_t k = box.next++;
      if (k >= pending.size()) return;
      int exit_code = 1;
      results::RunRecord rec = run_in_memory(pending[k].options, &exit_code);
      if (spec.store == "layers") strip_details(rec);
      std::lock_guard lock(box.mutex);
      box.exit_codes[k] = rec.status == "complete" ? 0 : (exit_code == 0 ? 1 : exit_code);
      box.slots[k] = std::move(rec);
      box.ready.notify_all();
    }
  };
  for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
  try {
    if (!store_in_order(box, pending, db, progress)) return false;
  } catch (...) {  // e.g. the disk is full: stop the workers, keep what is stored
    g_signal = SIGTERM;
    for (std::thread& t : threads) t.join();
    throw;
  }
  for (std::thread& t : threads) t.join();
  return true;
}

/// The writer: stores each record as soon as every earlier one is stored.
bool store_in_order(Mailbox& box, std::vector<Pending>& pending, results::ResultsDb& db,
                    Progress& progress) {
  for (std::size_t k = 0; k < pending.size(); ++k) {
    std::unique_lock lock(box.mutex);
    while (!box.slots[k] && g_signal == 0) {
      box.ready.wait_for(lock, std::chrono::milliseconds(250));
      progress.print();
    }
    if (!box.slots[k]) return false;
    results::RunRecord rec = std::move(*box.slots[k]);
    box.slots[k].reset();
    const int exit_code = box.exit_codes[k];
    lock.unlock();
    db.store_run(rec, pending[k].replaces);
    progress.add(exit_code, rec.error);
    progress.print();
  }
  return true;
}

void print_points(const SweepSpec& spec, const Plan& plan) {
  std::cout << "point";
  for (const auto& p : spec.params) std::cout << "\t" << p.name;
  std::cout << "\trun_key\n";
  for (std::size_t i : plan.points) {
    std::cout << i;
    for (const Assignment& a : spec.points[i].assignments) std::cout << "\t" << a.value_json;
    std::cout << "\t" << plan.keys[i] << "\n";
  }
}

results::SweepInfo sweep_info(const SweepSpec& spec, const Plan& plan) {
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

int sweep(const SweepOptions& opt) {
  const SweepSpec spec = load_sweep_spec(opt.spec_path);
  const auto [shard_i, shard_n] = opt.shard.empty() ? std::pair{1, 1} : parse_shard(opt.shard);
  RunCaches caches;
  const Plan plan = tools::plan(spec, caches, shard_i, shard_n);
  if (opt.dry_run) {
    print_points(spec, plan);
    return 0;
  }
  results::ResultsDb db(opt.db_path);
  const std::int64_t sweep_id = db.upsert_sweep(sweep_info(spec, plan));
  const auto stored = db.sweep_runs(sweep_id);
  std::vector<Pending> pending;
  std::size_t already = 0, stored_failed = 0;
  for (std::size_t i : plan.points) {
    auto it = stored.find(plan.keys[i]);
    const bool failed = it != stored.end() && it->second.status == "failed";
    // An interrupted point (its process died mid-run) is run again like one never run.
    const bool interrupted = it != stored.end() && it->second.status == "interrupted";
    if (it != stored.end() && !interrupted && !(failed && opt.retry_failed)) {
      ++already, stored_failed += failed ? 1 : 0;
      continue;
    }
    Pending p{point_options(spec, spec.points[i], caches), std::nullopt};
    p.options.tags.sweep_id = sweep_id;
    p.options.tags.run_key = plan.keys[i];
    p.options.no_cache = opt.no_cache;
    if (failed || interrupted) p.replaces = it->second.run_id;
    pending.push_back(std::move(p));
  }
  const unsigned jobs = std::max(1u, std::min<unsigned>(
      opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency()),
      static_cast<unsigned>(std::max<std::size_t>(1, pending.size()))));
  Progress progress(opt.progress, plan.points.size(), already);
  Mailbox box;
  std::vector<std::thread> threads;
  SignalGuard signals;
  const bool finished = run_points(pending, jobs, spec, db, progress, box, threads);
  progress.print(true);
  const std::string shard = shard_n > 1 ? fmt::format(" (shard {}/{})", shard_i, shard_n) : "";
  if (!finished) {
    std::cerr << fmt::format("axsim: sweep {} interrupted: {} points stored now, {} of {} in {}; "
                             "rerun the same command to finish\n",
                             spec.name, progress.ran(), already + progress.ran(),
                             plan.points.size(), opt.db_path);
    std::fflush(nullptr);
    std::_Exit(130);  // workers are mid-simulation; everything stored is committed
  }
  const std::size_t failed = stored_failed + progress.failed();
  std::cout << fmt::format(
      "sweep {}{}: {} points ({} duplicate points dropped), {} already stored, {} run now, {} "
      "failed; jobs {}; results in {}, view {}\n",
      spec.name, shard, plan.points.size(), plan.duplicates, already, progress.ran(), failed,
      jobs, opt.db_path, results::ResultsDb::sweep_view_name(spec.name));
  if (failed > 0)
    std::cerr << "axsim: " << failed << " points failed"
              << (progress.first_error().empty() ? "" : "; the first: " + progress.first_error())
              << "; see `axsim query failures " << spec.name << "`"
              << (stored_failed ? "; --retry-failed reruns them" : "") << "\n";
  if (failed == 0) return 0;
  // Only bad input (config values, traces) failed, all in this invocation: exit 2 as `axsim
  // run` would. Internal failures, and failures stored earlier (their cause unknown), exit 1.
  return stored_failed == 0 && progress.internal_failed() == 0 ? 2 : 1;
}

}  // namespace

int sweep_command(const SweepOptions& options) {
  return run_command([&] { return sweep(options); });
}

}  // namespace axsim::tools
