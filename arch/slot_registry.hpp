// SPDX-License-Identifier: Apache-2.0
// Sub-component slots: an interface with implementations registered by name, one of which a
// config chooses (e.g. the dense unit's dram_compression; later a cache's replacement policy).
#pragma once
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "arch/param_table.hpp"
#include "sim/error.hpp"

namespace axsim::arch {

/// The registry of one interface. Implementations register once, at static initialisation:
///   AXSIM_REGISTER_SLOT(SlotRegistry<Codec, int>, {"zero_rle", "doc", make_zero_rle});
/// and a unit declares the slot as ParamDecl::slot(key, default, SlotRegistry<...>::choices, doc).
template <class Interface, class... Args>
class SlotRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Interface>(Args...)>;
  struct Entry {
    std::string name;
    std::string doc;
    Factory make;
  };
  static bool add(Entry e) {
    AXSIM_ASSERT(find(e.name) == nullptr);
    entries().push_back(std::move(e));
    std::sort(entries().begin(), entries().end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return true;
  }
  static const Entry* find(const std::string& name) {
    for (const Entry& e : entries())
      if (e.name == name) return &e;
    return nullptr;
  }
  /// The implementation named `name` (a name the config parser accepted: it must exist).
  static std::unique_ptr<Interface> make(const std::string& name, Args... args) {
    const Entry* e = find(name);
    AXSIM_ASSERT(e != nullptr);
    return e->make(std::forward<Args>(args)...);
  }
  /// Names and docs, sorted: what ParamDecl::slot lists.
  static std::vector<Choice> choices() {
    std::vector<Choice> out;
    for (const Entry& e : entries()) out.push_back({e.name, e.doc});
    return out;
  }

 private:
  static std::vector<Entry>& entries() {
    static std::vector<Entry> all;
    return all;
  }
};

}  // namespace axsim::arch

/// One line registers an implementation: AXSIM_REGISTER_SLOT(Registry, {name, doc, factory}).
#define AXSIM_REGISTER_SLOT(Registry, ...)                                      \
  [[maybe_unused]] static const bool AXSIM_SLOT_CONCAT(axsim_slot_, __LINE__) = \
      Registry::add(__VA_ARGS__)
#define AXSIM_SLOT_CONCAT_INNER(a, b) a##b
#define AXSIM_SLOT_CONCAT(a, b) AXSIM_SLOT_CONCAT_INNER(a, b)
