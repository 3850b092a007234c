#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The workload cache end to end, on EIE and the 'tiny' workload with EIE's recipe:
#   a first run stores one entry, a second run hits it and stores identical statistics;
#   a damaged entry is rebuilt (exit 0, same statistics); --no-cache and AXSIM_NO_CACHE=1
#   neither read nor write the cache.
# Usage: workload_cache_cli_test.sh AXSIM CONFIG_DIR WORK_DIR
set -euo pipefail
axsim=$1 configs=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export AXSIM_CACHE_DIR=$work/cache AXSIM_NO_CACHE=0
run() { "$axsim" run "$configs/eie.json" --workload tiny --db runs.db "$@" > /dev/null; }
entries() { find cache -name '*.axt' 2>/dev/null | wc -l; }
# Run N's layers and stats, without the run id.
rows() {
  "$axsim" query --db runs.db --format csv \
    "SELECT layer_index, layer, kind, cycles, time_s, dense_macs, utilization FROM layers WHERE run_id = $1
     ORDER BY layer_index"
  "$axsim" query --db runs.db --format csv \
    "SELECT layer_index, component, name, value FROM stats WHERE run_id = $1
     ORDER BY layer_index, component, name"
}
same_as_first() {
  rows 1 > first.csv
  rows "$1" > "run$1.csv"
  [ "$(wc -l < first.csv)" -gt 10 ] || { echo "FAIL: run 1 stored no statistics"; exit 1; }
  cmp -s first.csv "run$1.csv" || { diff first.csv "run$1.csv" | head; echo "FAIL: run $1 differs"; exit 1; }
}

run                                    # miss: compresses and stores
[ "$(entries)" -eq 1 ] || { echo "FAIL: expected 1 cache entry after the first run"; exit 1; }
entry=$(find cache -name '*.axt')
"$axsim" inspect "$entry" > /dev/null  # a valid trace
stamp=$(stat -c %Y "$entry")
run                                    # hit
[ "$(entries)" -eq 1 ] || { echo "FAIL: the second run added an entry"; exit 1; }
same_as_first 2

printf 'garbage' | dd of="$entry" bs=1 seek=200 conv=notrunc status=none   # damage the entry
run                                    # rebuilt silently (no terminal here)
"$axsim" inspect "$entry" > /dev/null || { echo "FAIL: the damaged entry was not rebuilt"; exit 1; }
same_as_first 3

rm -rf cache
run --no-cache                         # neither writes ...
AXSIM_NO_CACHE=1 run
[ "$(entries)" -eq 0 ] || { echo "FAIL: --no-cache or AXSIM_NO_CACHE=1 wrote an entry"; exit 1; }
same_as_first 4
same_as_first 5

rc=0
AXSIM_CACHE_MAX_BYTES=bad "$axsim" run "$configs/eie.json" --workload tiny --db runs.db \
  > /dev/null 2> err.txt || rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: a bad AXSIM_CACHE_MAX_BYTES gave exit $rc, expected 2"; exit 1; }
grep -q AXSIM_CACHE_MAX_BYTES err.txt || { echo "FAIL: the error does not name the variable"; exit 1; }
echo "workload cache: ok (entry $(basename "$entry"), first stored at $stamp)"
