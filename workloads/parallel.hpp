// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <functional>

namespace axsim::workloads {

/// Runs `range(begin, end)` over [0, n) cut into contiguous ranges of at least `min_items`
/// items, one per hardware thread (the calling thread takes the first). The cut depends only
/// on n, min_items and the thread count, and a range function that writes only its own items
/// gives the same result at any thread count. The first exception a range throws is rethrown
/// once every range has finished.
void parallel_ranges(std::size_t n, std::size_t min_items,
                     const std::function<void(std::size_t, std::size_t)>& range);

}  // namespace axsim::workloads
