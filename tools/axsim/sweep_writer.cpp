// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/sweep_writer.hpp"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "results/run_record_codec.hpp"
#include "tools/axsim/terminal_status.hpp"

namespace axsim::tools {

SweepProgress::SweepProgress(bool enabled, std::size_t total, std::size_t stored)
    : enabled_(enabled && terminal_status_enabled()), total_(total), done_(stored) {}

void SweepProgress::add(int exit_code, const std::string& error) {
  ++done_, ++ran_;
  failed_ += exit_code != 0 ? 1 : 0;
  if (exit_code != 0 && first_error_.empty()) first_error_ = error;
  internal_failed_ += exit_code != 0 && exit_code != 2 ? 1 : 0;
}

void SweepProgress::print(bool final) {
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

SweepWriter::SweepWriter(results::ResultsDb& db, std::int64_t sweep_id,
                         const std::vector<Pending>& pending, SweepProgress& progress)
    : db_(db), sweep_id_(sweep_id), pending_(pending), progress_(progress) {}

void SweepWriter::add(std::vector<Finished>& batch) {
  std::vector<std::size_t> fresh;  // positions not staged before
  for (Finished& f : batch) {
    if (!f.staged) fresh.push_back(f.position);
    const std::size_t position = f.position;
    f.point.replaces = pending_.at(position).replaces;
    if (!waiting_.emplace(position, std::move(f)).second)
      throw std::logic_error("sweep point finished twice");
  }
  batch.clear();
  std::vector<std::map<std::size_t, Finished>::node_type> ready;
  for (auto it = waiting_.find(next_); it != waiting_.end(); it = waiting_.find(++next_))
    ready.push_back(waiting_.extract(it));
  std::vector<const results::ResultsDb::FinishedPoint*> store;
  for (const auto& node : ready) store.push_back(&node.mapped().point);
  // A point stored now need not be staged first; a staged one leaves sweep_staged as it is stored.
  std::map<std::string, results::ResultsDb::StagedPoint> stage;
  for (std::size_t position : fresh) {
    auto it = waiting_.find(position);
    if (it == waiting_.end()) continue;
    const results::ResultsDb::FinishedPoint& p = it->second.point;
    stage[p.record.info.run_key] = {p.exit_code, results::encode_run_record(p.record)};
  }
  if (store.empty() && stage.empty()) return;
  db_.store_sweep_batch(sweep_id_, store, stage);
  ++transactions_;
  for (const auto& node : ready)
    progress_.add(node.mapped().point.exit_code, node.mapped().point.record.error);
  progress_.print();
}

}  // namespace axsim::tools
