#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end checks of `axsim sweep` and `axsim merge` on real databases:
#   jobs    the database does not depend on -j
#   kill    kill -9 in the middle, rerun: equal to the uninterrupted run, row for row
#   shards  shards run separately and merged equal the single run
#   resume  a rerun stores nothing new; a failing point is recorded and does not stop the sweep
# Usage: sweep_cli_test.sh AXSIM SPEC_DIR WORK_DIR CHECK
set -euo pipefail
axsim=$1 specs=$2 work=$3 check=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work"

# Every table, every row, sorted, without the columns that are wall-clock times.
dump() {
  local db=$1 table cols
  for table in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
    cols=$(sqlite3 "$db" "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('$table')
                          WHERE name NOT IN ('started_at', 'finished_at', 'wall_seconds', 'created_at', 'updated_at')")
    echo "== $table"
    sqlite3 "$db" "SELECT $cols FROM \"$table\" ORDER BY $(seq -s, 1 "$(echo "$cols" | tr ',' '\n' | wc -l)")"
  done
}

same() {  # same DB_A DB_B: identical dumps, and not empty
  dump "$1" > "$1.dump"
  dump "$2" > "$2.dump"
  grep -q "complete" "$1.dump" || { echo "FAIL: $1 holds no complete run"; exit 1; }
  diff -q "$1.dump" "$2.dump" > /dev/null || { diff "$1.dump" "$2.dump" | head -20; echo "FAIL: $1 and $2 differ"; exit 1; }
}

count() { sqlite3 "$1" "SELECT count(*) FROM runs ${2:-}" 2>/dev/null || echo 0; }

spec=$specs/dense_lenet5.json
case "$check" in
  jobs)
    "$axsim" sweep "$spec" --db j1.db -j 1 -q
    "$axsim" sweep "$spec" --db j2.db -j 2 -q
    same j1.db j2.db
    [ "$(count j1.db "WHERE status = 'complete'")" = 48 ] || { echo "FAIL: expected 48 runs"; exit 1; }
    ;;
  kill)
    "$axsim" sweep "$spec" --db ref.db -j 2 -q
    "$axsim" sweep "$spec" --db killed.db -j 2 -q &
    pid=$!
    while [ "$(count killed.db)" -lt 4 ]; do sleep 0.02; done
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
    stored=$(count killed.db)
    echo "killed after $stored of 48 runs were stored"
    [ "$stored" -lt 48 ] || { echo "FAIL: the sweep finished before the kill"; exit 1; }
    [ "$(count killed.db "WHERE status != 'complete'")" = 0 ] || { echo "FAIL: partial runs"; exit 1; }
    "$axsim" sweep "$spec" --db killed.db -j 2 -q | tee rerun.txt
    grep -q "$stored already stored, $((48 - stored)) run now" rerun.txt
    same ref.db killed.db
    # SIGTERM (like Ctrl-C) stores the finished prefix and exits 130.
    "$axsim" sweep "$spec" --db term.db -j 2 -q 2> term.txt &
    pid=$!
    while [ "$(count term.db)" -lt 4 ]; do sleep 0.02; done
    kill -TERM "$pid"
    code=0
    wait "$pid" || code=$?
    [ "$code" = 130 ] || { echo "FAIL: SIGTERM should exit 130, got $code"; exit 1; }
    grep -q "interrupted" term.txt
    "$axsim" sweep "$spec" --db term.db -j 1 -q
    same ref.db term.db
    ;;
  shards)
    "$axsim" sweep "$spec" --db single.db -j 2 -q
    for i in 1 2 3; do "$axsim" sweep "$spec" --db "shard$i.db" --shard "$i/3" -j 1 -q; done
    [ "$(count shard2.db)" = 16 ] || { echo "FAIL: shard 2/3 should hold 16 runs"; exit 1; }
    "$axsim" merge merged.db shard3.db shard1.db shard2.db
    "$axsim" merge merged.db shard2.db  # merging again adds nothing
    same single.db merged.db
    ;;
  resume)
    "$axsim" sweep "$specs/dense_tiny.json" --db r.db -q
    "$axsim" sweep "$specs/dense_tiny.json" --db r.db -q | grep -q "36 already stored, 0 run now"
    # A bad value fails its points only: they are recorded with the error, the rest completes.
    sed 's/"values": \[4, 8, 16\]}/"values": [4, 8, -1]}/' "$specs/dense_tiny.json" > bad.json
    sed -i 's#"\.\./\.\./\.\./configs/dense.json"#"'"$specs"'/../../../configs/dense.json"#' bad.json
    sed -i 's/"dense-tiny"/"dense-tiny-bad"/' bad.json
    if "$axsim" sweep bad.json --db r.db -q; then echo "FAIL: failed points must exit 1"; exit 1; fi
    [ "$(count r.db "WHERE status = 'failed' AND error LIKE '%pe_rows%'")" = 12 ] || { echo "FAIL: 12 failed rows expected"; exit 1; }
    [ "$(count r.db "WHERE status = 'complete'")" = 60 ] || { echo "FAIL: 60 complete rows expected"; exit 1; }
    ;;
  *) echo "unknown check $check"; exit 2 ;;
esac
echo "PASS $check"
