// SPDX-License-Identifier: Apache-2.0
#include "arch/ese/weight_stream.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "arch/ese/costs.hpp"

namespace axsim::arch::ese {

namespace {

std::vector<std::uint64_t> offsets(const EseMatrix& m) {
  std::vector<std::uint64_t> out{0};
  for (const Chunk& c : m.chunks) out.push_back(out.back() + c.bytes);
  return out;
}

// What one PE holds of a matrix: its entries and a pointer per column.
std::uint64_t pe_bits(const EseMatrix& m, std::size_t pe, int entry_bits, int pointer_bits) {
  if (m.empty()) return 0;
  return std::uint64_t(m.pes[pe].entries.size()) * std::uint64_t(entry_bits) +
         std::uint64_t(m.cols) * std::uint64_t(pointer_bits);
}

}  // namespace

WeightStreamer::WeightStreamer(sim::SimContext& ctx, sim::Component* parent,
                               const sim::ClockDomain& clock, const EseSpec& spec, Dram& dram)
    : Ticked(ctx, parent, "weight_stream", "ese.weight_stream", clock),
      spec_(spec),
      dram_(std::make_unique<DramClient>(*this, dram)),
      bytes_(stats().counter("bytes", "bytes", "weight bytes fetched from DRAM")),
      requests_(stats().counter("requests", "requests", "DRAM read requests of the stream")),
      items_fetched_(stats().counter("chunks", "chunks", "chunks fetched into a buffer half")),
      fill_(actions().declare("buffer_fill", weight_buffer_costs(*ctx.tech, spec).write_pj)) {}

void WeightStreamer::start_layer(const EseLayer& layer, std::uint64_t rounds,
                                 sim::Ticked* consumer) {
  layer_ = &layer, consumer_ = consumer;
  wr_chunks_ = layer.wr.chunks.size();
  per_round_ = wr_chunks_ + layer.proj.chunks.size();
  items_ = rounds * per_round_;
  next_ = ready_ = released_ = left_ = cursor_ = 0;
  flight_.clear();
  dram_->reset();
  wr_offsets_ = offsets(layer.wr), proj_offsets_ = offsets(layer.proj);
  wr_base_ = dram_->allocate(wr_offsets_.back());
  proj_base_ = dram_->allocate(proj_offsets_.back());
  resident_need_ = 0;
  for (std::size_t k = 0; k < layer.wr.pes.size(); ++k)
    resident_need_ = std::max(resident_need_,
                              (pe_bits(layer.wr, k, layer.entry_bits, layer.pointer_bits) +
                               pe_bits(layer.proj, k, layer.entry_bits, layer.pointer_bits) + 7) / 8);
  resident_ = spec_.weights_resident && resident_need_ <= spec_.weight_buffer_bytes;
  wake();
}

const Chunk& WeightStreamer::chunk(std::uint64_t item, std::uint64_t* address) const {
  const std::uint64_t i = item % per_round_;
  if (i < wr_chunks_) {
    *address = wr_base_ + wr_offsets_[i];
    return layer_->wr.chunks[i];
  }
  *address = proj_base_ + proj_offsets_[i - wr_chunks_];
  return layer_->proj.chunks[i - wr_chunks_];
}

bool WeightStreamer::ready(std::uint64_t item) const {
  if (resident_ && item >= per_round_) return ready_ >= per_round_;
  return item < ready_;
}

void WeightStreamer::release() {
  ++released_;
  wake();
}

// Starts every item a free buffer half (or, resident, the first round) allows: all its
// requests are queued at once and sent as the request channel takes them.
void WeightStreamer::request_next() {
  const std::uint64_t limit =
      resident_ ? std::min(items_, per_round_) : std::min(items_, released_ + 2);
  while (next_ < limit) {
    std::uint64_t address = 0;
    const Chunk& c = chunk(next_, &address);
    InFlight f{next_, 0, true};
    for (std::uint64_t off = 0; off < c.bytes; off += spec_.fetch_bytes) {
      const std::uint64_t n = std::min(spec_.fetch_bytes, c.bytes - off);
      dram_->enqueue({n, false, std::uint32_t(next_), address + off});
      ++f.outstanding;
      requests_.add();
    }
    bytes_.add(c.bytes);
    items_fetched_.add();
    actions().add(fill_, (c.bytes * 8 + std::uint64_t(spec_.buffer_width_bits) - 1) /
                             std::uint64_t(spec_.buffer_width_bits));
    flight_.push_back(f);
    ++next_;
  }
}

bool WeightStreamer::tick() {
  dram_->take_responses([&](const MemResponse& r) {
    for (InFlight& f : flight_)
      if (std::uint32_t(f.item) == r.tag) {
        --f.outstanding;
        break;
      }
  });
  bool arrived = false;
  while (!flight_.empty() && flight_.front().outstanding == 0) {
    ready_ = flight_.front().item + 1;
    flight_.pop_front();
    arrived = true;
  }
  if (arrived) {
    consumer_->wake();
    progress();
  }
  request_next();
  dram_->flush();
  return false;  // responses, free request slots and releases wake it
}

bool WeightStreamer::has_work() const { return !flight_.empty() || dram_->queued() > 0; }

std::string WeightStreamer::state() const {
  return fmt::format("chunk {} of {} next, {} ready, {} released, {}", next_, items_, ready_,
                     released_, dram_->state());
}

}  // namespace axsim::arch::ese
