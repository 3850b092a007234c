// SPDX-License-Identifier: Apache-2.0
#include "sim/memory_budget.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <limits>

#include "sim/error.hpp"

namespace axsim::sim {

namespace {

std::atomic<std::uint64_t> g_override_bytes{0};  // 0: not set

std::uint64_t half_of_ram() {
  const long pages = sysconf(_SC_PHYS_PAGES), page_bytes = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_bytes <= 0) return std::uint64_t{4} << 30;  // unknown: 4 GiB
  return std::uint64_t(pages) / 2 * std::uint64_t(page_bytes);
}

}  // namespace

std::uint64_t bytes_of(std::uint64_t count, std::uint64_t element_bytes) {
  if (element_bytes != 0 && count > std::numeric_limits<std::uint64_t>::max() / element_bytes)
    return std::numeric_limits<std::uint64_t>::max();
  return count * element_bytes;
}

std::uint64_t MemoryBudget::parse(const std::string& text, const std::string& source) {
  const auto bad = [&]() -> std::uint64_t {
    throw ConfigError(source + ": memory budget \"" + text +
                      "\" is not a size such as 1073741824, 512M or 8G (K, M, G, T)");
  };
  std::size_t i = 0;
  std::uint64_t n = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    const auto digit = std::uint64_t(text[i] - '0');
    if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return bad();
    n = n * 10 + digit, ++i;
  }
  if (i == 0) return bad();
  int shift = 0;
  if (i + 1 == text.size()) {
    const char unit = text[i];
    shift = unit == 'K' || unit == 'k' ? 10 : unit == 'M' || unit == 'm' ? 20
          : unit == 'G' || unit == 'g' ? 30 : unit == 'T' || unit == 't' ? 40 : -1;
    if (shift < 0) return bad();
  } else if (i != text.size()) {
    return bad();
  }
  if (n == 0 || n > (std::numeric_limits<std::uint64_t>::max() >> shift)) return bad();
  return n << shift;
}

void MemoryBudget::set(const std::string& text) {
  g_override_bytes = parse(text, "--memory-budget");
}

void MemoryBudget::clear() { g_override_bytes = 0; }

std::uint64_t MemoryBudget::bytes() {
  if (const std::uint64_t b = g_override_bytes.load(); b != 0) return b;
  if (const char* env = std::getenv("AXSIM_MEMORY_BUDGET"); env != nullptr && *env != '\0')
    return parse(env, "AXSIM_MEMORY_BUDGET");
  return half_of_ram();
}

std::string MemoryBudget::refusal(std::uint64_t bytes, const std::string& what) {
  const std::uint64_t budget = MemoryBudget::bytes();
  if (bytes <= budget) return "";
  return what + ": decoding needs " + std::to_string(bytes) +
         " bytes, above the memory budget of " + std::to_string(budget) +
         " (AXSIM_MEMORY_BUDGET or --memory-budget)";
}

void MemoryBudget::check(std::uint64_t bytes, const std::string& what) {
  const std::string message = refusal(bytes, what);
  if (!message.empty()) throw ConfigError(message);
}

}  // namespace axsim::sim
