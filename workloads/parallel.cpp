// SPDX-License-Identifier: Apache-2.0
#include "workloads/parallel.hpp"

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace axsim::workloads {

std::size_t range_count(std::size_t n, std::size_t min_items) {
  const std::size_t hardware = std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<std::size_t>(n / std::max<std::size_t>(1, min_items), 1, hardware);
}

void parallel_parts(std::size_t n, std::size_t min_items,
                    const std::function<void(std::size_t, std::size_t, std::size_t)>& range) {
  const std::size_t parts = range_count(n, min_items);
  if (parts == 1) {
    if (n > 0) range(0, 0, n);
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  auto run = [&](std::size_t part) {
    try {
      range(part, n * part / parts, n * (part + 1) / parts);
    } catch (...) {
      errors[part] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t part = 1; part < parts; ++part) threads.emplace_back(run, part);
  run(0);
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

void parallel_ranges(std::size_t n, std::size_t min_items,
                     const std::function<void(std::size_t, std::size_t)>& range) {
  parallel_parts(n, min_items,
                 [&range](std::size_t, std::size_t begin, std::size_t end) { range(begin, end); });
}

}  // namespace axsim::workloads
