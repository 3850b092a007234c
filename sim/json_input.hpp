// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace axsim::sim {

/// Limits every external JSON text (configs, tech tables, recipes, sweep specs, trace headers,
/// --set values) is read under. A deeper document is refused while it is parsed, so nothing that
/// recurses over a document (dump, copy, compare, destruction) ever sees one deeper than this.
inline constexpr int kMaxJsonDepth = 64;
/// Largest JSON text accepted, in bytes (16 MiB): far above any config, recipe or trace header.
inline constexpr std::size_t kMaxJsonBytes = std::size_t{16} << 20;

/// Parses `text` from `source` (a file name, or "file: layer x" for a trace header) into `out`.
/// Refuses invalid JSON (naming the byte offset, line and column), nesting deeper than
/// kMaxJsonDepth, a text longer than kMaxJsonBytes and a key repeated within one object (naming
/// the JSON pointer). Returns "" on success, else the message, starting with `source`, so each
/// caller throws its own error type (configs: ConfigError; trace headers: TraceError).
std::string parse_json(std::string_view text, const std::string& source, nlohmann::json& out);
std::string parse_json(std::string_view text, const std::string& source,
                       nlohmann::ordered_json& out);

/// A nlohmann exception's message without its "[json.exception.x.n] " prefix.
std::string json_error_text(const std::string& what);

/// Whether `text` is valid UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
/// Names read from binary files (ONNX nodes, .npz entries) end up in JSON (trace headers) and
/// must be checked with this first: nlohmann's dump throws on anything else.
bool valid_utf8(std::string_view text);

/// parse_json that throws ConfigError with the message.
nlohmann::json parse_config_json(std::string_view text, const std::string& source);

/// The whole of the file at `path`, refused with ConfigError if it cannot be read, is a
/// directory or is longer than kMaxJsonBytes.
std::string read_json_file(const std::string& path);

}  // namespace axsim::sim
