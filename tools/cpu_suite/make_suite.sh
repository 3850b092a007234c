#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The CPU program suite (docs/cpu-traces.md): real, deterministic programs from Debian packages
# and two kernels of ours, traced with axtrace on pinned inputs (make_inputs.py), a window of
# WINDOW instructions each (default 2,000,000) from a named function's entry.
#
#   bash tools/cpu_suite/make_suite.sh [OUTDIR]          # traces into OUTDIR (default build/cpu_suite)
#   bash tools/cpu_suite/make_suite.sh --check [OUTDIR]  # traces again and compares with the manifest
#
# OUTDIR/manifest.tsv lists each trace with its command, window and SHA-256; --check exits 1 if
# any trace differs. Traces are cached: not committed (build/ is not tracked).
# Environment: AXSIM (default build/tools/axsim/axsim), WINDOW.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
check=0
[ "${1:-}" = "--check" ] && { check=1; shift; }
out="$(mkdir -p "${1:-$root/build/cpu_suite}" && cd "${1:-$root/build/cpu_suite}" && pwd)"
window="${WINDOW:-2000000}"
export AXSIM="${AXSIM:-$root/build/tools/axsim/axsim}"
work="$out/work"
mkdir -p "$work"
python3 "$root/tools/cpu_suite/make_inputs.py" "$work"
# Sources compiled by relative name in $work, so no path of this checkout enters a binary or a trace.
for k in spmv gemm; do
  cp "$root/tools/cpu_suite/$k.c" "$work/"
  (cd "$work" && gcc -O2 -no-pie -o "$k" "$k.c")
done
# The sparse kernel's layer: EIE's Alex-7 compressed by axsim's front-end, as a CSC file.
"$AXSIM" compress "$root/tools/cpu_suite/alex7.json" -r "$root/tools/cpu_suite/alex7_recipe.json" \
  -o "$work/alex7.axt" --db "$work/alex7.db" > "$work/alex7.log"
"$AXSIM" inspect "$work/alex7.axt" --csc fc7 -o "$work/alex7.csc" >> "$work/alex7.log"
cc1="$(gcc -print-prog-name=cc1)"
# name | start function | command (run in $work)
suite=(
  "bzip2|__libc_start_call_main|bzip2 -9 -c text.txt"
  "xz|__libc_start_call_main|xz -6 -T1 -c text.txt"
  "sqlite3|__libc_start_call_main|sqlite3 -batch -init query.sql :memory: .quit"
  "cc1|__libc_start_call_main|$cc1 -quiet -O2 gemm.c -o /dev/null"
  "spmv|spmv_kernel|./spmv alex7.csc"
  "gemm|gemm_kernel|./gemm"
)
manifest="$out/manifest.tsv"
[ $check = 1 ] || printf 'name\tstart\twindow\tcommand\tsha256\n' > "$manifest"
fails=0
for entry in "${suite[@]}"; do
  IFS='|' read -r name start cmd <<< "$entry"
  trace="$out/$name.axct"; [ $check = 1 ] && trace="$work/$name.check.axct"
  # shellcheck disable=SC2086  # the command is words
  (cd "$work" && bash "$root/tools/axtrace/trace.sh" "$trace" --start "$start" --count "$window" -- $cmd) > "$work/$name.log" 2>&1 ||
    { echo "make_suite: $name failed: $(tail -1 "$work/$name.log")" >&2; exit 1; }
  sum="$(sha256sum "$trace" | cut -d' ' -f1)"
  if [ $check = 1 ]; then
    want="$(awk -F'\t' -v n="$name" '$1 == n { print $5 }' "$manifest")"
    if [ "$sum" = "$want" ]; then echo "$name: identical"; else echo "$name: DIFFERS ($sum, manifest $want)"; fails=1; fi
  else
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$start" "$window" "$cmd" "$sum" >> "$manifest"
    echo "$name: $(tail -1 "$work/$name.log")"
  fi
done
exit $fails
