// SPDX-License-Identifier: Apache-2.0
#include "workloads/task/vad_labels.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/error.hpp"

namespace axsim::workloads {

namespace {

constexpr std::uint64_t kMaxSamples = std::uint64_t{1} << 40;

std::uint64_t count_at(const nlohmann::json& j, const std::string& where, const std::string& path,
                       std::uint64_t hi) {
  if (!j.is_number_integer() || (j.is_number_integer() && !j.is_number_unsigned() && j.get<std::int64_t>() < 0) ||
      j.get<std::uint64_t>() > hi)
    throw sim::ConfigError(where + ": " + path + ": expected an integer in [0, " + std::to_string(hi) +
                           "], got " + j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return j.get<std::uint64_t>();
}

}  // namespace

VadLabels parse_vad_labels(const std::string& text, const std::string& where) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw sim::ConfigError(where + ": not valid JSON");
  if (!j.is_object()) throw sim::ConfigError(where + ": expected an object with \"samples\" and \"speech\"");
  if (!j.contains("samples") || !j.contains("speech"))
    throw sim::ConfigError(where + ": expected the keys \"samples\" and \"speech\"");
  VadLabels l;
  l.samples = count_at(j["samples"], where, "/samples", kMaxSamples);
  if (l.samples == 0) throw sim::ConfigError(where + ": /samples: expected at least 1");
  const nlohmann::json& s = j["speech"];
  if (!s.is_array()) throw sim::ConfigError(where + ": /speech: expected an array of {start, end}");
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::string at = "/speech/" + std::to_string(i);
    if (!s[i].is_object() || !s[i].contains("start") || !s[i].contains("end"))
      throw sim::ConfigError(where + ": " + at + ": expected {\"start\": a, \"end\": b}");
    const std::uint64_t a = count_at(s[i]["start"], where, at + "/start", l.samples);
    const std::uint64_t b = count_at(s[i]["end"], where, at + "/end", l.samples);
    if (b < a) throw sim::ConfigError(where + ": " + at + ": end " + std::to_string(b) + " before start " + std::to_string(a));
    l.speech.emplace_back(a, b);
  }
  return l;
}

VadLabels read_vad_labels(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sim::ConfigError(path + ": cannot read the labels file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_vad_labels(text.str(), path);
}

std::vector<bool> frame_labels(const VadLabels& l, std::size_t frames) {
  // The phrases merged into disjoint sorted ranges, then each frame's overlap with them.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> merged = l.speech;
  std::sort(merged.begin(), merged.end());
  std::size_t n = 0;
  for (const auto& r : merged) {
    if (r.first >= r.second) continue;
    if (n > 0 && r.first <= merged[n - 1].second) {
      merged[n - 1].second = std::max(merged[n - 1].second, r.second);
    } else {
      merged[n++] = r;
    }
  }
  merged.resize(n);
  // t N / T without overflow: t (N / T) + t (N % T) / T, with t, N % T < T <= 2^31.
  if (frames == 0) return {};
  if (frames > (std::size_t{1} << 31)) throw sim::ConfigError("frame_labels: too many frames");
  const std::uint64_t whole = l.samples / frames, rest = l.samples % frames;
  auto start = [&](std::uint64_t t) { return t * whole + t * rest / frames; };
  std::vector<bool> out(frames);
  std::size_t first = 0;
  for (std::size_t t = 0; t < frames; ++t) {
    const std::uint64_t a = start(t), b = start(t + 1);
    while (first < merged.size() && merged[first].second <= a) ++first;
    std::uint64_t speech = 0;
    for (std::size_t i = first; i < merged.size() && merged[i].first < b; ++i)
      speech += std::min(b, merged[i].second) - std::max(a, merged[i].first);
    out[t] = 2 * speech > b - a;
  }
  return out;
}

}  // namespace axsim::workloads
