// SPDX-License-Identifier: Apache-2.0
// The one writer of a sweep's results: stores finished points strictly in point order, so the
// rows and run ids equal an uninterrupted `-j 1` run's, and stages a point that finishes before
// the ones ahead of it (sweep_staged), so a crash at any moment loses no finished point.
#pragma once
#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "tools/axsim/sweep_job.hpp"

namespace axsim::tools {

/// The progress line (stderr, only on a terminal) and the tally of stored points.
class SweepProgress {
 public:
  SweepProgress(bool enabled, std::size_t total, std::size_t stored);
  /// A point stored: its exit code (0 complete, 2 bad input, 1 other) and error text.
  void add(int exit_code, const std::string& error);
  void print(bool final = false);
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

class SweepWriter {
 public:
  /// `pending`: the points to store, in order, with the rows they replace (kept by reference).
  SweepWriter(results::ResultsDb& db, std::int64_t sweep_id, const std::vector<Pending>& pending,
              SweepProgress& progress);
  /// In one transaction: stores every point whose predecessors are all stored (these and
  /// earlier staged ones; each replacing its pending row's failed or interrupted run) and
  /// stages the others. The batch is consumed.
  void add(std::vector<Finished>& batch);
  /// Stores or stages every point it was given and how many are stored.
  bool done() const { return next_ == pending_.size(); }
  std::size_t stored() const { return next_; }
  /// Points staged and not yet stored.
  std::size_t staged() const { return waiting_.size(); }
  /// Transactions written, for the per-point cost figures.
  std::size_t transactions() const { return transactions_; }

 private:
  results::ResultsDb& db_;
  std::int64_t sweep_id_;
  const std::vector<Pending>& pending_;
  std::size_t next_ = 0, transactions_ = 0;
  SweepProgress& progress_;
  std::map<std::size_t, Finished> waiting_;  ///< staged, by position
};

}  // namespace axsim::tools
