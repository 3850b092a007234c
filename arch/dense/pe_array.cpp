// SPDX-License-Identifier: Apache-2.0
#include "arch/dense/pe_array.hpp"

#include <algorithm>

#include "arch/common/datapath_costs.hpp"
#include "arch/common/wrapping_sum.hpp"

namespace axsim::arch::dense {

namespace {

sim::OpCosts lane_costs(const sim::TechTable& t, const DenseSpec& s) {
  return mac_costs(t, std::uint32_t(s.mac_bits), std::uint32_t(s.accumulator_bits));
}

int ceil_div(std::int64_t a, std::int64_t b) { return static_cast<int>((a + b - 1) / b); }
}  // namespace

PeArray::PeArray(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                 const DenseSpec& spec, Buffers buffers)
    : Ticked(ctx, parent, "pe_array", "dense.pe_array", clock),
      spec_(spec),
      buf_(buffers),
      tiles_(ctx, this, "tile_in", clock, {1, 1, 1}),
      done_(ctx, this, "done_out", clock, {2, 1, 1}),
      acc_(std::size_t(spec.pe_rows) * spec.pe_cols),
      held_(std::size_t(spec.pe_rows) * spec.pe_cols * spec.macs_per_pe),
      row_operands_(std::size_t(spec.pe_rows) * spec.macs_per_pe),
      col_operands_(std::size_t(spec.pe_cols) * spec.macs_per_pe),
      mac_cycles_(stats().counter("compute_cycles", "cycles", "cycles the MAC lanes computed")),
      load_cycles_(stats().counter("weight_load_cycles", "cycles",
                                   "weight-stationary cycles spent loading PE weights")),
      mac_(actions().declare("mac", lane_costs(tech(), spec).energy_pj)) {
  if (spec.zero_gating)
    mac_gated_ = actions().declare("mac_gated",
                                   gated_mac_energy(tech(), std::uint32_t(spec.mac_bits)));
  if (spec.zero_gating && spec.dataflow == Dataflow::kWeightStationary)
    zero_rows_.resize(std::size_t(spec.pe_cols) * spec.macs_per_pe);
  const double pes = double(spec.pe_rows) * spec.pe_cols * spec.macs_per_pe;
  const sim::OpCosts lanes = times(lane_costs(tech(), spec), pes, "the MAC lanes");
  set_area_um2(lanes.area_um2);
  set_leakage_mw(lanes.leakage_mw);
}

void PeArray::set_layer(const workloads::LayerShape& shape, std::size_t tiles,
                        std::uint64_t first_cycle) {
  shape_ = shape;
  tiles_left_ = tiles;
  stack_.start(first_cycle);
  waiting_ = sim::CycleCategory::kMemoryWait;
  kernel_ = shape.kernel_h * shape.kernel_w;
  k_offsets_.clear();
  for (int c = 0; c < shape.in_channels; ++c)
    for (int r = 0; r < shape.kernel_h; ++r)
      for (int s = 0; s < shape.kernel_w; ++s) k_offsets_.push_back({c, r, s});
}

void PeArray::begin(const Tile& t) {
  tile_ = t;
  active_ = true;
  --tiles_left_;
  finished_ = false;
  pass_ = step_ = 0;
  const int k_len = t.ct * kernel_;
  if (spec_.dataflow == Dataflow::kOutputStationary) {
    passes_ = ceil_div(t.pt, spec_.pe_cols);
    steps_ = ceil_div(k_len, spec_.macs_per_pe);
    std::fill(acc_.begin(), acc_.end(), 0);
  } else {
    passes_ = ceil_div(k_len, std::int64_t(spec_.pe_cols) * spec_.macs_per_pe);
    steps_ = t.pt;
    load_left_ = 0;
  }
}

std::int16_t PeArray::input(int pixel, int k) const {
  const int ow = shape_.out_w();
  const KOffset& o = k_offsets_[k];
  const int y = (pixel / ow) * shape_.stride_h - shape_.pad_h + o.r;
  const int x = (pixel % ow) * shape_.stride_w - shape_.pad_w + o.s;
  if (y < 0 || y >= shape_.in_h || x < 0 || x >= shape_.in_w) return 0;  // zero padding
  // The input block holds rows [in_y0, in_y0 + in_rows) of channels from in_c0 (tiling.hpp).
  const std::size_t c = std::size_t(tile_.c0 - tile_.in_c0 + o.c);
  const std::size_t idx = (c * tile_.in_rows + (y - tile_.in_y0)) * shape_.in_w + x;
  return buf_.inputs.data()[Buffers::slot_base(buf_.inputs, tile_.input_slot) + idx];
}

std::int16_t PeArray::weight(int row, int k) const {
  const std::size_t idx = std::size_t(row) * tile_.ct * kernel_ + k;
  return buf_.weights.data()[Buffers::slot_base(buf_.weights, tile_.weight_slot) + idx];
}

void PeArray::accumulate_output(int row, int pixel, std::int32_t value, bool first) {
  const std::size_t idx = Buffers::slot_base(buf_.outputs, tile_.output_slot) +
                          std::size_t(row) * tile_.pt + (pixel - tile_.p0);
  std::int32_t& slot = buf_.outputs.data()[idx];
  slot = first ? value : wrapping_add(slot, value);
}

void PeArray::count_macs(std::uint64_t macs, std::uint64_t zero_operand_macs) {
  actions().add(mac_, macs - zero_operand_macs);
  if (!spec_.zero_gating) return;
  actions().add(mac_gated_, zero_operand_macs);
}

// Products of this cycle's broadcast operands with a zero factor: per lane, a zero weight in
// a row zeroes all its columns and a zero input all its rows (inclusion-exclusion), which
// costs rows + cols per lane instead of rows x cols.
std::uint64_t PeArray::zero_operand_macs_os(int rows, int cols, int lanes) const {
  const std::size_t stride = std::size_t(spec_.macs_per_pe);
  std::uint64_t zero = 0;
  for (int v = 0; v < lanes; ++v) {
    std::uint64_t zw = 0, zx = 0;
    for (int i = 0; i < rows; ++i) zw += row_operands_[i * stride + v] == 0;
    for (int j = 0; j < cols; ++j) zx += col_operands_[j * stride + v] == 0;
    zero += zw * std::uint64_t(cols) + zx * std::uint64_t(rows) - zw * zx;
  }
  return zero;
}

// A zero input gates its whole column of rows; otherwise the rows holding a zero weight.
std::uint64_t PeArray::zero_operand_macs_ws(int lanes) const {
  std::uint64_t zero = 0;
  for (int k = 0; k < lanes; ++k)
    zero += col_operands_[k] == 0 ? std::uint64_t(tile_.mt) : std::uint64_t(zero_rows_[k]);
  return zero;
}

// One cycle: every active PE reduces up to macs_per_pe terms into its accumulator. The buffers
// deliver one row vector of weights per PE row and one column vector of inputs per PE column.
bool PeArray::step_output_stationary() {
  const int v_lanes = spec_.macs_per_pe;
  const int k0 = step_ * v_lanes;
  const int kv = std::min(v_lanes, tile_.ct * kernel_ - k0);
  const int p_first = tile_.p0 + pass_ * spec_.pe_cols;
  const int cols = std::min(spec_.pe_cols, tile_.p0 + tile_.pt - p_first);
  for (int i = 0; i < tile_.mt; ++i)
    for (int v = 0; v < kv; ++v) row_operands_[std::size_t(i) * v_lanes + v] = weight(i, k0 + v);
  for (int j = 0; j < cols; ++j)
    for (int v = 0; v < kv; ++v)
      col_operands_[std::size_t(j) * v_lanes + v] = input(p_first + j, k0 + v);
  for (int i = 0; i < tile_.mt; ++i) {
    const std::int32_t* w = &row_operands_[std::size_t(i) * v_lanes];
    std::int32_t* acc = &acc_[std::size_t(i) * spec_.pe_cols];
    for (int j = 0; j < cols; ++j) {
      const std::int32_t* x = &col_operands_[std::size_t(j) * v_lanes];
      std::int32_t a = acc[j];
      for (int v = 0; v < kv; ++v) a = wrapping_mac(a, w[v], x[v]);
      acc[j] = a;
    }
  }
  buf_.weights.count_read(std::uint64_t(tile_.mt) * kv);  // broadcast along each row
  buf_.inputs.count_read(std::uint64_t(cols) * kv);       // broadcast along each column
  count_macs(std::uint64_t(tile_.mt) * cols * kv,
             spec_.zero_gating ? zero_operand_macs_os(tile_.mt, cols, kv) : 0);
  mac_cycles_.add();
  if (++step_ < steps_) return true;
  // Drain: the double-buffered accumulators empty into the output buffer behind the next pass.
  if (!tile_.first_c) buf_.outputs.count_read(std::uint64_t(tile_.mt) * cols);
  buf_.outputs.count_write(std::uint64_t(tile_.mt) * cols);
  for (int i = 0; i < tile_.mt; ++i)
    for (int j = 0; j < cols; ++j) {
      accumulate_output(i, p_first + j, acc_[std::size_t(i) * spec_.pe_cols + j], tile_.first_c);
      acc_[std::size_t(i) * spec_.pe_cols + j] = 0;
    }
  step_ = 0;
  return ++pass_ < passes_;
}

// The stationary weights stay for the whole pass, so their zeros are counted once per pass.
void PeArray::count_zero_rows(int group, int kg) {
  for (int k = 0; k < kg; ++k) {
    int zero = 0;
    for (int i = 0; i < tile_.mt; ++i) zero += held_[std::size_t(i) * group + k] == 0;
    zero_rows_[k] = zero;
  }
}

// One cycle: a weight-load cycle, or one output pixel through the stationary weights.
bool PeArray::step_weight_stationary() {
  const int group = spec_.pe_cols * spec_.macs_per_pe;
  const int k0 = pass_ * group;
  const int kg = std::min(group, tile_.ct * kernel_ - k0);
  if (step_ == 0 && load_left_ == 0) {  // start of a pass: fetch this group's weights
    for (int i = 0; i < tile_.mt; ++i)
      for (int k = 0; k < kg; ++k) held_[std::size_t(i) * group + k] = weight(i, k0 + k);
    if (spec_.zero_gating) count_zero_rows(group, kg);
    buf_.weights.count_read(std::uint64_t(tile_.mt) * kg);
    load_left_ = ceil_div(std::int64_t(tile_.mt) * kg * spec_.weight_buffer.element_bits,
                          spec_.weight_buffer.width_bits);
  }
  if (load_left_ > 0 && --load_left_ > 0) {
    load_cycles_.add();
    return true;
  }
  const int pixel = tile_.p0 + step_;
  const bool first = tile_.first_c && pass_ == 0;  // else add to the partial sum in the buffer
  for (int k = 0; k < kg; ++k) col_operands_[k] = input(pixel, k0 + k);  // one input per lane
  for (int i = 0; i < tile_.mt; ++i) {
    const std::int32_t* w = &held_[std::size_t(i) * group];
    std::int32_t sum = 0;  // the row's adder tree
    for (int k = 0; k < kg; ++k) sum = wrapping_mac(sum, w[k], col_operands_[k]);
    accumulate_output(i, pixel, sum, first);
  }
  if (!first) buf_.outputs.count_read(std::uint64_t(tile_.mt));
  buf_.inputs.count_read(std::uint64_t(kg));
  buf_.outputs.count_write(std::uint64_t(tile_.mt));
  count_macs(std::uint64_t(tile_.mt) * kg, spec_.zero_gating ? zero_operand_macs_ws(kg) : 0);
  mac_cycles_.add();
  if (++step_ < steps_) return true;
  step_ = 0;
  load_left_ = 0;
  return ++pass_ < passes_;
}

// Each cycle is charged once, to the first thing that claims it: the sleep before it, then
// what the tick did.
bool PeArray::tick() {
  using sim::CycleCategory;
  const std::uint64_t cycle = clock().cycle_at(now()).n;
  stack_.charge_to(cycle, waiting_);
  if (!active_) {
    auto t = tiles_.try_recv();
    if (!t) {
      waiting_ = tiles_left_ > 0 ? CycleCategory::kMemoryWait : CycleCategory::kDrain;
      stack_.charge_to(cycle + 1, waiting_);
      return false;
    }
    begin(*t);
  }
  if (!finished_) {
    const std::uint64_t loads = load_cycles_.count();
    finished_ = spec_.dataflow == Dataflow::kOutputStationary ? !step_output_stationary()
                                                              : !step_weight_stationary();
    stack_.charge_to(cycle + 1, load_cycles_.count() != loads ? CycleCategory::kMemoryWait
                                                              : CycleCategory::kCompute);
    progress();
    if (!finished_) return true;
  }
  waiting_ = CycleCategory::kQueueFull;
  stack_.charge_to(cycle + 1, waiting_);
  if (!done_.try_send(0)) return false;  // woken when the controller takes a done token
  active_ = false;
  return true;  // look for the next tile in the next cycle
}

sim::CycleStack PeArray::cycle_stack(std::uint64_t end) const {
  sim::CycleStack s = stack_;
  s.close(end, tiles_left_ > 0 || active_ ? waiting_ : sim::CycleCategory::kDrain);
  return s;
}

std::string PeArray::state() const {
  return (active_ ? "tile m0=" + std::to_string(tile_.m0) + " p0=" + std::to_string(tile_.p0) +
                        " c0=" + std::to_string(tile_.c0) + " pass " + std::to_string(pass_) +
                        "/" + std::to_string(passes_)
                  : std::string("idle")) +
         ", tile_in " + tiles_.state() + ", done_out " + done_.state();
}

}  // namespace axsim::arch::dense
