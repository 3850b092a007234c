#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A long local fuzz campaign over every libFuzzer target (docs/fuzzing.md).
# Usage: tools/fuzz_campaign.sh [SECONDS=3600] [BUILD_DIR=build-san]
# The time is split evenly across the targets, run one after another with FUZZ_WORKERS workers
# each (default: the number of cores; -fork: a crash is saved and the campaign goes on).
# FUZZ_TARGETS="trace onnx" limits the campaign to those targets (default: every target built). Per target it prints the cases run
# (libFuzzer's stat::number_of_executed_units), the crashes found and where they are saved.
set -euo pipefail
cd "$(dirname "$0")/.."
total_s=${1:-3600}
build=${2:-build-san}
out=${FUZZ_OUT:-fuzz-campaign}
workers=${FUZZ_WORKERS:-$(nproc)}
targets=()
if [[ -n ${FUZZ_TARGETS:-} ]]; then
  for name in $FUZZ_TARGETS; do targets+=("$build/tests/axsim_fuzz_$name"); done
else
  for t in "$build"/tests/axsim_fuzz_*; do
    [[ -x $t && $t != *_seeds ]] && targets+=("$t")
  done
fi
if ((${#targets[@]} == 0)); then
  echo "no libFuzzer targets in $build/tests: build them first (docs/fuzzing.md)" >&2
  exit 2
fi
per_s=$((total_s / ${#targets[@]}))
echo "campaign: ${#targets[@]} targets, ${per_s} s each, results under $out/"
for t in "${targets[@]}"; do
  name=$(basename "$t"); name=${name#axsim_fuzz_}
  corpus=$out/$name/corpus crashes=$out/$name/crashes
  mkdir -p "$corpus" "$crashes"
  "$t" "$corpus" "tests/fuzz/corpus/$name" -max_total_time="$per_s" -fork="$workers" \
    -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -timeout=30 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1 >"$out/$name/log.txt" 2>&1 || true
  # (grep finding nothing must not end the campaign: set -e and pipefail are on.)
  runs=$({ grep -ho 'stat::number_of_executed_units: *[0-9]*' "$out/$name/log.txt" || true; } |
    awk '{s += $2} END {print s + 0}')
  # With -fork the parent may print no final stats: its last "#N" status line counts the cases.
  ((runs > 0)) || runs=$({ grep -o '^#[0-9]*' "$out/$name/log.txt" || true; } | tail -1 | tr -d '#')
  found=$(find "$crashes" -type f | wc -l)
  echo "$name: $runs cases, $found crash/timeout/oom inputs in $crashes/ (log: $out/$name/log.txt)"
done
