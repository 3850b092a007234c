#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Usage: stats_unchanged.sh AXSIM CONFIGS OUTDIR CASE
# Runs one shipped config and compares the SHA-256 of its full statistics dump (`axsim stats`,
# every stored number of every layer and component, the run.* provenance lines aside) with the
# value recorded below. Speed work must not change what a model computes: a change that is meant
# to alter the model records the new value here, and says why, in the same commit. To see what
# moved, run the case with the previous and the new axsim and diff the two dumps.
set -euo pipefail
axsim=$1 configs=$2 out=$3 case=$4
declare -A args sha
# EIE on NeuralTalk's three layers: the stored images as they are (64 PEs, one output batch) and
# laid out again (NT-Wd's 8791 rows need three batches).
args[eie_neuraltalk]="$configs/eie.json --workload neuraltalk"
sha[eie_neuraltalk]=2d224c38e1d39392e749294b39d9718e943a03d9f4fdd6a6a25e9bf3437bb562
# The same on 16 PEs: every layer laid out again.
args[eie_16pe]="$configs/eie.json --workload neuraltalk --set unit.params.num_pes=16"
sha[eie_16pe]=c24701d0de19d5b3eaaff3a5a0aaff92744708f0f6bf291ec2ebbcfd68c41d7e
# ESE on its LSTM (the shared sparse PE under a controller with channels and a weight stream).
args[ese_lstm]="$configs/ese.json"
sha[ese_lstm]=0eeb601085e40290db7afdc1cc1b72c5ab3314906d91ec46dc4a861526271f4e
[[ -n "${args[$case]:-}" ]] || { echo "stats_unchanged.sh: unknown case '$case'" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out" && cd "$out"
# shellcheck disable=SC2086  # the arguments are split on purpose
"$axsim" run ${args[$case]} --db run.db > run.log
"$axsim" stats 1 --db run.db | grep -v '^run\.' > stats.txt
got=$(sha256sum stats.txt | cut -d' ' -f1)
echo "$(wc -l < stats.txt) statistics, sha256 $got"
if [[ "$got" != "${sha[$case]}" ]]; then
  echo "FAIL: $case: the statistics changed (recorded ${sha[$case]}); the dump is $out/stats.txt"
  exit 1
fi
