#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/units/cgooo.md: the cpu unit's in-order, out-of-order and CG-OoO cores on the
# CPU program suite (tools/cpu_suite/make_suite.sh), against CG-OoO's claims (Mohammadi, Aamodt,
# Dally, arXiv 1606.01607; TACO 2017): IPC, energy per instruction, the share of the in-order to
# out-of-order energy gap CG-OoO closes, inverse energy-delay product, energy by structure, our
# per-access energies beside the authors', CG-OoO's sensitivity, the EIE-against-CPU comparison
# on Alex-7 and simulation speed. Tables are computed by tools/report_cgooo.py.
#
# Usage, after the build:  bash tools/report_cgooo.sh [OUTPUT.md]  (default docs/units/cgooo.md)
# Environment: AXSIM and AXSIM_BENCH as tools/report_common.sh says; CPU_SUITE, the traces'
# folder (default build/cpu_suite, made by tools/cpu_suite/make_suite.sh when it has no
# manifest). Needs valgrind (callgrind) for the whole-kernel count of the EIE comparison.
set -euo pipefail

source "$(dirname "$0")/report_common.sh"
report_init report_cgooo docs/units/cgooo.md "$@"

cpu_suite_init
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/cgooo.db"
runs="$work/runs.tsv"
printf 'set\tcore\tprogram\tvariant\trun\n' > "$runs"
q() { sqlite3 -batch -noheader -separator '|' "$db" "$@"; }
run() {  # SET CORE TRACE PROGRAM VARIANT args... (appends a row to runs.tsv)
  local set="$1" core="$2" trace="$3" program="$4" variant="$5"; shift 5
  "$axsim" run "configs/cpu_$core.json" --trace "$trace" --db "$db" --check "$@" >/dev/null
  printf '%s\t%s\t%s\t%s\t%s\n' "$set" "$core" "$program" "$variant" "$(q "SELECT max(id) FROM runs;")" >> "$runs"
}
cg() { echo "--set unit.params.blocks.$1=$2"; }

log "three cores on ${#programs[@]} programs"
for p in "${programs[@]}"; do
  for core in ino ooo cgooo; do run suite "$core" "$suite/$p.axct" "$p" base; done
done

# axsim compare on the first program, the OoO core as the baseline.
id_of() { awk -F'\t' -v c="$1" -v p="${programs[0]}" '$1=="suite" && $2==c && $3==p {print $5}' "$runs"; }
"$axsim" compare --db "$db" --runs "$(id_of ino),$(id_of cgooo),$(id_of ooo)" --baseline "$(id_of ooo)" \
  --metrics cycles,energy_pj,speedup,energy_ratio,edp_ratio | sed "s|$root/||g" > "$work/compare.txt"

log "the authors' counting: a read for every entry the schedulers look at"
for p in "${programs[@]}"; do
  for core in ino cgooo; do
    run counting "$core" "$suite/$p.axct" "$p" looked --set unit.params.count_looked_entries=true
  done
done

log "CG-OoO's sensitivity: windows, window size, Skipahead"
for p in "${programs[@]}"; do
  for n in 6 8 16 24; do run windows cgooo "$suite/$p.axct" "$p" "$n" $(cg windows "$n"); done
  for n in 15 30 120; do run window_entries cgooo "$suite/$p.axct" "$p" "$n" $(cg window_entries "$n"); done
  for n in 1 2 10 60; do run skipahead cgooo "$suite/$p.axct" "$p" "$n" $(cg skipahead "$n"); done
done

log "what CG-OoO's IPC depends on"
for p in "${programs[@]}"; do
  run causes cgooo "$suite/$p.axct" "$p" far_segment_0 $(cg far_segment_cycles 0)
  run causes cgooo "$suite/$p.axct" "$p" one_cluster $(cg clusters 1)
  run causes cgooo "$suite/$p.axct" "$p" mem_issue_2 --set unit.params.mem_issue=2 --set unit.params.mem_ports=2
  run causes ooo "$suite/$p.axct" "$p" mem_issue_2 --set unit.params.mem_issue=2 --set unit.params.mem_ports=2
  run causes cgooo "$suite/$p.axct" "$p" perfect_bp --set unit.params.branch_predictor.kind=perfect
  run causes ooo "$suite/$p.axct" "$p" perfect_bp --set unit.params.branch_predictor.kind=perfect
done

log "the sparse kernel on Alex-7, whole: CPU cores and EIE"
eie_note=""
kernel="$work/alex7_spmv.axct"
if command -v valgrind > /dev/null && [ -x "$suite/work/spmv" ] && [ -f "$suite/work/alex7.csc" ]; then
  # spmv runs its kernel twice: one call is half the instructions callgrind counts in it.
  (cd "$suite/work" && valgrind --tool=callgrind --toggle-collect=spmv_kernel \
     --callgrind-out-file="$work/cg.out" ./spmv alex7.csc > /dev/null 2> "$work/cg.log")
  total=$(grep -E '^summary:' "$work/cg.out" | awk '{print $2}')
  one=$((total / 2))
  (cd "$suite/work" && AXSIM="$axsim" bash "$root/tools/axtrace/trace.sh" "$kernel" \
     --start spmv_kernel --count "$one" -- ./spmv alex7.csc > "$work/kernel.log" 2>&1)
  for core in ino ooo cgooo; do run eie_cpu "$core" "$kernel" spmv_alex7 whole; done
  # The i7's 3.5 GHz has no whole-picosecond period: 3.125 and 4 GHz bracket it.
  for f in 3.125GHz 4GHz; do run eie_cpu ooo "$kernel" spmv_alex7 "$f" --set clocks.core=$f; done
  # EIE's trace of the same layer: the suite's topology, seeds, pruning, 4-bit codebook and
  # activations, with EIE's fixed-point datapath (configs/recipes/eie_64pe.json).
  "$axsim" compress tools/cpu_suite/alex7.json -r configs/recipes/eie_64pe.json \
    -o "$work/alex7_eie.axt" --db "$work/alex7_eie.db" > /dev/null
  "$axsim" run configs/eie.json --trace "$work/alex7_eie.axt" --db "$db" >/dev/null
  printf 'eie_cpu\teie\tspmv_alex7\twhole\t%s\n' "$(q "SELECT max(id) FROM runs;")" >> "$runs"
else
  eie_note="valgrind or the suite's spmv build is missing: the comparison was not run"
fi

bench_json="$work/bench.json"
echo '{"benchmarks": []}' > "$bench_json"
if [ -x "$bench" ]; then
  log "speed (Google Benchmark)"
  "$bench" --benchmark_filter='BM_CpuCore' --benchmark_format=json > "$bench_json" 2>/dev/null
fi

log "writing $page"
python3 "$root/tools/report_cgooo.py" --db "$db" --runs "$runs" --bench "$bench_json" \
  --eie-note "$eie_note" --programs "${programs[*]}" --compare "$work/compare.txt" > "$page"
log "done"
