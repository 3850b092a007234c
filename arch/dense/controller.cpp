// SPDX-License-Identifier: Apache-2.0
#include "arch/dense/controller.hpp"

#include <algorithm>

namespace axsim::arch::dense {

Controller::Controller(sim::SimContext& ctx, sim::Component* parent,
                       const sim::ClockDomain& clock, const DenseSpec& spec, Buffers buffers,
                       Dram& dram, PeArray& pe)
    : Ticked(ctx, parent, "controller", "dense.controller", clock),
      spec_(spec),
      buf_(buffers),
      dram_(*this, dram),
      pe_(pe),
      tiles_stat_(stats().counter("tiles", "tiles", "tiles handed to the PE array")),
      ready_wait_cycles_(stats().counter(
          "tile_ready_wait_cycles", "cycles",
          "cycles a loaded tile waited to enter the PE array (array busy or output half in use)")),
      raw_dram_bytes_(stats().counter(
          "dram_bytes_uncompressed", "bytes",
          "bytes the DRAM transfers would have moved without dram_compression")),
      weight_bytes_(stats().counter(
          "weight_dram_bytes", "bytes",
          "weight bytes read from DRAM: slices of the stored encoding (dense or scnn)")),
      resident_bytes_(stats().counter(
          "resident_activation_bytes", "bytes",
          "layer inputs found on chip instead of read from DRAM (input_buffer.keeps_activations)")) {
  pe_.tiles().connect(this, &pe_);
  pe_.done().connect(&pe_, this);
}

void Controller::start_layer(const workloads::Layer& layer, const WeightImage& weights,
                             std::vector<std::int32_t>& out) {
  layer_ = &layer;
  image_ = &weights;
  const std::vector<std::int32_t> step = layer.step_input();
  inputs_.assign(step.begin(), step.end());
  dram_output_ = &out;
  weight_bits_fetched_ = 0;
  plan_ = plan_tiles(layer.name, weights.shape(), spec_);
  next_tile_ = tiles_done_ = 0;
  loads_issued_ = false;
  ready_since_ = sim::kTickNever;
  groups_started_ = 0;
  dram_.reset();
  // The layer's tensors in DRAM: the weight encoding as one stream, inputs and outputs at the
  // positions of their uncompressed values (channel-major), each in its own region.
  weight_base_ = dram_.allocate((weights.total_bits() + 7) / 8);
  input_base_ = dram_.allocate(raw_bytes(inputs_.size(), spec_.data_bits));
  output_base_ = dram_.allocate(raw_bytes(out.size(), spec_.output_dram_bits));
  weight_halves_ = input_halves_ = {};
  in_flight_.clear();
  finished_ = false;
  start_tick_ = finish_tick_ = now();
  plan_residency();
  pe_.set_layer(weights.shape(), plan_.tiles.size(),
                clock().edge_at_or_after(now()) / clock().period_ps());
  wake();
}

// With keeps_activations the input buffer's halves take the roles of SCNN's IARAM and OARAM:
// outputs stay on chip for the next layer, whose input (after the pooling and concatenation the
// unit does not model) is the tensor actually stored. An input that does not fit half the
// buffer was written to DRAM by the layer before: that write is charged here, first.
void Controller::plan_residency() {
  const std::uint64_t half = spec_.input_buffer.capacity_bytes / 2;
  const std::uint64_t in = raw_bytes(inputs_.size(), spec_.data_bits);
  input_resident_ = spec_.resident_activations && in <= half;
  output_resident_ = spec_.resident_activations;
  if (input_resident_) resident_bytes_.add(in);
  if (!spec_.resident_activations || input_resident_) return;
  DramBlock block(spec_.dram_compression, spec_.data_bits);
  block.add(inputs_.data(), inputs_.size());
  dram_.enqueue({account(block), true, kOutputWrite, input_base_});
}

// Picks the half that already holds `block`, or else a half no in-flight tile reads from.
bool Controller::choose_slot(std::array<Resident, 2>& halves, std::int64_t block, int& slot,
                             bool& load, bool weights) const {
  for (int s = 0; s < 2; ++s)
    if (halves[s].block == block) return slot = s, load = false, true;
  for (int s = 0; s < 2; ++s) {
    const bool pinned = std::any_of(in_flight_.begin(), in_flight_.end(), [&](const Tile& t) {
      return (weights ? t.weight_slot : t.input_slot) == s;
    });
    if (!pinned) return slot = s, load = true, true;
  }
  return false;
}

void Controller::fill_weights(const Tile& t) {
  const auto& s = image_->shape();
  const std::size_t kernel = std::size_t(s.kernel_h) * s.kernel_w;
  std::int16_t* dst = buf_.weights.data().data() + Buffers::slot_base(buf_.weights, t.weight_slot);
  for (int i = 0; i < t.mt; ++i) {
    const std::int16_t* src =
        image_->levels().data() + ((std::size_t(t.m0 + i) * s.in_channels + t.c0) * kernel);
    std::copy_n(src, std::size_t(t.ct) * kernel, dst + std::size_t(i) * t.ct * kernel);
  }
  buf_.weights.count_write(std::uint64_t(t.mt) * t.ct * kernel);
}

// Copies the tile's input block (in_ct channels x in_rows whole rows) out of the layer's input.
template <typename Sink>
void Controller::for_each_input_run(const Tile& t, Sink&& sink) const {
  const auto& s = image_->shape();
  const std::size_t plane = std::size_t(s.in_h) * s.in_w;
  const std::size_t run = std::size_t(t.in_rows) * s.in_w;
  for (int c = 0; c < t.in_ct; ++c)
    sink(inputs_.data() + std::size_t(t.in_c0 + c) * plane + std::size_t(t.in_y0) * s.in_w, run);
}

void Controller::fill_inputs(const Tile& t) {
  std::int16_t* dst = buf_.inputs.data().data() + Buffers::slot_base(buf_.inputs, t.input_slot);
  std::uint64_t values = 0;
  for_each_input_run(t, [&](const std::int16_t* src, std::size_t n) {
    dst = std::copy_n(src, n, dst);
    values += n;
  });
  buf_.inputs.count_write(values);
}

// DRAM bytes of a block are computed from the values it carries, so compression follows the data.
std::uint64_t Controller::account(const DramBlock& block) {
  raw_dram_bytes_.add(block.raw());
  return block.bytes();
}

// The tile's weights as the encoding stores them (WeightImage::bits), in whole bytes of the
// stream fetched so far, so one pass over the layer moves exactly the encoding's bytes.
std::uint64_t Controller::weight_block_bytes(const Tile& t) {
  const auto& s = image_->shape();
  const std::uint64_t before = (weight_bits_fetched_ + 7) / 8;
  weight_bits_fetched_ += image_->bits(t.m0, t.mt, t.c0, t.ct);
  const std::uint64_t bytes = (weight_bits_fetched_ + 7) / 8 - before;
  raw_dram_bytes_.add(raw_bytes(std::uint64_t(t.mt) * t.ct * s.kernel_h * s.kernel_w, spec_.data_bits));
  weight_bytes_.add(bytes);
  return bytes;
}

std::uint64_t Controller::input_block_bytes(const Tile& t) {
  DramBlock block(spec_.dram_compression, spec_.data_bits);
  for_each_input_run(t, [&](const std::int16_t* src, std::size_t n) { block.add(src, n); });
  return account(block);
}

// Outputs leave as the next layer's activations: after the layer's ReLU, which is what makes
// them compressible (the int32 sums kept as the unit's output are not changed).
std::uint64_t Controller::output_block_bytes(const Tile& t, const std::int32_t* outputs) {
  DramBlock block(spec_.dram_compression, spec_.output_dram_bits);
  const std::size_t n = std::size_t(t.mt) * t.pt;
  if (!layer_->relu_after) {
    block.add(outputs, n);
  } else {
    std::vector<std::int32_t> activations(outputs, outputs + n);
    for (std::int32_t& v : activations) v = std::max(v, 0);
    block.add(activations.data(), n);
  }
  return account(block);
}

bool Controller::prepare_next_tile() {
  if (next_tile_ >= plan_.tiles.size()) return false;
  Tile& t = plan_.tiles[next_tile_];
  const auto& s = layer_->shape;
  if (!loads_issued_) {
    bool load_w = false, load_i = false;
    const std::int64_t wblock = std::int64_t(t.m0) * s.in_channels + t.c0;
    if (!choose_slot(weight_halves_, wblock, t.weight_slot, load_w, true)) return false;
    if (!choose_slot(input_halves_, t.input_block, t.input_slot, load_i, false)) return false;
    if (t.first_c) ++groups_started_;
    t.output_slot = (groups_started_ - 1) % 2;
    if (load_w) {
      weight_halves_[t.weight_slot].block = wblock;
      const std::uint64_t offset = (weight_bits_fetched_ + 7) / 8;
      dram_.enqueue({weight_block_bytes(t), false, kWeightLoad, weight_base_ + offset});
    }
    if (load_i) {
      input_halves_[t.input_slot].block = t.input_block;
      if (input_resident_) {
        fill_inputs(t);  // already on chip: written into the buffer as the last layer drained
      } else {
        const auto first = std::uint64_t(t.in_c0) * s.in_h * s.in_w + std::uint64_t(t.in_y0) * s.in_w;
        dram_.enqueue({input_block_bytes(t), false, kInputLoad,
                       input_base_ + raw_bytes(first, spec_.data_bits)});
      }
    }
    loads_issued_ = true;
    return true;
  }
  if (dram_.outstanding_reads() > 0) return false;
  if (ready_since_ == sim::kTickNever) ready_since_ = now();
  // A block's partial sums must be drained before another block accumulates into its half.
  const bool out_busy = std::any_of(in_flight_.begin(), in_flight_.end(), [&](const Tile& f) {
    return f.output_slot == t.output_slot && (f.m0 != t.m0 || f.p0 != t.p0);
  });
  if (out_busy) return false;
  if (!pe_.tiles().try_send(t)) return false;  // woken when the PE array takes its tile
  ready_wait_cycles_.add((now() - ready_since_) / clock().period_ps());
  ready_since_ = sim::kTickNever;
  in_flight_.push_back(t);
  tiles_stat_.add();
  ++next_tile_;
  loads_issued_ = false;
  return true;
}

void Controller::on_response(const MemResponse& r) {
  if (r.tag == kOutputWrite) return;
  // Loads complete in issue order; the data land in the halves chosen for the next tile.
  const Tile& t = plan_.tiles[next_tile_];
  if (r.tag == kWeightLoad) fill_weights(t);
  else fill_inputs(t);
}

void Controller::on_tile_done() {
  const Tile t = in_flight_.front();
  in_flight_.pop_front();
  ++tiles_done_;
  if (!t.last_c) return;
  // Drain the finished block of outputs from its buffer half to the output tensor in DRAM.
  const int ow_pixels = image_->shape().out_h() * image_->shape().out_w();
  const std::int32_t* src =
      buf_.outputs.data().data() + Buffers::slot_base(buf_.outputs, t.output_slot);
  for (int i = 0; i < t.mt; ++i) {  // the layer's output: after its ReLU, if any
    std::int32_t* dst = dram_output_->data() + std::size_t(t.m0 + i) * ow_pixels + t.p0;
    std::copy_n(src + std::size_t(i) * t.pt, t.pt, dst);
    if (layer_->relu_after) std::for_each(dst, dst + t.pt, [](std::int32_t& v) { v = std::max(v, 0); });
  }
  buf_.outputs.count_read(std::uint64_t(t.mt) * t.pt);
  if (output_resident_) return;  // stays on chip: the next layer's input fill writes it
  const std::uint64_t first = std::uint64_t(t.m0) * ow_pixels + std::uint64_t(t.p0);
  dram_.enqueue({output_block_bytes(t, src), true, kOutputWrite,
                 output_base_ + raw_bytes(first, spec_.output_dram_bits)});
}

bool Controller::tick() {
  if (layer_ == nullptr || finished_) return false;
  bool busy = false;
  busy |= dram_.take_responses([this](const MemResponse& r) { on_response(r); });
  while (pe_.done().try_recv()) on_tile_done(), busy = true;
  busy |= prepare_next_tile();
  busy |= dram_.flush();
  if (tiles_done_ == plan_.tiles.size() && dram_.outstanding_writes() == 0) {
    finished_ = true;
    finish_tick_ = now();
    return false;
  }
  return busy;  // otherwise asleep until a response, a done token or channel space wakes it
}

std::string Controller::state() const {
  return "tile " + std::to_string(next_tile_) + "/" + std::to_string(plan_.tiles.size()) +
         ", done " + std::to_string(tiles_done_) + ", DRAM: " + dram_.state();
}

}  // namespace axsim::arch::dense
