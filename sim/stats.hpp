// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace axsim::sim {

/// One statistic, declared once with its name, unit and description. Values are plain members
/// (no references into other objects), so a group can be reset per layer and visited. The
/// texts live apart from the value: a counter is four words, so the counters a component adds
/// to every cycle share a cache line or two.
class Stat {
 public:
  Stat(std::string name, std::string unit, std::string description)
      : text_(std::make_shared<const Text>(
            Text{std::move(name), std::move(unit), std::move(description)})) {}
  virtual ~Stat() = default;
  const std::string& name() const { return text_->name; }
  const std::string& unit() const { return text_->unit; }
  const std::string& description() const { return text_->description; }
  virtual double value() const = 0;
  virtual void reset() = 0;

 private:
  struct Text {
    std::string name, unit, description;
  };
  std::shared_ptr<const Text> text_;
};

class Counter final : public Stat {
 public:
  using Stat::Stat;
  void add(std::uint64_t n = 1) { count_ += n; }
  std::uint64_t count() const { return count_; }
  double value() const override { return static_cast<double>(count_); }
  void reset() override { count_ = 0; }

 private:
  std::uint64_t count_ = 0;
};

/// Mean of samples (e.g. queue occupancy); value() is the mean, count() the number of samples.
class Average final : public Stat {
 public:
  using Stat::Stat;
  void sample(double v, std::uint64_t weight = 1) {
    sum_ += v * static_cast<double>(weight);
    count_ += weight;
  }
  std::uint64_t count() const { return count_; }
  double value() const override { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  void reset() override { sum_ = 0, count_ = 0; }

 private:
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

/// Fixed-width buckets [0, width), [width, 2 width) ...; the last bucket takes the overflow.
class Histogram final : public Stat {
 public:
  Histogram(std::string name, std::string unit, std::string description, double bucket_width,
            std::size_t buckets);
  void sample(double v, std::uint64_t weight = 1);
  const std::vector<std::uint64_t>& buckets() const { return buckets_; }
  double bucket_width() const { return width_; }
  double value() const override;  ///< the mean
  void reset() override;

 private:
  double width_;
  std::vector<std::uint64_t> buckets_;
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

/// The statistics of one component, in declaration order (deterministic output).
class StatGroup {
 public:
  Counter& counter(std::string name, std::string unit, std::string description);
  Average& average(std::string name, std::string unit, std::string description);
  Histogram& histogram(std::string name, std::string unit, std::string description,
                       double bucket_width, std::size_t buckets);
  const std::vector<Stat*>& all() const { return order_; }
  const Stat* find(const std::string& name) const;
  void reset();

 private:
  void check_new(const std::string& name) const;
  std::deque<Counter> counters_;
  std::deque<Average> averages_;
  std::deque<Histogram> histograms_;
  std::vector<Stat*> order_;
};

}  // namespace axsim::sim
