#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The include-rule checker on small made-up trees: each broken rule is reported with its file
# and line and fails the check; a tree that keeps the rules passes.
# Usage: include_rules_test.sh CHECKER WORK_DIR
set -uo pipefail
checker=$1 work=$2
fails=0

# make_tree DIR FILE=CONTENT...: a tree with the given files (each a single #include line, or
# empty for "").
make_tree() {
  local dir=$1; shift
  rm -rf "$dir"
  for spec in "$@"; do
    local file=${spec%%=*} inc=${spec#*=}
    mkdir -p "$dir/$(dirname "$file")"
    if [[ -n $inc ]]; then printf '#include "%s"\n' "$inc" >"$dir/$file"; else : >"$dir/$file"; fi
  done
}

# expect NAME WANT_EXIT REGEX FILE=CONTENT...
expect() {
  local name=$1 want=$2 regex=$3; shift 3
  make_tree "$work/$name" "$@"
  local out got
  out=$(bash "$checker" "$work/$name" 2>&1); got=$?
  if [[ $got -ne $want ]] || ! grep -qE "$regex" <<<"$out"; then
    echo "FAIL $name: exit $got (want $want), output:"; echo "$out"; fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
}

expect clean 0 'include rules hold' sim/a.hpp= sim/a.cpp=sim/a.hpp workloads/w/x.cpp=sim/error.hpp \
  sim/error.hpp= arch/u/y.cpp=workloads/w/x.hpp workloads/w/x.hpp= results/r.cpp=arch/u/y.hpp \
  arch/u/y.hpp= tools/t/m.cpp=results/r.hpp results/r.hpp=
expect sim_above 1 'sim/a.cpp:1: sim/ includes arch/, a layer above it' sim/a.cpp=arch/u.hpp arch/u.hpp=
expect sim_outside 1 'sim/a.cpp:1: sim/ includes tests/, which is no layer' sim/a.cpp=tests/t.hpp tests/t.hpp=
expect workloads_results 1 'workloads/w/x.cpp:1: workloads/ includes results/' \
  workloads/w/x.cpp=results/db.hpp results/db.hpp=
expect workloads_core 1 'workloads/w/x.cpp:1: workloads/ takes only .* from sim/' \
  workloads/w/x.cpp=sim/component.hpp sim/component.hpp=
expect arch_tools 1 'arch/e/p.cpp:1: arch/ includes tools/' arch/e/p.cpp=tools/t/r.hpp tools/t/r.hpp=
expect cycle 1 'workloads/compress/c.cpp:1: workloads/compress -> workloads/reference' \
  workloads/compress/c.cpp=workloads/reference/r.hpp workloads/reference/r.hpp= \
  workloads/reference/r.cpp=workloads/compress/q.hpp workloads/compress/q.hpp=
expect relative 1 'not a path from the repository root' sim/a.cpp=nowhere.hpp

[[ $fails -eq 0 ]] && echo "all include-rule checks behave" || exit 1
