// SPDX-License-Identifier: Apache-2.0
// The "lstm" object of an lstm layer's trace header and its blobs: the sequence rule
// (workloads/lstm_rule.hpp), written by the front-end and checked field by field on replay.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "workloads/compress/compress.hpp"
#include "workloads/compress/trace_fields.hpp"
#include "workloads/trace/trace.hpp"

namespace axsim::workloads {

nlohmann::json lstm_json(const CompressedLayer& c);
void add_lstm_blobs(const LstmRule& rule, TraceLayer& tl);
/// Throws TraceError naming the file, the layer and the field when the rule is not one the
/// reference and the units can compute without overflow.
LstmRule replay_lstm(const TraceLayer& tl, const TraceFields& f, const Layer& layer,
                     const std::string& path);

/// One stored encoding described at JSON pointer `at` ("/encodings/0/"), its blob read
/// (defined with the layer reader).
WeightEncoding replay_encoding(const TraceLayer& tl, const TraceFields& f, const std::string& at,
                               const std::string& path);

}  // namespace axsim::workloads
