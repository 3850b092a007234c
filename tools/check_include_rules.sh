#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the include rules of docs/architecture.md on every #include "..." under sim/,
# workloads/, arch/, results/ and tools/; lists each offending line and exits 1, else exits 0.
#
#   1. Layering: sim < workloads < arch < results < tools. A file may include its own layer or
#      one below it, never one above.
#   2. sim/ includes only sim/. workloads/ takes from sim/ only the basics listed in
#      WORKLOADS_SIM_BASICS (errors, parameters, provenance, the seeded random stream), never the
#      event-driven core.
#   3. No cycle between folders. A file's folder is its path cut to two components, without
#      the extension: arch/eie, workloads/compress; a file directly in a layer is a folder of
#      its own with its header (workloads/layer for workloads/layer.{hpp,cpp}, arch/unit).
#
# Usage: tools/check_include_rules.sh [SOURCE_ROOT]   (default: the repository of this script)
set -euo pipefail
root=${1:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"}
cd "$root"

LAYERS="sim workloads arch results run tools"
WORKLOADS_SIM_BASICS="sim/error.hpp sim/json_input.hpp sim/memory_budget.hpp sim/params.hpp sim/provenance.hpp sim/random.hpp"

dirs=()
for d in $LAYERS; do [[ -d $d ]] && dirs+=("$d"); done
includes=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]+"' "${dirs[@]}" \
             --include='*.hpp' --include='*.cpp' --include='*.h' --include='*.cc' || true)

edges=$(mktemp)
trap 'rm -f "$edges"' EXIT

# Prints violations of rules 1 and 2 as "file:line: why: text" and writes folder edges (for rule
# 3) as "from to file:line" to $edges. An include that is not rooted at a layer is resolved
# against the including file's directory.
violations=$(awk -v layers="$LAYERS" -v basics="$WORKLOADS_SIM_BASICS" -v edges="$edges" '
  function folder(path,   p) {
    split(path, p, "/")
    sub(/\.[^.]*$/, "", p[2])
    return p[1] "/" p[2]
  }
  function exists(path,   line) {
    if ((getline line < path) >= 0) { close(path); return 1 }
    return 0
  }
  BEGIN {
    n = split(layers, l, " ")
    for (i = 1; i <= n; i++) rank[l[i]] = i
    split(basics, b, " ")
    for (i in b) basic[b[i]] = 1
  }
  {
    file = $0; sub(/:.*/, "", file)
    rest = substr($0, length(file) + 2)
    line = rest; sub(/:.*/, "", line)
    text = substr(rest, length(line) + 2)
    inc = text; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
    top = inc; sub(/\/.*/, "", top)
    from = file; sub(/\/.*/, "", from)
    where = file ":" line
    if (!(top in rank) || index(inc, "/") == 0) {
      dir = file; sub(/\/[^\/]*$/, "", dir)
      if (exists(dir "/" inc)) inc = dir "/" inc
      else if (!exists(inc)) {
        printf "%s: not a path from the repository root: %s\n", where, text
        next
      }
      top = inc; sub(/\/.*/, "", top)
    }
    if (!(top in rank))
      printf "%s: %s/ includes %s/, which is no layer: %s\n", where, from, top, text
    else if (rank[top] > rank[from])
      printf "%s: %s/ includes %s/, a layer above it: %s\n", where, from, top, text
    else if (from == "sim" && top != "sim")
      printf "%s: sim/ includes nothing outside sim/: %s\n", where, text
    else if (from == "workloads" && top == "sim" && !(inc in basic))
      printf "%s: workloads/ takes only %s from sim/: %s\n", where, basics, text
    if ((top in rank) && folder(file) != folder(inc)) print folder(file), folder(inc), where > edges
  }' <<<"$includes")

status=0
if [[ -n $violations ]]; then
  echo "include rule violations:"
  echo "$violations"
  status=1
fi

# Rule 3: tsort names the folders of every loop it finds.
if ! loops=$(cut -d' ' -f1,2 "$edges" | sort -u | tsort 2>&1 >/dev/null); then
  members=$(sed -n 's/^tsort: \([^ :]*\)$/\1/p' <<<"$loops" | sort -u)
  echo "include cycle between folders: $(tr '\n' ' ' <<<"$members")"
  echo "includes between them:"
  while read -r from to where; do
    if grep -qxF "$from" <<<"$members" && grep -qxF "$to" <<<"$members"; then
      echo "  $where: $from -> $to"
    fi
  done <"$edges"
  status=1
fi

if [[ $status -eq 0 ]]; then
  echo "include rules hold: $(wc -l <<<"$includes") includes, $(cut -d' ' -f1,2 "$edges" | sort -u | wc -l) folder edges, no cycle"
fi
exit $status
