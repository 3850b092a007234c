// SPDX-License-Identifier: Apache-2.0
// Sub-component slots: implementations of an interface registered by name, chosen by a config
// key that lists them. A toy cache replacement policy stands in for the real ones to come.
#include "arch/slot_registry.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace axsim::arch::slot_registry_test {
namespace {

/// Picks the way to evict among `ways` after a sequence of touches.
class ReplacementPolicy {
 public:
  virtual ~ReplacementPolicy() = default;
  virtual void touch(int way) = 0;
  virtual int victim() const = 0;
};

class Lru : public ReplacementPolicy {
 public:
  explicit Lru(int ways) : order_(std::size_t(ways)) {
    for (int w = 0; w < ways; ++w) order_[std::size_t(w)] = w;
  }
  void touch(int way) override {
    std::erase(order_, way);
    order_.push_back(way);
  }
  int victim() const override { return order_.front(); }

 private:
  std::vector<int> order_;
};

class Fifo : public ReplacementPolicy {
 public:
  explicit Fifo(int ways) : ways_(ways) {}
  void touch(int) override {}
  int victim() const override { return next_ % ways_; }

 private:
  int ways_, next_ = 0;
};

using Policies = SlotRegistry<ReplacementPolicy, int>;
AXSIM_REGISTER_SLOT(Policies, {"lru", "least recently used",
                               [](int ways) { return std::make_unique<Lru>(ways); }});
AXSIM_REGISTER_SLOT(Policies, {"fifo", "first in, first out",
                               [](int ways) { return std::make_unique<Fifo>(ways); }});

TEST(SlotRegistry, ListsImplementationsByName) {
  const std::vector<Choice> c = Policies::choices();
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].name, "fifo");
  EXPECT_EQ(c[1].name, "lru");
  EXPECT_EQ(c[1].doc, "least recently used");
  EXPECT_EQ(Policies::find("mru"), nullptr);
}

TEST(SlotRegistry, MakesTheChosenImplementation) {
  std::unique_ptr<ReplacementPolicy> p = Policies::make("lru", 4);
  p->touch(0), p->touch(2), p->touch(1);
  EXPECT_EQ(p->victim(), 3);
  EXPECT_EQ(Policies::make("fifo", 4)->victim(), 0);
}

TEST(SlotRegistry, TheConfigChoosesByNameAndAnUnknownNameListsTheChoices) {
  const ParamTable table{ParamDecl::slot("replacement", "lru", Policies::choices, "policy")};
  EXPECT_EQ(param_range_text(table[0]), "`fifo`, `lru`");
  sim::Diagnostics diag;
  sim::Params ok = sim::Params::from_json(
      std::make_shared<nlohmann::json>(nlohmann::json{{"replacement", "fifo"}}), "c.json", diag);
  ParamReader r(ok, table);
  EXPECT_EQ(r.choice("replacement"), "fifo");
  r.finish();
  EXPECT_TRUE(diag.empty());
  sim::Params bad = sim::Params::from_json(
      std::make_shared<nlohmann::json>(nlohmann::json{{"replacement", "mru"}}), "c.json", diag);
  ParamReader rb(bad, table);
  rb.choice("replacement");
  ASSERT_EQ(diag.messages().size(), 1u);
  EXPECT_NE(diag.messages()[0].find("expected one of fifo, lru, got \"mru\""), std::string::npos)
      << diag.messages()[0];
}

}  // namespace
}  // namespace axsim::arch::slot_registry_test
