// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <functional>

namespace axsim::workloads {

/// The number of contiguous ranges [0, n) is cut into: one per hardware thread, each of at
/// least `min_items` items (one range when n < 2 x min_items). It depends only on n,
/// min_items and the thread count.
std::size_t range_count(std::size_t n, std::size_t min_items);

/// Runs `range(part, begin, end)` for each of the range_count(n, min_items) ranges, part 0
/// being [0, ...), each range on its own thread (the calling thread takes part 0). A range
/// function that writes only its own items, or its own part's result, gives the same result
/// at any thread count. The first exception in part order is rethrown once every range has
/// finished, so a check that throws at its first bad item names the same item as one pass.
void parallel_parts(std::size_t n, std::size_t min_items,
                    const std::function<void(std::size_t, std::size_t, std::size_t)>& range);

/// The same without the part number: `range(begin, end)`.
void parallel_ranges(std::size_t n, std::size_t min_items,
                     const std::function<void(std::size_t, std::size_t)>& range);

}  // namespace axsim::workloads
