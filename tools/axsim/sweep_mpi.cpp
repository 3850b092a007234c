// SPDX-License-Identifier: Apache-2.0
// `axsim sweep --mpi`: the session, the messages and the ranks other than 0 (sweep_mpi.hpp).
#include "tools/axsim/sweep_mpi.hpp"

#include "sim/error.hpp"

#ifdef AXSIM_HAVE_MPI
#include <fmt/format.h>

#include <cstdlib>
#include <deque>
#include <iostream>

#include "results/run_record_codec.hpp"
#include "tools/axsim/sweep_local_workers.hpp"
#include "tools/axsim/sweep_mpi_wire.hpp"
#endif

namespace axsim::tools {

#ifndef AXSIM_HAVE_MPI

MpiSession::MpiSession() {
  throw sim::ConfigError(
      "--mpi: this axsim was built without MPI; install libopenmpi-dev (Debian) and rebuild "
      "(cmake finds it), or run the sweep on one machine with -j, or split it with --shard");
}
MpiSession::~MpiSession() = default;
std::int64_t MpiSession::broadcast(std::int64_t v) const { return v; }
bool run_on_mpi_rank0(const MpiSession&, SweepWork&, unsigned, RunCaches&, SweepWriter&,
                      SweepProgress&) {
  return false;
}
void run_mpi_worker(const SweepSpec&, const SweepPlan&, const SweepOptions&, std::int64_t, unsigned,
                    RunCaches&) {}

#else

namespace mpi_wire {

std::uint64_t Reader::u64() {
  if (b_.size() - at_ < 8) fail();
  const std::uint64_t v =
      workloads::load_le(reinterpret_cast<const std::uint8_t*>(b_.data()) + at_, 8);
  at_ += 8;
  return v;
}

std::string Reader::bytes(std::uint64_t n) {
  if (b_.size() - at_ < n) fail();
  std::string s = b_.substr(at_, n);
  at_ += n;
  return s;
}

void Reader::fail() const {
  throw sim::SimError(fmt::format("MPI message from rank {} ends early at byte {}", source_, at_));
}

void abort_job(const std::string& what) {
  std::cerr << "axsim: error: " << what << std::endl;
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::_Exit(1);  // MPI_Abort does not return; this only tells the compiler so
}

std::optional<Message> receive(int source, int tag, bool block) {
  MPI_Status st;
  if (block) {
    MPI_Probe(source, tag, MPI_COMM_WORLD, &st);
  } else {
    int flag = 0;
    MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, &st);
    if (!flag) return std::nullopt;
  }
  int n = 0;
  MPI_Get_count(&st, MPI_BYTE, &n);
  Message m{st.MPI_SOURCE, st.MPI_TAG, std::string(static_cast<std::size_t>(n), '\0')};
  MPI_Recv(m.bytes.data(), n, MPI_BYTE, m.source, m.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return m;
}

}  // namespace mpi_wire

MpiSession::MpiSession() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

std::int64_t MpiSession::broadcast(std::int64_t v) const {
  MPI_Bcast(&v, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  return v;
}

namespace {

/// Points rank 0 handed to this rank, taken by its threads.
struct Inbox {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::pair<std::size_t, std::size_t> > points;
  bool stop = false;
  std::optional<std::pair<std::size_t, std::size_t> > next() {
    std::unique_lock lock(mutex);
    ready.wait(lock, [&] { return stop || !points.empty() || sweep_signal() != 0; });
    if (points.empty()) return std::nullopt;
    auto p = points.front();
    points.pop_front();
    return p;
  }
};

std::string encode_records(const std::vector<Finished>& done) {
  std::string out;
  for (const Finished& f : done) {
    const std::string rec = results::encode_run_record(f.point.record);
    mpi_wire::put_u64(out, f.position);
    mpi_wire::put_u64(out, static_cast<std::uint64_t>(f.point.exit_code));
    mpi_wire::put_u64(out, rec.size());
    out += rec;
  }
  return out;
}

/// Takes a points message into the inbox; false when it says stop.
bool take_points(Inbox& inbox, const mpi_wire::Message& m, std::size_t& outstanding) {
  mpi_wire::Reader r(m.bytes, m.source);
  std::lock_guard lock(inbox.mutex);
  if (!r.more()) inbox.stop = true;
  while (r.more()) {
    const std::size_t position = r.u64();
    inbox.points.emplace_back(position, r.u64());
    ++outstanding;
  }
  inbox.ready.notify_all();
  return !inbox.stop;
}

}  // namespace

namespace {

void work_for_rank0(const SweepSpec& spec, const SweepPlan& plan, const SweepOptions& opt,
                    std::int64_t sweep_id, unsigned jobs, RunCaches& caches) {
  Inbox inbox;
  LocalWorkers workers(spec, plan, opt, sweep_id, caches);
  workers.start(jobs, [&inbox] { return inbox.next(); });
  std::string ask;
  mpi_wire::put_u64(ask, 2 * jobs);
  mpi_wire::send(0, mpi_wire::kTagAsk, ask);
  std::size_t outstanding = 0;  // points received and not yet sent back
  bool more = true;
  while (more || outstanding > 0) {
    if (auto m = mpi_wire::receive(0, mpi_wire::kTagPoints, false))
      more = take_points(inbox, *m, outstanding);
    const std::vector<Finished> done = workers.collect(std::chrono::milliseconds(1));
    if (done.empty()) continue;
    mpi_wire::send(0, mpi_wire::kTagRecords, encode_records(done));
    outstanding -= done.size();
  }
  workers.join();
}

}  // namespace

void run_mpi_worker(const SweepSpec& spec, const SweepPlan& plan, const SweepOptions& opt,
                    std::int64_t sweep_id, unsigned jobs, RunCaches& caches) {
  try {
    work_for_rank0(spec, plan, opt, sweep_id, jobs, caches);
  } catch (const std::exception& e) {  // rank 0 would wait for this rank's points forever
    mpi_wire::abort_job(e.what());
  }
}

#endif

}  // namespace axsim::tools
