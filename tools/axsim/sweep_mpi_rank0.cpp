// SPDX-License-Identifier: Apache-2.0
// `axsim sweep --mpi`, rank 0: hands points out as ranks ask, simulates on threads of its own
// when told to, and stores every finished point through the writer (sweep_mpi.hpp).
#ifdef AXSIM_HAVE_MPI
#include <fmt/format.h>

#include <iostream>
#include <mutex>

#include "results/run_record_codec.hpp"
#include "sim/error.hpp"
#include "tools/axsim/sweep_local_workers.hpp"
#include "tools/axsim/sweep_mpi.hpp"
#include "tools/axsim/sweep_mpi_wire.hpp"
#include "tools/axsim/sweep_writer.hpp"

namespace axsim::tools {

namespace {

using Clock = std::chrono::steady_clock;

/// Rank 0's costs, for docs/sweeps.md's saturation figures.
struct Rank0Costs {
  std::size_t messages = 0, points = 0, bytes = 0;
  double receive_s = 0, store_s = 0;
};

class Coordinator {
 public:
  Coordinator(const MpiSession& mpi, SweepWork& work)
      : work_(work), outstanding_(mpi.size(), 0), stopped_(mpi.size(), false) {
    stopped_[0] = true;
  }

  /// The next point for rank 0's own threads.
  std::optional<std::pair<std::size_t, std::size_t>> next_local() {
    const std::vector<std::size_t> k = take(1);
    if (k.empty()) return std::nullopt;
    return std::pair{k[0], work_.pending[k[0]].point};
  }

  /// Takes the messages that have arrived (up to 64 records, about 50 ms of storing for full
  /// records, less than the two points a thread has queued): records go to `batch`, and each
  /// ask or records message is answered with points.
  void poll(std::vector<Finished>& batch, Rank0Costs& costs) {
    while (batch.size() < 64) {
      const Clock::time_point t0 = Clock::now();
      std::optional<mpi_wire::Message> m = mpi_wire::receive(MPI_ANY_SOURCE, MPI_ANY_TAG, false);
      if (!m) return;
      mpi_wire::Reader r(m->bytes, m->source);
      std::size_t freed = 0;
      if (m->tag == mpi_wire::kTagAsk) freed = r.u64();
      if (m->tag == mpi_wire::kTagRecords) freed = read_records(*m, batch);
      costs.messages++, costs.bytes += m->bytes.size();
      costs.points += m->tag == mpi_wire::kTagRecords ? freed : 0;
      outstanding_[m->source] -= m->tag == mpi_wire::kTagRecords ? freed : 0;
      give(m->source, freed);
      costs.receive_s += std::chrono::duration<double>(Clock::now() - t0).count();
    }
  }

  /// After the last point: a rank whose ask came late is told to stop too.
  void stop_all() {
    for (int rank = 1; rank < static_cast<int>(stopped_.size()); ++rank)
      while (!stopped_[rank]) {
        (void)mpi_wire::receive(rank, mpi_wire::kTagAsk, true);
        give(rank, 0);
      }
  }

 private:
  std::vector<std::size_t> take(std::size_t n) {
    std::lock_guard lock(mutex_);
    std::vector<std::size_t> out;
    while (out.size() < n && next_ < work_.to_run.size()) out.push_back(work_.to_run[next_++]);
    return out;
  }

  std::size_t read_records(const mpi_wire::Message& m, std::vector<Finished>& batch) {
    mpi_wire::Reader r(m.bytes, m.source);
    std::size_t n = 0;
    for (; r.more(); ++n) {
      Finished f;
      f.position = r.u64();
      if (f.position >= work_.pending.size())
        throw sim::SimError(fmt::format("MPI rank {} returned point position {} of {}", m.source,
                                        f.position, work_.pending.size()));
      f.point.exit_code = static_cast<int>(r.u64());
      const std::string bytes = r.bytes(r.u64());
      f.point.record = results::decode_run_record(bytes, fmt::format("MPI rank {}", m.source));
      batch.push_back(std::move(f));
    }
    return n;
  }

  /// Sends rank `rank` up to `n` points; when none is left and it holds none, tells it to stop.
  void give(int rank, std::size_t n) {
    const std::vector<std::size_t> k = take(n);
    std::string out;
    for (std::size_t position : k) {
      mpi_wire::put_u64(out, position);
      mpi_wire::put_u64(out, work_.pending[position].point);
    }
    if (k.empty() && (outstanding_[rank] > 0 || stopped_[rank])) return;
    outstanding_[rank] += k.size();
    stopped_[rank] = k.empty();
    mpi_wire::send(rank, mpi_wire::kTagPoints, out);
  }

  SweepWork& work_;
  std::mutex mutex_;
  std::size_t next_ = 0;
  std::vector<std::size_t> outstanding_;
  std::vector<bool> stopped_;
};

void print_costs(const Rank0Costs& c, const SweepWriter& writer, std::size_t ranks) {
  if (c.points == 0) return;
  std::cerr << fmt::format(
      "axsim: rank 0 of {}: {} points from other ranks in {} messages, {:.1f} KiB a point; "
      "receive, decode and answer {:.0f} us a point; store {:.0f} us a point ({} points in {} "
      "transactions)\n",
      ranks, c.points, c.messages, double(c.bytes) / 1024.0 / double(c.points),
      1e6 * c.receive_s / double(c.points), 1e6 * c.store_s / double(writer.stored()),
      writer.stored(), writer.transactions());
}

}  // namespace

namespace {

bool serve(const MpiSession& mpi, SweepWork& work, unsigned rank0_jobs, RunCaches& caches,
           SweepWriter& writer, SweepProgress& progress) {
  auto coordinator = std::make_unique<Coordinator>(mpi, work);
  auto local =
      std::make_unique<LocalWorkers>(work.spec, work.plan, work.opt, work.sweep_id, caches);
  local->start(rank0_jobs, [c = coordinator.get()] { return c->next_local(); });
  Rank0Costs costs;
  while (!writer.done()) {
    std::vector<Finished> batch = local->collect(std::chrono::microseconds(0));
    coordinator->poll(batch, costs);
    const Clock::time_point t0 = Clock::now();
    const bool idle = batch.empty();
    writer.add(batch);  // stages what it cannot store yet, even when a signal came
    costs.store_s += std::chrono::duration<double>(Clock::now() - t0).count();
    if (sweep_signal() != 0 && !writer.done()) {
      local->detach();  // the caller exits the process at once; both stay alive until then
      (void)local.release(), (void)coordinator.release();
      return false;
    }
    if (idle) {
      progress.print();
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  local->join();
  coordinator->stop_all();
  print_costs(costs, writer, static_cast<std::size_t>(mpi.size()));
  return true;
}

}  // namespace

bool run_on_mpi_rank0(const MpiSession& mpi, SweepWork& work, unsigned rank0_jobs,
                      RunCaches& caches, SweepWriter& writer, SweepProgress& progress) {
  try {
    return serve(mpi, work, rank0_jobs, caches, writer, progress);
  } catch (const std::exception& e) {  // e.g. the disk is full: what is stored stays
    mpi_wire::abort_job(e.what());     // the other ranks wait for points: end them all
  }
}

}  // namespace axsim::tools
#endif
