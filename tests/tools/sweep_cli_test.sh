#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end checks of `axsim sweep` and `axsim merge` on real databases:
#   jobs    the database does not depend on -j
#   kill    kill -9 in the middle, rerun: equal to the uninterrupted run, row for row
#   shards  shards run separately and merged equal the single run (one of them schema 3)
#   resume  a rerun stores nothing new; a failing point is recorded and does not stop the sweep
#           (exit 2 when every failure is bad input); a too long sweep name exits 2
#   interrupted  a plain run killed with -9 while running is shown and stored as 'interrupted'
#           (query failures lists it), and a sweep point left so by a dead process is run again
#   mpi     `mpirun -np 3 --oversubscribe axsim sweep --mpi` (and 2 ranks x 2 threads) equals
#           -j 1; killed with -9 twice (a worker rank, then rank 0) and restarted, the same
# Usage: sweep_cli_test.sh AXSIM SPEC_DIR WORK_DIR CHECK
set -euo pipefail
axsim=$1 specs=$2 work=$3 check=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work"

# Every table, every row, sorted, without the columns that are wall-clock times or name the
# process that wrote the row (pid, host, process start).
dump() {
  local db=$1 table cols
  for table in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
    cols=$(sqlite3 "$db" "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('$table')
                          WHERE name NOT IN ('started_at', 'finished_at', 'wall_seconds', 'created_at', 'updated_at',
                                             'pid', 'host', 'process_start_ticks')")
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

# Turns a file into schema version 3 as an axsim before schema 4 left it: runs without the
# process columns and with the old status check; the views are left for the upgrade to create.
to_v3() {
  local drops
  drops=$(sqlite3 "$1" "SELECT 'DROP VIEW \"' || name || '\";' FROM sqlite_master WHERE type = 'view'")
  sqlite3 "$1" "PRAGMA foreign_keys = OFF; BEGIN; $drops
    CREATE TABLE runs3 (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
      unit TEXT NOT NULL, config_name TEXT NOT NULL, config_path TEXT NOT NULL,
      config_json TEXT NOT NULL, config_hash TEXT NOT NULL, workload TEXT NOT NULL,
      seed INTEGER NOT NULL, axsim_version TEXT NOT NULL, tech_node TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')), error TEXT,
      wall_seconds REAL, events INTEGER, sim_ticks_ps INTEGER, run_key TEXT,
      sweep_id INTEGER REFERENCES sweeps(id), point_index INTEGER);
    INSERT INTO runs3 SELECT id, started_at, finished_at, unit, config_name, config_path,
      config_json, config_hash, workload, seed, axsim_version, tech_node, status, error,
      wall_seconds, events, sim_ticks_ps, run_key, sweep_id, point_index FROM runs;
    DROP TABLE runs; ALTER TABLE runs3 RENAME TO runs;
    CREATE INDEX runs_by_config_hash ON runs(config_hash);
    CREATE INDEX runs_by_run_key ON runs(run_key);
    CREATE INDEX runs_by_sweep ON runs(sweep_id, point_index);
    UPDATE meta SET value = '3' WHERE key = 'schema_version'; COMMIT;"
}

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
    to_v3 shard3.db  # a shard written by an axsim of schema 3 merges the same
    [ "$(sqlite3 shard3.db "SELECT value FROM meta WHERE key = 'schema_version'")" = 3 ]
    "$axsim" merge merged.db shard3.db shard1.db shard2.db
    "$axsim" merge merged.db shard2.db  # merging again adds nothing
    # A damaged input is bad input: exit 2 naming it, before anything is copied.
    head -c "$(( $(stat -c %s shard1.db) / 2 ))" shard1.db > damaged.db
    code=0
    "$axsim" merge merged2.db damaged.db 2> damaged.txt || code=$?
    [ "$code" = 2 ] && grep -q "damaged.db: not an intact axsim results database" damaged.txt || { cat damaged.txt; echo "FAIL: a damaged input must exit 2"; exit 1; }
    # Damage the quick check cannot see (a NOT NULL value made NULL through the schema): exit 2
    # naming the input, and the output keeps what it held.
    cp shard1.db nulled.db
    sqlite3 nulled.db "PRAGMA writable_schema=ON; UPDATE sqlite_master SET sql=replace(sql, 'REAL NOT NULL', 'REAL') WHERE name='stats';"
    sqlite3 nulled.db "UPDATE stats SET value = NULL"
    "$axsim" merge part.db shard2.db
    cp part.db part_before.db
    code=0
    "$axsim" merge part.db nulled.db 2> nulled.txt || code=$?
    [ "$code" = 2 ] && grep -q "nulled.db: cannot be merged into part.db" nulled.txt || { cat nulled.txt; echo "FAIL: an input breaking constraints must exit 2"; exit 1; }
    same part_before.db part.db
    # A damaged column name (schema text) that the quick check accepts: exit 2 naming the input.
    cp shard1.db renamed.db
    sqlite3 renamed.db "PRAGMA writable_schema=ON; UPDATE sqlite_master SET sql=replace(sql, 'axsim_version', 'axsim_vers1on') WHERE name='sweeps';"
    code=0
    "$axsim" merge part.db renamed.db 2> renamed.txt || code=$?
    [ "$code" = 2 ] && grep -q "renamed.db: cannot be merged into part.db" renamed.txt || { cat renamed.txt; echo "FAIL: an input with a damaged schema must exit 2"; exit 1; }
    same single.db merged.db
    ;;
  resume)
    "$axsim" sweep "$specs/dense_tiny.json" --db r.db -q
    "$axsim" sweep "$specs/dense_tiny.json" --db r.db -q | grep -q "36 already stored, 0 run now"
    # A bad value fails its points only: they are recorded with the error, the rest completes.
    sed 's/"values": \[4, 8, 16\]}/"values": [4, 8, -1]}/' "$specs/dense_tiny.json" > bad.json
    sed -i 's#"\.\./\.\./\.\./configs/dense.json"#"'"$specs"'/../../../configs/dense.json"#' bad.json
    sed -i 's/"dense-tiny"/"dense-tiny-bad"/' bad.json
    # Points that fail on bad input (a config value) exit 2, as `axsim run` would.
    code=0
    "$axsim" sweep bad.json --db r.db -q 2> bad.txt || code=$?
    [ "$code" = 2 ] || { cat bad.txt; echo "FAIL: points failing on bad input must exit 2, got $code"; exit 1; }
    [ "$(count r.db "WHERE status = 'failed' AND error LIKE '%pe_rows%'")" = 12 ] || { echo "FAIL: 12 failed rows expected"; exit 1; }
    [ "$(count r.db "WHERE status = 'complete'")" = 60 ] || { echo "FAIL: 60 complete rows expected"; exit 1; }
    # Failed points stored by an earlier invocation (cause not re-examined) exit 1; retried, 2.
    code=0
    "$axsim" sweep bad.json --db r.db -q 2> /dev/null || code=$?
    [ "$code" = 1 ] || { echo "FAIL: stored failed points must exit 1, got $code"; exit 1; }
    code=0
    "$axsim" sweep bad.json --db r.db -q --retry-failed 2> /dev/null || code=$?
    [ "$code" = 2 ] || { echo "FAIL: retried bad-input points must exit 2, got $code"; exit 1; }
    # A name too long for a path component is refused at spec validation (exit 2), not by the OS.
    long=$(printf 'n%.0s' $(seq 1 5000))
    sed 's/"dense-tiny-bad"/"'"$long"'"/' bad.json > long.json
    code=0
    "$axsim" sweep long.json --db r.db -q 2> long.txt || code=$?
    [ "$code" = 2 ] && grep -q "5000 characters long, the limit is 64" long.txt || { head -c 300 long.txt; echo "FAIL: a 5000-character name must exit 2"; exit 1; }
    ;;
  interrupted)
    # kill -9 a plain run once its row is 'running' (begin_run commits it first). A run that
    # finishes before the kill lands is simply tried again: no timing is asserted.
    config=$specs/../../../configs/dense.json workload=alexnet  # about 10 s: time to see it running
    for attempt in 1 2 3 4 5; do
      rm -f k.db k.db-wal k.db-shm
      "$axsim" run "$config" --workload "$workload" --db k.db > /dev/null 2>&1 &
      pid=$!
      for _ in $(seq 1 6000); do  # 6000 polls: minutes, far beyond a run's start
        [ "$(count k.db "WHERE status = 'running'")" = 1 ] && break
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.02
      done
      kill -9 "$pid" 2> /dev/null || true
      wait "$pid" 2> /dev/null || true
      [ "$(count k.db "WHERE status = 'running'")" = 1 ] && break
      echo "attempt $attempt: the run finished before the kill; again"
    done
    [ "$(count k.db "WHERE status = 'running'")" = 1 ] || { echo "FAIL: no run was killed while running"; exit 1; }
    # Read-only: shown interrupted, nothing written.
    "$axsim" query --db k.db failures > failures.txt
    cat failures.txt
    grep -q "interrupted.*interrupted: process $pid on .*killed or crashed" failures.txt || { echo "FAIL: failures does not list the killed run"; exit 1; }
    [ "$(count k.db "WHERE status = 'running'")" = 1 ] || { echo "FAIL: a read-only query wrote"; exit 1; }
    code=0
    "$axsim" query --db k.db "DELETE FROM runs" 2> delete.txt || code=$?
    [ "$code" = 2 ] && grep -q "add --write" delete.txt || { cat delete.txt; echo "FAIL: a read-only write must exit 2 with the --write hint"; exit 1; }
    # A writing open (here query --write) marks it in the file.
    "$axsim" query --db k.db --write "SELECT 1" > /dev/null 2>&1
    [ "$(count k.db "WHERE status = 'interrupted' AND error LIKE 'interrupted: process $pid %'")" = 1 ] || { echo "FAIL: not marked interrupted"; exit 1; }
    # A sweep point whose process died (the killed run's process columns) is run again.
    "$axsim" sweep "$specs/dense_tiny.json" --db ref.db -q
    "$axsim" sweep "$specs/dense_tiny.json" --db s.db -q
    last=$(sqlite3 s.db "SELECT MAX(id) FROM runs")
    sqlite3 k.db ".mode list" "SELECT pid, host, process_start_ticks FROM runs" > proc.txt
    IFS='|' read -r kpid khost kstart < proc.txt
    sqlite3 s.db "UPDATE runs SET status = 'running', finished_at = NULL, pid = $kpid,
                  host = '$khost', process_start_ticks = ${kstart:-NULL} WHERE id = $last"
    "$axsim" query --db s.db failures dense-tiny | grep -q "interrupted" || { echo "FAIL: the sweep point is not shown interrupted"; exit 1; }
    "$axsim" sweep "$specs/dense_tiny.json" --db s.db -q | tee rerun.txt
    grep -q "35 already stored, 1 run now, 0 failed" rerun.txt || { echo "FAIL: the interrupted point was not run again"; exit 1; }
    same ref.db s.db
    ;;
  mpi)
    # On MPI ranks: the rows of -j 1, at any rank count, threads per rank and rank 0's share;
    # then a run killed with kill -9 twice (a worker rank, then rank 0) and restarted.
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # CI runs as root in a container
    mpi() { timeout 300 mpirun -np "$1" --oversubscribe "${@:2}"; }
    "$axsim" sweep "$spec" --db ref.db -j 1 -q
    mpi 3 "$axsim" sweep "$spec" --mpi --db m3.db -q 2> m3.txt
    grep -q "rank 0 of 3" m3.txt || { cat m3.txt; echo "FAIL: no rank 0 cost line"; exit 1; }
    same ref.db m3.db
    mpi 2 "$axsim" sweep "$spec" --mpi -j 2 --rank0-jobs 0 --db m2.db -q 2> /dev/null
    same ref.db m2.db
    rank_pid() {  # rank_pid DB RANK: the pid of that rank of the sweep writing DB
      local child
      for child in $(pgrep -f "sweep .*--db $1"); do
        tr '\0' '\n' < "/proc/$child/environ" 2> /dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$2" && { echo "$child"; return; }
      done
    }
    for victim in 0 1; do
      before=$(count mk.db)
      mpi 3 "$axsim" sweep "$spec" --mpi --db mk.db -q > /dev/null 2> "kill$victim.txt" &
      pid=$!
      while [ "$(count mk.db)" -lt $((before + 4)) ]; do sleep 0.02; done
      victim_pid=$(rank_pid mk.db "$victim")
      [ -n "$victim_pid" ] || { echo "FAIL: rank $victim not found"; exit 1; }
      kill -9 "$victim_pid"
      code=0
      wait "$pid" 2> /dev/null || code=$?
      echo "killed rank $victim after $(count mk.db) of 48 runs were stored," \
           "$(sqlite3 mk.db "SELECT count(*) FROM sweep_staged") more staged; mpirun exit $code"
      # The job must have died of the kill; the other ranks may finish points before mpirun
      # stops them (staged when they finish early), so only the first kill can leave many.
      [ "$code" != 0 ] || { echo "FAIL: the killed job exited 0"; exit 1; }
      [ "$victim" != 0 ] || [ "$(count mk.db)" -lt 48 ] || { echo "FAIL: the sweep finished before the kill"; exit 1; }
    done
    mpi 3 "$axsim" sweep "$spec" --mpi --db mk.db -q 2> /dev/null | tee rerun.txt
    same ref.db mk.db
    [ "$(sqlite3 mk.db "SELECT count(*) FROM sweep_staged")" = 0 ] || { echo "FAIL: staged points left"; exit 1; }
    ;;
  *) echo "unknown check $check"; exit 2 ;;
esac
echo "PASS $check"
