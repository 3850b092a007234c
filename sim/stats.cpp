// SPDX-License-Identifier: Apache-2.0
#include "sim/stats.hpp"

#include <algorithm>

#include "sim/error.hpp"

namespace axsim::sim {

Histogram::Histogram(std::string name, std::string unit, std::string description,
                     double bucket_width, std::size_t buckets)
    : Stat(std::move(name), std::move(unit), std::move(description)),
      width_(bucket_width),
      buckets_(buckets, 0) {
  AXSIM_ASSERT(bucket_width > 0 && buckets > 0);
}

void Histogram::sample(double v, std::uint64_t weight) {
  // Clamp before converting: a huge or NaN sample must land in a bucket, not overflow the cast.
  const double last = static_cast<double>(buckets_.size() - 1);
  const double idx = (v >= 0) ? std::min(v / width_, last) : 0.0;
  const auto b = static_cast<std::size_t>(idx);
  buckets_[b] += weight;
  sum_ += v * static_cast<double>(weight);
  count_ += weight;
}

double Histogram::value() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }

void Histogram::reset() {
  std::fill(buckets_.begin(), buckets_.end(), 0);
  sum_ = 0;
  count_ = 0;
}

void StatGroup::check_new(const std::string& name) const {
  AXSIM_ASSERT(find(name) == nullptr);
}

Counter& StatGroup::counter(std::string name, std::string unit, std::string description) {
  check_new(name);
  counters_.emplace_back(std::move(name), std::move(unit), std::move(description));
  order_.push_back(&counters_.back());
  return counters_.back();
}

Average& StatGroup::average(std::string name, std::string unit, std::string description) {
  check_new(name);
  averages_.emplace_back(std::move(name), std::move(unit), std::move(description));
  order_.push_back(&averages_.back());
  return averages_.back();
}

Histogram& StatGroup::histogram(std::string name, std::string unit, std::string description,
                                double bucket_width, std::size_t buckets) {
  check_new(name);
  histograms_.emplace_back(std::move(name), std::move(unit), std::move(description),
                           bucket_width, buckets);
  order_.push_back(&histograms_.back());
  return histograms_.back();
}

const Stat* StatGroup::find(const std::string& name) const {
  for (const Stat* s : order_)
    if (s->name() == name) return s;
  return nullptr;
}

void StatGroup::reset() {
  for (Stat* s : order_) s->reset();
}

}  // namespace axsim::sim
