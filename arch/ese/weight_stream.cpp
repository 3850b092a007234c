// SPDX-License-Identifier: Apache-2.0
#include "arch/ese/weight_stream.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "arch/ese/costs.hpp"

namespace axsim::arch::ese {

namespace {

// Channel c's pieces lie one after another, channel after channel, from `base`.
std::vector<std::uint64_t> offsets(const EseMatrix& m, std::size_t channels, std::uint64_t base) {
  std::vector<std::uint64_t> out(m.channel_bytes.size());
  std::uint64_t at = base;
  for (std::size_t c = 0; c < channels; ++c)
    for (std::size_t k = 0; k < m.chunks.size(); ++k) {
      out[k * channels + c] = at;
      at += m.channel_bytes[k * channels + c];
    }
  return out;
}

std::uint64_t total_bytes(const EseMatrix& m) {
  std::uint64_t n = 0;
  for (const Chunk& c : m.chunks) n += c.bytes;
  return n;
}

// What one PE holds of a matrix: its entries and a count per column of its channel.
std::uint64_t pe_bits(const EseMatrix& m, std::size_t pe, int entry_bits, int pointer_bits) {
  if (m.empty()) return 0;
  return std::uint64_t(m.pes[pe].entries.size()) * std::uint64_t(entry_bits) +
         std::uint64_t(m.pes[pe].pointers.size() - 1) * std::uint64_t(pointer_bits);
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
  next_ = ready_ = released_ = 0;
  flight_.clear();
  dram_->reset();
  const auto channels = std::size_t(spec_.channels);
  wr_base_ = dram_->allocate(total_bytes(layer.wr));
  proj_base_ = dram_->allocate(total_bytes(layer.proj));
  offsets_[0] = offsets(layer.wr, channels, wr_base_);
  offsets_[1] = offsets(layer.proj, channels, proj_base_);
  resident_need_ = 0;
  for (std::size_t k = 0; k < layer.wr.pes.size(); ++k)
    resident_need_ = std::max(resident_need_,
                              (pe_bits(layer.wr, k, layer.entry_bits, layer.pointer_bits) +
                               pe_bits(layer.proj, k, layer.entry_bits, layer.pointer_bits) + 7) / 8);
  resident_ = spec_.weights_resident && resident_need_ <= spec_.weight_buffer_bytes;
  wake();
}

// Every channel's piece of the item, in requests of at most fetch_bytes.
void WeightStreamer::request(std::uint64_t item, InFlight& f) {
  const std::uint64_t i = item % per_round_;
  const bool projection = i >= wr_chunks_;
  const EseMatrix& m = projection ? layer_->proj : layer_->wr;
  const std::size_t k = std::size_t(projection ? i - wr_chunks_ : i);
  const auto channels = std::size_t(spec_.channels);
  for (std::size_t c = 0; c < channels; ++c) {
    const std::uint64_t bytes = m.channel_bytes[k * channels + c];
    const std::uint64_t address = offsets_[projection ? 1 : 0][k * channels + c];
    for (std::uint64_t off = 0; off < bytes; off += spec_.fetch_bytes) {
      dram_->enqueue({std::min(spec_.fetch_bytes, bytes - off), false, std::uint32_t(item),
                      address + off});
      ++f.outstanding;
      requests_.add();
    }
  }
  bytes_.add(m.chunks[k].bytes);
  actions().add(fill_, (m.chunks[k].bytes * 8 + std::uint64_t(spec_.buffer_width_bits) - 1) /
                           std::uint64_t(spec_.buffer_width_bits));
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
    InFlight f{next_, 0};
    request(next_, f);
    items_fetched_.add();
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
  request_next();
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
  dram_->flush();
  return false;  // responses, free request slots and releases wake it
}

bool WeightStreamer::has_work() const { return !flight_.empty() || dram_->queued() > 0; }

std::string WeightStreamer::state() const {
  return fmt::format("chunk {} of {} next, {} ready, {} released, {}", next_, items_, ready_,
                     released_, dram_->state());
}

}  // namespace axsim::arch::ese
