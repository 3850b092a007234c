// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/cost_command.hpp"

#include <charconv>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "sim/energy.hpp"
#include "sim/error.hpp"

namespace axsim::tools {

namespace {

using nlohmann::ordered_json;

double number(const std::string& text, const std::string& what, double lo, double hi) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v >= lo && v <= hi))
    throw sim::ConfigError(fmt::format("axsim cost: {}: expected a number in [{:g}, {:g}], got "
                                       "\"{}\"", what, lo, hi, text));
  return v;
}

void put(ordered_json& out, const std::string& key, const sim::Cost& c) {
  out[key] = c.value;
  out[key + "_source"] = c.source;
}

ordered_json storage(const sim::SramCosts& c) {
  ordered_json out;
  put(out, "read_pj", c.read_pj);
  put(out, "write_pj", c.write_pj);
  put(out, "leakage_mw", c.leakage_mw);
  put(out, "area_um2", c.area_um2);
  return out;
}

ordered_json price(const sim::TechTable& t, const CostOptions& o) {
  const auto& a = o.args;
  const auto want = [&](std::size_t n, const char* usage) {
    if (a.size() != n)
      throw sim::ConfigError(std::string("axsim cost: expected ") + usage);
  };
  if (o.kind == "sram") {
    want(2, "sram CAPACITY_BYTES WIDTH_BITS");
    return storage(t.sram(std::uint64_t(number(a[0], "capacity", 1, 1ULL << 40)),
                          std::uint32_t(number(a[1], "width", 1, 65536)), o.dual_port));
  }
  if (o.kind == "regfile") {
    want(2, "regfile WORDS WIDTH_BITS");
    return storage(t.register_file(std::uint64_t(number(a[0], "words", 1, 1 << 20)),
                                   std::uint32_t(number(a[1], "width", 1, 65536))));
  }
  if (o.kind == "logic") {
    want(2, "logic OP BITS");
    const sim::OpCosts c = t.logic(a[0], std::uint32_t(number(a[1], "bits", 1, 256)));
    ordered_json out;
    put(out, "energy_pj", c.energy_pj);
    put(out, "area_um2", c.area_um2);
    put(out, "leakage_mw", c.leakage_mw);
    return out;
  }
  want(2, "wire BITS MM");
  ordered_json out;
  put(out, "energy_pj", t.wire_pj(std::uint32_t(number(a[0], "bits", 1, 65536)),
                                  number(a[1], "length", 0, 1000)));
  return out;
}

}  // namespace

int cost_command(const CostOptions& opt) {
  try {
    std::cout << price(sim::TechTable::load(opt.tech), opt).dump() << "\n";
    return 0;
  } catch (const sim::ConfigError& e) {
    std::cerr << "axsim: error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace axsim::tools
