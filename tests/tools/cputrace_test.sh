#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The CPU trace path end to end on a program whose trace is known exactly (cpu/loop.S): axtrace
# built from tools/axtrace, the program traced from _start, `axsim cputrace pack` and `show`.
# Usage: cputrace_test.sh AXSIM SOURCE_DIR WORK_DIR
set -euo pipefail
axsim="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; src="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"
lib="$(bash "$src/tools/axtrace/build.sh" "$work/axtrace")"
gcc -nostdlib -static -no-pie -o "$work/loop" "$src/tests/tools/cpu/loop.S"
trace() {  # raw file, then tool options
  local raw="$1"; shift
  VALGRIND_LIB="$lib" valgrind -q --tool=axtrace --show-below-main=yes --vex-guest-chase=no \
    --out="$raw" "$@" "$work/loop"
}
expect() {  # file, pattern
  grep -Eq "$2" "$1" || { echo "cputrace_test: '$2' not in $1:"; cat "$1"; exit 1; }
}
trace "$work/loop.raw" --start=_start
"$axsim" cputrace pack "$work/loop.raw" -o "$work/loop.axct" --program ./loop --start _start > "$work/pack.txt"
expect "$work/pack.txt" "4005 instructions \(9 distinct\), 2000 memory accesses"
"$axsim" cputrace show "$work/loop.axct" --list 6 > "$work/show.txt"
expect "$work/show.txt" "^instructions 4005 "
expect "$work/show.txt" "^  alu +2004 "
expect "$work/show.txt" "^  store +1000 "
expect "$work/show.txt" "^  branch_cond +1000 "
expect "$work/show.txt" "^  syscall +1 "
expect "$work/show.txt" "^loads +1000$"
expect "$work/show.txt" "^stores +1000$"
expect "$work/show.txt" "^branches +1000 \(999 taken\)$"
# The first store writes buf + 8 x 1000; buf is 64-byte aligned after the .data word.
expect "$work/show.txt" "store +mov qword ptr \[rsi \+ rcx\*8\], rcx  \[st 8B 0x[0-9a-f]+\]"
# Valgrind's own count (lackey, independent of axtrace) of every instruction from the first.
VALGRIND_LIB="$lib" valgrind --tool=lackey "$work/loop" > /dev/null 2> "$work/lackey.txt" || true
expect "$work/lackey.txt" "guest instrs: +4,005$"
trace "$work/all.raw" --start=
"$axsim" cputrace pack "$work/all.raw" -o "$work/all.axct" --start "" > "$work/all.txt"
expect "$work/all.txt" "4005 instructions"
# A window: 2 instructions skipped, then 100 recorded and the program stopped.
trace "$work/window.raw" --start=_start --skip=2 --count=100
"$axsim" cputrace pack "$work/window.raw" -o "$work/window.axct" --skip 2 > "$work/wpack.txt"
expect "$work/wpack.txt" "100 instructions \(4 distinct\), 50 memory accesses"
# The same trace for ChampSim: one 64-byte record per instruction, xz-compressed.
"$axsim" cputrace champsim "$work/loop.axct" -o "$work/loop.champsim.xz" > "$work/champsim.txt"
expect "$work/champsim.txt" "4005 ChampSim records of 64 bytes; 0 registers and 0 memory accesses"
[ "$(xz -dc "$work/loop.champsim.xz" | wc -c)" = $((4005 * 64)) ] || { echo "cputrace_test: ChampSim size"; exit 1; }
# The trace replayed by the cpu unit with HoLiSwap and with LRU L1s (docs/units/holiswap.md).
# Hand counts: 1000 loads of buf's first line; 1000 stores, 8 to each of the 125 lines from
# buf + 8 to buf + 8000 (the first shares the loads' line): 126 distinct L1-D lines, the top 3 %
# of them (4 lines) serve 1007 + 3 x 8 of the 2000 accesses.
for policy in holiswap lru; do
  "$axsim" run "$src/configs/cpu_$policy.json" --trace "$work/loop.axct" --db "$work/cpu.db" \
    --check > "$work/run_$policy.txt"
  expect "$work/run_$policy.txt" "^loop +trace +4005 +4005 "
  run_id=$(sed -n 's/^run \([0-9]*\) complete.*/\1/p' "$work/run_$policy.txt")
  "$axsim" stats "$run_id" --db "$work/cpu.db" > "$work/stats_$policy.txt"
  expect "$work/stats_$policy.txt" "^loop\.cpu\.core\.loads 1000 "
  expect "$work/stats_$policy.txt" "^loop\.cpu\.core\.stores 1000 "
  expect "$work/stats_$policy.txt" "^loop\.cpu\.l1d\.distinct_lines 126 "
  expect "$work/stats_$policy.txt" "^loop\.cpu\.l1d\.top3pct_lines_access_share 0\.5155 "
  expect "$work/stats_$policy.txt" "^loop\.cpu\.l1d\.action\.wire_way0\.count [1-9]"
done
# Sampling: basic-block vectors of 200-instruction intervals (21, the last of 5), simpoints with
# 50-instruction warm-ups, those windows traced and run as one phase each.
(cd "$work" && AXTRACE_DIR="$work/axtrace" bash "$src/tools/axtrace/trace.sh" "$work/loop.bb" \
   --bbv 200 --start _start -- ./loop) > "$work/bbv.txt" 2>&1
[ "$(wc -l < "$work/loop.bb")" = 21 ] || { echo "cputrace_test: $(wc -l < "$work/loop.bb") intervals"; exit 1; }
"$axsim" cputrace simpoints "$work/loop.bb" --interval 200 --warmup 50 -o "$work/loop.sp.json" > "$work/sp.txt"
expect "$work/sp.txt" "21 intervals of 200 instructions"
(cd "$work" && AXSIM="$axsim" AXTRACE_DIR="$work/axtrace" bash "$src/tools/axtrace/trace.sh" \
   "$work/sampled.axct" --simpoints "$work/loop.sp.json" --start _start -- ./loop) > "$work/sampled.txt" 2>&1
windows=$("$axsim" cputrace windows "$work/loop.sp.json")
total=$(echo "$windows" | tr ',' '\n' | awk -F+ '{ s += $2 } END { print s }')
expect "$work/sampled.txt" "sampled.axct: $total instructions"
"$axsim" run "$src/configs/cpu_lru.json" --trace "$work/sampled.axct" --db "$work/cpu.db" --check > "$work/run_sampled.txt"
[ "$(grep -cE '^sampled\.(simpoint|warmup)[0-9]+ ' "$work/run_sampled.txt")" = "$(echo "$windows" | tr ',' '\n' | wc -l)" ] ||
  { echo "cputrace_test: one phase per window expected:"; cat "$work/run_sampled.txt"; exit 1; }
# A CPU trace on a DNN unit is bad input, not a crash.
set +e
"$axsim" run "$src/configs/dense.json" --trace "$work/loop.axct" --db "$work/cpu.db" > "$work/dnn.txt" 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || { echo "cputrace_test: a CPU trace on the dense unit exited $rc"; exit 1; }
expect "$work/dnn.txt" "phase loop is a trace window, but this unit runs DNN layers"
# The raw stream through a pipe: from standard input, and trace.sh's FIFO end to end.
"$axsim" cputrace pack - -o "$work/stdin.axct" < "$work/loop.raw" > "$work/stdin.txt"
expect "$work/stdin.txt" "4005 instructions \(9 distinct\)"
(cd "$work" && AXSIM="$axsim" AXTRACE_DIR="$work/axtrace" bash "$src/tools/axtrace/trace.sh" \
   "$work/script.axct" --start _start -- ./loop) > "$work/script.txt" 2>&1
expect "$work/script.txt" "script.axct: 4005 instructions \(9 distinct\), 2000 memory accesses"
set +e
(cd "$work" && AXSIM="$axsim" AXTRACE_DIR="$work/axtrace" bash "$src/tools/axtrace/trace.sh" \
   "$work/none.axct" --start no_such_function -- ./loop) > "$work/none.txt" 2>&1; rc=$?
set -e
[ "$rc" = 2 ] && [ ! -e "$work/none.axct" ] || { echo "cputrace_test: an empty window exited $rc"; exit 1; }
expect "$work/none.txt" "no instruction recorded: no_such_function never ran"
# Bad input: exit 2 naming the file.
set +e
"$axsim" cputrace show "$work/loop.raw" > "$work/bad.txt" 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || { echo "cputrace_test: show of a raw file exited $rc"; exit 1; }
expect "$work/bad.txt" "loop.raw: byte 0: not an axsim CPU trace"
echo "cputrace_test: ok"
