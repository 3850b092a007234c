// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace axsim::workloads {

/// Typed, range-checked access to one parsed trace header (a layer's or the file's) by JSON
/// pointer ("/fixed_point/product_shift"). Every refusal is a TraceError naming the file, the
/// layer, the pointer and what was expected: "<path>: layer '<layer>': header: /<pointer> is
/// <value>, expected <limit>" (for the file header, "<path>: file header: ..."). No value is
/// converted before its type and range are checked (a float such as 1e300 read as an integer,
/// or 2^64 - 1 read as int64 -1, would be undefined or wrong).
class TraceFields {
 public:
  /// `header` must outlive this object.
  TraceFields(const nlohmann::json& header, std::string path, std::string layer);

  const nlohmann::json& at(const std::string& pointer) const;  ///< present, any type
  bool has(const std::string& pointer) const;  ///< present (an optional field)
  /// An integer in lo..hi (JSON integers only: 2.0 and 1e300 are refused).
  std::int64_t integer(const std::string& pointer, std::int64_t lo, std::int64_t hi) const;
  int int_in(const std::string& pointer, int lo, int hi) const;
  /// A finite number in lo..hi.
  double number(const std::string& pointer, double lo, double hi) const;
  std::string text(const std::string& pointer) const;
  bool flag(const std::string& pointer) const;
  /// The number of elements of an array.
  std::size_t array_size(const std::string& pointer) const;

  /// "<path>: layer '<layer>': header" or "<path>: file header".
  std::string where() const;
  [[noreturn]] void fail(const std::string& what) const;  ///< TraceError "<where>: <what>"

 private:
  const nlohmann::json* find(const std::string& pointer) const;
  const nlohmann::json& header_;
  std::string path_, layer_;
};

}  // namespace axsim::workloads
