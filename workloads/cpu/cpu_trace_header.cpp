// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/cpu_trace_header.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/error.hpp"

namespace axsim::workloads::cpu::header_detail {

namespace {

template <class T>
T field(const nlohmann::json& j, const char* key, const std::string& file) {
  const auto it = j.find(key);
  if (it == j.end()) throw sim::ConfigError(fmt::format("{}: header: missing \"{}\"", file, key));
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw sim::ConfigError(fmt::format("{}: header: \"{}\" has the wrong type", file, key));
  }
}

// An unsigned integer field (nlohmann's get would take -5 or 1.9 and convert them).
std::uint64_t unsigned_field(const nlohmann::json& j, const char* key, const std::string& where) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_unsigned())
    throw sim::ConfigError(fmt::format("{}/{}: expected an unsigned integer", where, key));
  return it->get<std::uint64_t>();
}

std::vector<CpuWindow> parse_windows(const nlohmann::json& j, const std::string& file) {
  const auto list = field<std::vector<nlohmann::json>>(j, "windows", file);
  if (list.empty()) throw sim::ConfigError(file + ": header: /windows is empty");
  std::vector<CpuWindow> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = fmt::format("{}: header: /windows/{}", file, i);
    if (!list[i].is_object()) throw sim::ConfigError(where + ": expected an object");
    CpuWindow w;
    w.first = unsigned_field(list[i], "first", where);
    w.count = unsigned_field(list[i], "count", where);
    const auto weight = list[i].find("weight");
    const auto role = list[i].find("role");
    if (weight == list[i].end() || !weight->is_number() || !(weight->get<double>() >= 0) ||
        !(weight->get<double>() <= 1))
      throw sim::ConfigError(where + "/weight: expected a number from 0 to 1");
    w.weight = weight->get<double>();
    if (role == list[i].end() || !role->is_string() ||
        (*role != "simpoint" && *role != "warmup" && *role != "window"))
      throw sim::ConfigError(where + "/role: expected \"simpoint\", \"warmup\" or \"window\"");
    w.role = role->get<std::string>();
    std::uint64_t end = 0;
    if (__builtin_add_overflow(w.first, w.count, &end))
      throw sim::ConfigError(where + ": ends beyond 2^64 instructions");
    if (!out.empty() &&
        (w.first < out.back().first || w.first - out.back().first < out.back().count))
      throw sim::ConfigError(where + ": overlaps or precedes the window before it");
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

std::uint32_t version_of(const CpuTraceHeader& h) {
  return h.windows.empty() ? kVersionPlain : kVersionWindows;
}

std::string header_text(const CpuTraceHeader& h) {
  nlohmann::json meta = nlohmann::json::array();
  for (const auto& [k, v] : h.meta) meta.push_back({k, v});
  nlohmann::json j = {{"axsim_cpu_trace", version_of(h)},
                      {"program", h.program},
                      {"args", h.args},
                      {"tool", h.tool},
                      {"start", h.start},
                      {"skip", h.skip},
                      {"instructions", h.instructions},
                      {"meta", meta}};
  if (!h.windows.empty()) {
    j["windows"] = nlohmann::json::array();
    for (const CpuWindow& w : h.windows)
      j["windows"].push_back(
          {{"first", w.first}, {"count", w.count}, {"weight", w.weight}, {"role", w.role}});
  }
  return j.dump();
}

CpuTraceHeader parse_header(const std::string& text, const std::string& file,
                            std::uint32_t version) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw sim::ConfigError(file + ": header: not valid JSON");
  }
  if (!j.is_object()) throw sim::ConfigError(file + ": header: expected a JSON object");
  if (!j.contains("axsim_cpu_trace") || !j["axsim_cpu_trace"].is_number_unsigned() ||
      j["axsim_cpu_trace"].get<std::uint64_t>() != version)
    throw sim::ConfigError(fmt::format("{}: header: format version {}, the file's is {}", file,
                                       j["axsim_cpu_trace"].dump(), version));
  CpuTraceHeader h;
  h.program = field<std::string>(j, "program", file);
  h.args = field<std::vector<std::string>>(j, "args", file);
  h.tool = field<std::string>(j, "tool", file);
  h.start = field<std::string>(j, "start", file);
  h.skip = field<std::uint64_t>(j, "skip", file);
  h.instructions = field<std::uint64_t>(j, "instructions", file);
  for (const auto& kv : field<std::vector<std::vector<std::string>>>(j, "meta", file)) {
    if (kv.size() != 2)
      throw sim::ConfigError(file + ": header: \"meta\" holds [key, value] pairs");
    h.meta.emplace_back(kv[0], kv[1]);
  }
  if (version == kVersionWindows) {
    h.windows = parse_windows(j, file);
    std::uint64_t sum = 0;
    for (const CpuWindow& w : h.windows)
      if (__builtin_add_overflow(sum, w.count, &sum))
        throw sim::ConfigError(file + ": header: the windows' counts overflow 64 bits");
    if (sum != h.instructions)
      throw sim::ConfigError(fmt::format(
          "{}: header: the windows hold {} instructions, the trace {}", file, sum, h.instructions));
  } else if (j.contains("windows")) {
    throw sim::ConfigError(file + ": header: \"windows\" in a version 1 trace");
  }
  return h;
}

}  // namespace axsim::workloads::cpu::header_detail
