// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <string>
#include <utility>

#include "arch/unit.hpp"

namespace axsim::arch {

/// The UnitSpec of a unit whose parser fills a `Spec` and whose constructor is
/// UnitT(sim::Simulation&, const std::string& name, const Spec&): parse functions return
/// std::make_unique<SpecOf<Spec, UnitT>>(spec).
template <class Spec, class UnitT>
class SpecOf : public UnitSpec {
 public:
  explicit SpecOf(Spec spec) : spec_(std::move(spec)) {}
  std::unique_ptr<Unit> build(sim::Simulation& sim, const std::string& name) const override {
    return std::make_unique<UnitT>(sim, name, spec_);
  }
  const Spec& spec() const { return spec_; }

 private:
  Spec spec_;
};

}  // namespace axsim::arch
