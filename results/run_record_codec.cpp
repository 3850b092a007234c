// SPDX-License-Identifier: Apache-2.0
#include "results/run_record_codec.hpp"

#include <fmt/format.h>

#include <cstring>

#include "workloads/le_bytes.hpp"

namespace axsim::results {

namespace {

constexpr char kMagic[4] = {'A', 'X', 'R', 'R'};
constexpr std::uint16_t kFormatVersion = 1;

class Writer {
 public:
  void u64(std::uint64_t v) {
    std::uint8_t b[8];
    workloads::store_le(b, v, 8);
    out_.append(reinterpret_cast<const char*>(b), 8);
  }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void f64(double v) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    u64(bits);
  }
  void str(const std::string& s) {
    u64(s.size());
    out_ += s;
  }
  void opt(const std::optional<std::int64_t>& v) {
    u64(v ? 1 : 0);
    if (v) i64(*v);
  }
  void raw(const char* p, std::size_t n) { out_.append(p, n); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(const std::uint8_t* p, std::size_t n, const std::string& where)
      : p_(p), n_(n), where_(where) {}
  [[noreturn]] void fail(const std::string& expected) const {
    throw RunRecordError(
        fmt::format("{}: run record, byte offset {}: expected {}", where_, at_, expected));
  }
  std::uint64_t u64(const char* what) {
    if (n_ - at_ < 8) fail(fmt::format("8 bytes of {}, found {}", what, n_ - at_));
    const std::uint64_t v = workloads::load_le(p_ + at_, 8);
    at_ += 8;
    return v;
  }
  std::int64_t i64(const char* what) { return static_cast<std::int64_t>(u64(what)); }
  double f64(const char* what) {
    const std::uint64_t bits = u64(what);
    double v = 0;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  std::string str(const char* what) {
    const std::size_t start = at_;
    const std::uint64_t len = u64(what);
    if (len > n_ - at_) {
      const std::size_t left = n_ - at_;
      at_ = start;  // the error names where the field starts
      fail(fmt::format("a length of {} that the {} bytes after it can hold, found {}", what, left,
                       len));
    }
    std::string s(reinterpret_cast<const char*>(p_ + at_), len);
    at_ += len;
    return s;
  }
  std::optional<std::int64_t> opt(const char* what) {
    const std::uint64_t has = u64(what);
    if (has > 1) fail(fmt::format("0 or 1 (whether {} is set), found {}", what, has));
    return has ? std::optional<std::int64_t>(i64(what)) : std::nullopt;
  }
  /// A count of items of at least `min_bytes` each: never more than the bytes left can hold.
  std::size_t count(const char* what, std::size_t min_bytes) {
    const std::size_t start = at_;
    const std::uint64_t k = u64(what);
    if (k > (n_ - at_) / min_bytes) {
      const std::size_t left = n_ - at_;
      at_ = start;
      fail(fmt::format("a count of {} that the {} bytes after it can hold, found {}", what, left,
                       k));
    }
    return static_cast<std::size_t>(k);
  }
  void header() {
    if (n_ < 6 || std::memcmp(p_, kMagic, 4) != 0) fail("the magic \"AXRR\" and a format version");
    const unsigned version = p_[4] | (p_[5] << 8);
    if (version != kFormatVersion)
      fail(fmt::format("format version {}, found {}", kFormatVersion, version));
    at_ = 6;
  }
  void end() const {
    if (at_ != n_) fail(fmt::format("the end of the record, found {} more bytes", n_ - at_));
  }

 private:
  const std::uint8_t* p_;
  std::size_t n_, at_ = 0;
  const std::string& where_;
};

// SqlValue: a tag (0 NULL, 1 integer, 2 real, 3 text) and its value.
void put_value(Writer& w, const SqlValue& v) {
  w.u64(v.index());
  if (const auto* i = std::get_if<std::int64_t>(&v)) w.i64(*i);
  if (const auto* d = std::get_if<double>(&v)) w.f64(*d);
  if (const auto* s = std::get_if<std::string>(&v)) w.str(*s);
}

SqlValue get_value(Reader& r) {
  switch (r.u64("a value's type")) {
    case 0:
      return SqlValue{};
    case 1:
      return SqlValue{r.i64("an integer value")};
    case 2:
      return SqlValue{r.f64("a real value")};
    case 3:
      return SqlValue{r.str("a text value")};
    default:
      r.fail("a value type 0 (NULL), 1 (integer), 2 (real) or 3 (text)");
  }
}

void put_info(Writer& w, const RunInfo& i) {
  for (const std::string* s :
       {&i.unit, &i.config_name, &i.config_path, &i.config_json, &i.config_hash, &i.workload})
    w.str(*s);
  w.u64(i.seed);
  w.str(i.axsim_version), w.str(i.tech_node), w.str(i.run_key);
  w.opt(i.sweep_id), w.opt(i.point_index);
  w.u64(i.params.size());
  for (const ParamValue& p : i.params) w.str(p.name), put_value(w, p.value);
}

RunInfo get_info(Reader& r) {
  RunInfo i;
  for (std::string* s :
       {&i.unit, &i.config_name, &i.config_path, &i.config_json, &i.config_hash, &i.workload})
    *s = r.str("a run info string");
  i.seed = r.u64("the seed");
  i.axsim_version = r.str("the axsim version");
  i.tech_node = r.str("the tech node");
  i.run_key = r.str("the run key");
  i.sweep_id = r.opt("the sweep id");
  i.point_index = r.opt("the point index");
  i.params.resize(r.count("run parameters", 16));
  for (ParamValue& p : i.params) p.name = r.str("a parameter name"), p.value = get_value(r);
  return i;
}

void put_phase_lists(Writer& w, const PhaseRecord& p) {
  w.u64(p.stats.size());
  for (const StatRow& s : p.stats)
    w.str(s.component), w.str(s.name), w.str(s.unit), w.str(s.description), w.f64(s.value);
  w.u64(p.histograms.size());
  for (const HistogramRow& h : p.histograms) {
    w.str(h.component), w.str(h.name), w.f64(h.bucket_width);
    w.u64(h.counts.size());
    for (std::uint64_t c : h.counts) w.u64(c);
  }
  w.u64(p.actions.size());
  for (const ActionRow& a : p.actions)
    w.str(a.component), w.str(a.action), w.u64(a.count), w.f64(a.energy_per_action_pj),
        w.str(a.source);
  w.u64(p.energy.size());
  for (const EnergyRow& e : p.energy) w.str(e.component), w.f64(e.dynamic_pj), w.f64(e.leakage_pj);
}

void get_phase_lists(Reader& r, PhaseRecord& p) {
  p.stats.resize(r.count("stats", 40));
  for (StatRow& s : p.stats) {
    s.component = r.str("a stat's component"), s.name = r.str("a stat's name");
    s.unit = r.str("a stat's unit"), s.description = r.str("a stat's description");
    s.value = r.f64("a stat's value");
  }
  p.histograms.resize(r.count("histograms", 32));
  for (HistogramRow& h : p.histograms) {
    h.component = r.str("a histogram's component"), h.name = r.str("a histogram's name");
    h.bucket_width = r.f64("a bucket width");
    h.counts.resize(r.count("histogram buckets", 8));
    for (std::uint64_t& c : h.counts) c = r.u64("a bucket count");
  }
  p.actions.resize(r.count("actions", 40));
  for (ActionRow& a : p.actions) {
    a.component = r.str("an action's component"), a.action = r.str("an action's name");
    a.count = r.u64("an action count"), a.energy_per_action_pj = r.f64("an action's energy");
    a.source = r.str("an action's source");
  }
  p.energy.resize(r.count("energy rows", 24));
  for (EnergyRow& e : p.energy) {
    e.component = r.str("an energy row's component");
    e.dynamic_pj = r.f64("dynamic energy"), e.leakage_pj = r.f64("leakage energy");
  }
}

void put_phase(Writer& w, const PhaseRecord& p) {
  w.i64(p.index), w.str(p.name), w.str(p.kind), w.u64(p.cycles), w.f64(p.time_s);
  w.u64(p.work), w.u64(p.useful_work), w.str(p.work_unit), w.f64(p.peak_work_per_cycle);
  w.f64(p.utilization), w.str(p.infeasible), w.u64(p.lanes);
  for (std::uint64_t c : p.cycle_stack) w.u64(c);
  put_phase_lists(w, p);
}

PhaseRecord get_phase(Reader& r) {
  PhaseRecord p;
  const std::int64_t index = r.i64("a phase index");
  if (index < 0 || index > INT32_MAX) r.fail("a phase index from 0 to 2^31-1");
  p.index = static_cast<int>(index);
  p.name = r.str("a phase name"), p.kind = r.str("a phase kind");
  p.cycles = r.u64("phase cycles"), p.time_s = r.f64("phase time");
  p.work = r.u64("phase work"), p.useful_work = r.u64("useful work");
  p.work_unit = r.str("a work unit"), p.peak_work_per_cycle = r.f64("peak work per cycle");
  p.utilization = r.f64("utilization"), p.infeasible = r.str("the infeasible text");
  const std::uint64_t lanes = r.u64("lanes");
  if (lanes > UINT32_MAX) r.fail("a lane count below 2^32");
  p.lanes = static_cast<std::uint32_t>(lanes);
  for (std::uint64_t& c : p.cycle_stack) c = r.u64("a cycle-stack count");
  get_phase_lists(r, p);
  return p;
}

}  // namespace

std::string encode_run_record(const RunRecord& rec) {
  Writer w;
  w.raw(kMagic, 4);
  const char version[2] = {static_cast<char>(kFormatVersion & 0xff),
                           static_cast<char>(kFormatVersion >> 8)};
  w.raw(version, 2);
  put_info(w, rec.info);
  w.str(rec.started_at), w.str(rec.status), w.str(rec.error);
  w.f64(rec.wall_seconds), w.u64(rec.events), w.u64(rec.sim_ticks_ps);
  w.u64(rec.components.size());
  for (const ComponentRow& c : rec.components)
    w.str(c.component), w.str(c.type), w.f64(c.area_um2), w.f64(c.leakage_mw), w.str(c.area_source),
        w.str(c.leakage_source);
  w.u64(rec.phases.size());
  for (const PhaseRecord& p : rec.phases) put_phase(w, p);
  w.u64(rec.task_metrics.size());
  for (const TaskMetric& m : rec.task_metrics)
    w.str(m.task), w.str(m.input), w.str(m.metric), w.f64(m.value);
  return w.take();
}

RunRecord decode_run_record(const std::uint8_t* bytes, std::size_t size, const std::string& where) {
  Reader r(bytes, size, where);
  r.header();
  RunRecord rec;
  rec.info = get_info(r);
  rec.started_at = r.str("the start time"), rec.status = r.str("the status");
  if (rec.status != "complete" && rec.status != "failed") r.fail("status complete or failed");
  rec.error = r.str("the error");
  rec.wall_seconds = r.f64("wall seconds"), rec.events = r.u64("events");
  rec.sim_ticks_ps = r.u64("simulated ticks");
  rec.components.resize(r.count("components", 48));
  for (ComponentRow& c : rec.components) {
    c.component = r.str("a component name"), c.type = r.str("a component type");
    c.area_um2 = r.f64("an area"), c.leakage_mw = r.f64("a leakage power");
    c.area_source = r.str("an area source"), c.leakage_source = r.str("a leakage source");
  }
  rec.phases.resize(r.count("phases", 160));
  for (PhaseRecord& p : rec.phases) p = get_phase(r);
  rec.task_metrics.resize(r.count("task metrics", 32));
  for (TaskMetric& m : rec.task_metrics) {
    m.task = r.str("a task"), m.input = r.str("a task input"), m.metric = r.str("a metric");
    m.value = r.f64("a metric value");
  }
  r.end();
  return rec;
}

}  // namespace axsim::results
