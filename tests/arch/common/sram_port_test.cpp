// SPDX-License-Identifier: Apache-2.0
// The SRAM port: word counting, actions on the owner at the SRAM rule's costs, word stats and
// the capacity check, on a bare owner component (no unit around it).
#include "arch/common/sram_port.hpp"

#include <gtest/gtest.h>

#include <string>

#include "arch/common/sram_buffer.hpp"

namespace axsim::arch::sram_port_test {
namespace {

class SramPortTest : public ::testing::Test {
 protected:
  SramPortTest() { ctx_.tech = &tech_; }
  sim::TechTable tech_ =
      sim::TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/45nm.json");
  sim::SimContext ctx_;
  sim::Component owner_{ctx_, nullptr, "owner", "test.owner"};
};

TEST(SramWords, RoundsUpToWholeWords) {
  EXPECT_EQ(sram_words(0, 64), 0u);
  EXPECT_EQ(sram_words(1, 64), 1u);
  EXPECT_EQ(sram_words(64, 64), 1u);
  EXPECT_EQ(sram_words(65, 64), 2u);
  EXPECT_EQ(sram_words(20 * 4, 80), 1u);
}

TEST_F(SramPortTest, CountsWordsAsActionsOnTheOwner) {
  SramPort port(owner_, {1024, 64, 16, 1}, {"act_read", "act_write"});
  ASSERT_EQ(owner_.actions().all().size(), 2u);
  EXPECT_EQ(owner_.actions().all()[0].name, "act_read");
  EXPECT_EQ(owner_.actions().all()[1].name, "act_write");
  EXPECT_EQ(port.words(4), 1u);  // 4 x 16 bits in one 64-bit word
  EXPECT_EQ(port.read(5), 2u);
  EXPECT_EQ(port.write(9), 3u);
  EXPECT_EQ(port.read_words(7), 7u);
  EXPECT_EQ(port.words_of_bits(129), 3u);
  EXPECT_EQ(owner_.actions().all()[0].count, 9u);
  EXPECT_EQ(owner_.actions().all()[1].count, 3u);
}

TEST_F(SramPortTest, EnergyIsTheSramModelAndBanksCostOneBankPerAccess) {
  const SramSpec whole{64 * 1024, 128, 8, 1};
  const SramSpec banked{64 * 1024, 128, 8, 4};
  const sim::SramCosts rule = tech_.sram(64 * 1024, 128);
  const sim::SramCosts bank = tech_.sram(16 * 1024, 128);
  EXPECT_EQ(sram_costs(tech_, whole).read_pj.value, rule.read_pj.value);
  EXPECT_EQ(sram_costs(tech_, whole).read_pj.source, rule.read_pj.source);
  const sim::SramCosts c = sram_costs(tech_, banked);
  EXPECT_EQ(c.read_pj.value, bank.read_pj.value);
  EXPECT_EQ(c.write_pj.value, bank.write_pj.value);
  EXPECT_NE(c.read_pj.source.find("(one of 4 banks)"), std::string::npos);
  EXPECT_DOUBLE_EQ(c.leakage_mw.value, 4 * bank.leakage_mw.value);  // every bank leaks
  EXPECT_DOUBLE_EQ(c.area_um2.value, 4 * bank.area_um2.value);
  const SramSpec dual{16 * 1024, 128, 8, 1, true};
  EXPECT_EQ(sram_costs(tech_, dual).area_um2.value, tech_.sram(16 * 1024, 128, true).area_um2.value);
  SramPort port(owner_, banked);
  EXPECT_EQ(owner_.actions().all()[0].name, "read");
  EXPECT_EQ(owner_.actions().all()[0].energy_pj.value, bank.read_pj.value);
}

TEST_F(SramPortTest, AnEmptyNameDeclaresNoAction) {
  SramPort port(owner_, {1024, 64, 16, 1}, {"", "only_write"});
  ASSERT_EQ(owner_.actions().all().size(), 1u);
  port.write_words(2);
  EXPECT_EQ(owner_.actions().all()[0].count, 2u);
}

TEST_F(SramPortTest, WordStatsTakeEveryAccess) {
  sim::Counter& both = owner_.stats().counter("words", "words", "all accesses");
  SramPort port(owner_, {1024, 32, 8, 1});
  port.count_words_in(&both, &both);
  port.read(8), port.write(1);
  EXPECT_EQ(both.count(), 3u);
}

TEST_F(SramPortTest, CapacityIsChecked) {
  SramPort port(owner_, {2048, 64, 16, 1});
  EXPECT_TRUE(port.fits(2048));
  EXPECT_FALSE(port.fits(2049));
  EXPECT_TRUE(exceeds_capacity(port.spec(), 4096));
}

TEST_F(SramPortTest, BufferHoldsValuesAndCountsThroughItsPort) {
  SramBuffer<std::int32_t> buf(ctx_, &owner_, "buf", {1024, 128, 32, 2});
  EXPECT_EQ(buf.capacity_elements(), 256u);
  buf.count_read(5);  // 160 bits: 2 words
  buf.count_write(4);
  EXPECT_EQ(buf.stats().find("read_words")->value(), 2.0);
  EXPECT_EQ(buf.stats().find("write_words")->value(), 1.0);
  EXPECT_DOUBLE_EQ(buf.area_um2().value, 2 * tech_.sram(512, 128).area_um2.value);
}

}  // namespace
}  // namespace axsim::arch::sram_port_test
