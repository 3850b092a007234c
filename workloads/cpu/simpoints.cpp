// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/simpoints.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "sim/error.hpp"
#include "sim/random.hpp"

namespace axsim::workloads::cpu {

namespace {

using Point = std::vector<double>;

double dist2(const Point& a, const Point& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

// Each interval normalised and projected onto `dims` random directions.
// Each id's direction comes from its own stream (the seed and the id), drawn when first seen.
std::vector<Point> project(const BbvProfile& p, std::uint32_t dims, std::uint64_t seed) {
  std::unordered_map<std::uint32_t, Point> dir;
  const auto direction = [&](std::uint32_t id) -> const Point& {
    auto [it, fresh] = dir.try_emplace(id);
    if (fresh) {
      sim::RandomStream rng(sim::stream_seed(seed, std::to_string(id)));
      for (std::uint32_t d = 0; d < dims; ++d) it->second.push_back(2 * rng.uniform() - 1);
    }
    return it->second;
  };
  std::vector<Point> out;
  for (const auto& iv : p.intervals) {
    double total = 0;
    for (const auto& [id, n] : iv) total += double(n);
    Point x(dims, 0.0);
    for (const auto& [id, n] : iv) {
      const Point& r = direction(id);
      for (std::uint32_t d = 0; d < dims; ++d) x[d] += double(n) / total * r[d];
    }
    out.push_back(std::move(x));
  }
  return out;
}

struct Clustering {
  std::vector<Point> centre;
  std::vector<std::uint32_t> label;
  double sse = 0;
};

Clustering kmeans(const std::vector<Point>& x, std::uint32_t k, std::uint64_t seed) {
  sim::RandomStream rng(seed);
  const std::size_t n = x.size();
  Clustering c;
  c.centre.push_back(x[rng.below(n)]);
  std::vector<double> d2(n);
  while (c.centre.size() < k) {  // k-means++: the next centre drawn in proportion to distance^2
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      d2[i] = std::numeric_limits<double>::max();
      for (const Point& m : c.centre) d2[i] = std::min(d2[i], dist2(x[i], m));
      total += d2[i];
    }
    std::size_t pick = 0;
    if (total > 0) {
      double r = rng.uniform() * total;
      while (pick + 1 < n && (r -= d2[pick]) >= 0) ++pick;
    }
    c.centre.push_back(x[pick]);
  }
  c.label.assign(n, 0);
  for (int iter = 0; iter < 100; ++iter) {
    bool changed = iter == 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t best = 0;
      for (std::uint32_t j = 1; j < k; ++j)
        if (dist2(x[i], c.centre[j]) < dist2(x[i], c.centre[best])) best = j;
      changed |= best != c.label[i];
      c.label[i] = best;
    }
    if (!changed) break;
    std::vector<Point> sum(k, Point(x[0].size(), 0.0));
    std::vector<std::size_t> count(k, 0);
    for (std::size_t i = 0; i < n; ++i) {
      ++count[c.label[i]];
      for (std::size_t d = 0; d < x[i].size(); ++d) sum[c.label[i]][d] += x[i][d];
    }
    for (std::uint32_t j = 0; j < k; ++j)
      if (count[j] > 0)  // an empty cluster keeps its centre
        for (std::size_t d = 0; d < sum[j].size(); ++d)
          c.centre[j][d] = sum[j][d] / double(count[j]);
  }
  for (std::size_t i = 0; i < n; ++i) c.sse += dist2(x[i], c.centre[c.label[i]]);
  return c;
}

// Pelleg and Moore's BIC of a clustering of n points in d dimensions (X-means, ICML 2000).
double bic(const Clustering& c, std::size_t n, std::size_t d) {
  const double k = double(c.centre.size()), nn = double(n), dd = double(d);
  const double var = std::max(n > c.centre.size() ? c.sse / (nn - k) : 0.0, 1e-12);
  std::vector<double> size(c.centre.size(), 0.0);
  for (std::uint32_t l : c.label) size[l] += 1;
  const double kLog2Pi = 1.8378770664093453;
  double ll = 0;
  for (double m : size)
    if (m > 0)
      ll += -m / 2 * kLog2Pi - m * dd / 2 * sim::portable_log(var) - (m - k) / 2 +
            m * sim::portable_log(m) - m * sim::portable_log(nn);
  const double params = (k - 1) + k * dd + 1;
  return ll - params / 2 * sim::portable_log(nn);
}

}  // namespace

BbvProfile parse_bbv(std::span<const std::uint8_t> text, const std::string& name) {
  BbvProfile p;
  std::size_t line = 1, i = 0;
  const auto fail = [&](const std::string& what) {
    throw sim::ConfigError(fmt::format("{}: line {}: {}", name, line, what));
  };
  const auto number = [&] {
    std::uint64_t v = 0;
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 19)
      v = v * 10 + (text[i++] - '0');
    if (i == start) fail("expected a number");
    return v;
  };
  while (i < text.size()) {
    if (text[i] != 'T') fail("expected a vector line \"T:id:count ...\"");
    ++i;
    auto& iv = p.intervals.emplace_back();
    std::uint64_t total = 0;
    while (i < text.size() && text[i] == ':') {
      ++i;
      const std::uint64_t id = number();
      if (i >= text.size() || text[i] != ':') fail("expected ':' after a block id");
      ++i;
      const std::uint64_t n = number();
      if (id == 0 || id > (1u << 24)) fail(fmt::format("block id {} (expected 1 to 2^24)", id));
      if (n == 0) fail("a count of 0");
      iv.emplace_back(std::uint32_t(id), n);
      p.max_id = std::max(p.max_id, std::uint32_t(id));
      if (__builtin_add_overflow(total, n, &total)) fail("the counts overflow 64 bits");
      while (i < text.size() && text[i] == ' ') ++i;
    }
    if (iv.empty()) fail("an interval with no block");
    if (i < text.size() && text[i] == '\r') ++i;  // a CRLF line end
    if (i < text.size() && text[i] != '\n') fail("expected the end of the line");
    ++i, ++line;  // the last line may end without a newline
    p.instructions.push_back(total);
  }
  if (p.intervals.empty()) throw sim::ConfigError(name + ": no intervals");
  return p;
}

SimPoints choose_simpoints(const BbvProfile& profile, const SimPointOptions& o) {
  if (o.interval == 0) throw sim::ConfigError("simpoints: the interval must be above 0");
  if (o.max_k == 0 || o.dims == 0)
    throw sim::ConfigError("simpoints: max_k and dims must be above 0");
  if (profile.intervals.empty()) throw sim::ConfigError("simpoints: no intervals");
  for (std::size_t i = 0; i < profile.instructions.size(); ++i) {
    const bool last = i + 1 == profile.instructions.size();
    if (last ? profile.instructions[i] > o.interval : profile.instructions[i] != o.interval)
      throw sim::ConfigError(
          fmt::format("simpoints: interval {} holds {} instructions; with an "
                      "interval of {} every one but the last holds that many",
                      i, profile.instructions[i], o.interval));
  }
  const std::vector<Point> x = project(profile, o.dims, o.seed);
  const auto max_k = std::uint32_t(std::min<std::size_t>(o.max_k, x.size()));
  std::vector<Clustering> runs;
  SimPoints s;
  for (std::uint32_t k = 1; k <= max_k; ++k) {
    runs.push_back(kmeans(x, k, o.seed * 1000003 + k));
    s.bic.push_back(bic(runs.back(), x.size(), o.dims));
  }
  const auto [lo, hi] = std::minmax_element(s.bic.begin(), s.bic.end());
  std::size_t pick = 0;
  while (s.bic[pick] < *lo + o.bic_fraction * (*hi - *lo)) ++pick;
  const Clustering& c = runs[pick];
  s.k = std::uint32_t(pick + 1);
  s.label = c.label;
  std::vector<CpuWindow> points;
  for (std::uint32_t j = 0; j < s.k; ++j) {
    std::size_t best = x.size(), members = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (c.label[i] == j) {
        ++members;
        if (best == x.size() || dist2(x[i], c.centre[j]) < dist2(x[best], c.centre[j])) best = i;
      }
    if (members == 0) continue;
    points.push_back({best * o.interval, profile.instructions[best],
                      double(members) / double(x.size()), "simpoint"});
  }
  std::sort(points.begin(), points.end(),
            [](const CpuWindow& a, const CpuWindow& b) { return a.first < b.first; });
  std::uint64_t end = 0;  // of the last window placed
  for (const CpuWindow& p : points) {
    const std::uint64_t from = p.first > o.warmup ? std::max(end, p.first - o.warmup) : end;
    if (o.warmup > 0 && from < p.first) s.windows.push_back({from, p.first - from, 0, "warmup"});
    s.windows.push_back(p);
    end = p.first + p.count;
  }
  return s;
}

std::string simpoints_json(const SimPoints& s, const SimPointOptions& o) {
  nlohmann::json j = {{"axsim_simpoints", 1}, {"interval", o.interval}, {"k", s.k},
                      {"bic", s.bic},         {"warmup", o.warmup},     {"seed", o.seed}};
  j["windows"] = nlohmann::json::array();
  for (const CpuWindow& w : s.windows)
    j["windows"].push_back(
        {{"first", w.first}, {"count", w.count}, {"weight", w.weight}, {"role", w.role}});
  return j.dump(1) + "\n";
}

std::vector<CpuWindow> parse_simpoint_windows(std::span<const std::uint8_t> text,
                                              const std::string& name) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception&) {
    throw sim::ConfigError(name + ": not valid JSON");
  }
  const auto fail = [&](const std::string& path, const std::string& what) {
    throw sim::ConfigError(name + ": " + path + ": " + what);
  };
  if (!j.is_object() || !j.contains("axsim_simpoints") || j["axsim_simpoints"] != 1)
    fail("/axsim_simpoints", "expected 1 (a file of axsim cputrace simpoints)");
  if (!j.contains("windows") || !j["windows"].is_array() || j["windows"].empty())
    fail("/windows", "expected a non-empty list");
  std::vector<CpuWindow> out;
  for (std::size_t i = 0; i < j["windows"].size(); ++i) {
    const nlohmann::json& w = j["windows"][i];
    const std::string at = fmt::format("/windows/{}", i);
    const auto u64 = [&](const char* key) {
      if (!w.is_object() || !w.contains(key) || !w[key].is_number_unsigned())
        fail(at + "/" + key, "expected an unsigned integer");
      return w[key].get<std::uint64_t>();
    };
    CpuWindow c{u64("first"), u64("count"), 0, ""};
    if (!w.contains("weight") || !w["weight"].is_number() || !(w["weight"].get<double>() >= 0) ||
        !(w["weight"].get<double>() <= 1))
      fail(at + "/weight", "expected a number from 0 to 1");
    c.weight = w["weight"].get<double>();
    if (!w.contains("role") || !w["role"].is_string() ||
        (w["role"] != "simpoint" && w["role"] != "warmup" && w["role"] != "window"))
      fail(at + "/role", "expected \"simpoint\", \"warmup\" or \"window\"");
    c.role = w["role"].get<std::string>();
    std::uint64_t end = 0;
    if (c.count == 0 || __builtin_add_overflow(c.first, c.count, &end))
      fail(at + "/count", "expected above 0, ending below 2^64");
    if (!out.empty() &&
        (c.first < out.back().first || c.first - out.back().first < out.back().count))
      fail(at + "/first", "overlaps or precedes the window before it");
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace axsim::workloads::cpu
