// SPDX-License-Identifier: Apache-2.0
#include "tests/fuzz/mutate.hpp"

#include <nlohmann/json.hpp>

namespace axsim::fuzz {
namespace {

using nlohmann::json;

// Every value's JSON pointer, depth first.
void collect(const json& j, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
  out.push_back(at);
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it) collect(*it, at / it.key(), out);
  if (j.is_array())
    for (std::size_t i = 0; i < j.size(); ++i) collect(j[i], at / i, out);
}

json edge_value(Mutator& m, const json& old) {
  static const std::vector<json> edges = {0,
                                          -1,
                                          1,
                                          2,
                                          3,
                                          24,
                                          31,
                                          32,
                                          40,
                                          63,
                                          64,
                                          99,
                                          255,
                                          256,
                                          65536,
                                          2147483647,
                                          -2147483648LL,
                                          2147483648LL,
                                          4294967296LL,
                                          9223372036854775807LL,
                                          -9223372036854775807LL,
                                          0.5,
                                          -0.5,
                                          1e300,
                                          -1e300,
                                          nullptr,
                                          true,
                                          "",
                                          "x",
                                          json::array(),
                                          json::object()};
  if (old.is_number_integer() && m.below(3) == 0)  // near the old value: off by one, doubled
    return std::int64_t(std::uint64_t(old.get<std::int64_t>()) + m.below(5) - 2);  // wraps
  if (old.is_number_integer() && m.below(4) == 0)
    return std::int64_t(std::uint64_t(old.get<std::int64_t>()) * 2);
  return edges[m.below(edges.size())];
}

}  // namespace

std::uint64_t Mutator::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string Mutator::mutate_json(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return text;
  std::vector<json::json_pointer> paths;
  collect(doc, json::json_pointer(), paths);
  const json::json_pointer at = paths[below(paths.size())];
  if (at.empty()) return text + (below(2) ? "}" : "");
  json& v = doc.at(at);
  switch (below(6)) {
    case 0:  // an array element dropped, or one duplicated
      if (v.is_array() && !v.empty()) {
        if (below(2))
          v.erase(v.begin() + std::ptrdiff_t(below(v.size())));
        else
          v.push_back(v[below(v.size())]);
        break;
      }
      [[fallthrough]];
    case 1:  // the key removed
      doc.at(at.parent_pointer()).is_object() ? void(doc.at(at.parent_pointer()).erase(at.back()))
                                              : void(v = nullptr);
      break;
    default:
      v = edge_value(*this, v);
  }
  return doc.dump();
}

std::vector<std::uint8_t> Mutator::mutate_bytes(std::vector<std::uint8_t> b) {
  if (b.empty()) return {std::uint8_t(next())};
  const std::size_t at = below(b.size());
  switch (below(6)) {
    case 0:
      b[at] ^= std::uint8_t(1u << below(8));
      break;
    case 1:
      b[at] = std::uint8_t(next());
      break;
    case 2:
      b.resize(at);
      break;
    case 3:
      b.insert(b.begin() + std::ptrdiff_t(at), below(9), std::uint8_t(next()));
      break;
    case 4:
      b[at] = 0xff;
      break;
    default:  // a 32-bit field set to an edge value
      if (at + 4 <= b.size()) {
        static const std::uint32_t edges[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 40, 99};
        const std::uint32_t v = edges[below(7)];
        for (int i = 0; i < 4; ++i) b[at + std::size_t(i)] = std::uint8_t(v >> (8 * i));
      }
  }
  return b;
}

workloads::Trace Mutator::mutate_trace(workloads::Trace t) {
  if (t.layers.empty() || below(10) == 0) {
    t.header_json = mutate_json(t.header_json);
    return t;
  }
  workloads::TraceLayer& l = t.layers[below(t.layers.size())];
  if (below(2) == 0) {
    l.header_json = mutate_json(l.header_json);
    return t;
  }
  auto it = l.blobs.begin();
  std::advance(it, std::ptrdiff_t(below(l.blobs.size())));
  if (it == l.blobs.end()) return t;
  if (below(12) == 0)
    l.blobs.erase(it);
  else
    it->second = mutate_bytes(std::move(it->second));
  return t;
}

std::string Mutator::mutate_text(const std::string& seed) {
  std::string text = mutate_json(seed);
  for (int k = int(below(3)); k > 0; --k) text = mutate_json(text);
  if (below(5) == 0) {  // raw text damage: truncation or a flipped byte
    std::vector<std::uint8_t> b(text.begin(), text.end());
    b = mutate_bytes(std::move(b));
    text.assign(b.begin(), b.end());
  }
  return text;
}

MutationTally run_mutations(const std::vector<std::string>& seeds, int per_seed,
                            const std::function<std::string(const std::string&)>& mutate,
                            const std::function<Outcome(const std::string&)>& run,
                            const std::function<void(const std::string&, const Outcome&)>& check) {
  MutationTally t;
  for (const std::string& seed : seeds)
    for (int i = 0; i < per_seed; ++i, ++t.cases) {
      const std::string input = mutate(seed);
      const Outcome o = run(input);
      check(input, o);
      t.accepted += o.accepted;
    }
  return t;
}

}  // namespace axsim::fuzz
