// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram/dram_client.hpp"

namespace axsim::arch {

DramClient::DramClient(sim::Ticked& owner, Dram& dram) : dram_(dram) { dram.attach(&owner); }

bool DramClient::try_send(const MemRequest& req) {
  if (!dram_.requests().try_send(req)) return false;
  ++(req.write ? writes_ : reads_);
  return true;
}

void DramClient::enqueue(const MemRequest& req) {
  outbox_.push_back(req);
  ++(req.write ? writes_ : reads_);
}

bool DramClient::flush() {
  bool sent = false;
  while (!outbox_.empty() && dram_.requests().try_send(outbox_.front())) {
    outbox_.pop_front();
    sent = true;
  }
  return sent;
}

void DramClient::reset() {
  outbox_.clear();
  reads_ = writes_ = 0;
  next_free_ = 0;
}

std::uint64_t DramClient::allocate(std::uint64_t bytes) {
  constexpr std::uint64_t kAlign = std::uint64_t{1} << 20;
  const std::uint64_t base = next_free_;
  next_free_ = (base + bytes + kAlign - 1) / kAlign * kAlign;
  if (next_free_ == base) next_free_ += kAlign;
  return base;
}

std::string DramClient::state() const {
  return std::to_string(reads_) + " reads and " + std::to_string(writes_) +
         " writes outstanding, " + std::to_string(outbox_.size()) + " queued";
}

}  // namespace axsim::arch
