#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Traces a program with axtrace and packs the trace (docs/cpu-traces.md):
#
#   bash tools/axtrace/trace.sh OUT.axct [--start FUNC] [--skip N] [--count N] -- PROGRAM ARGS...
#
# The program runs under Valgrind with a fixed, minimal environment (env -i, PATH, LC_ALL=C) in
# the current directory, so the same binary, arguments and inputs give the same trace byte for
# byte, whatever the directory. The header records the command line, the binary's SHA-256, and each shared library the
# binary loads with its Debian package and version (ldd, dpkg). Environment: AXSIM (default
# build/tools/axsim/axsim), AXTRACE_DIR (where build.sh puts the tool, default build/axtrace).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
axsim="${AXSIM:-$root/build/tools/axsim/axsim}"
die() { echo "trace.sh: $*" >&2; exit 2; }
[ $# -ge 3 ] || die "usage: trace.sh OUT.axct [--start FUNC] [--skip N] [--count N] -- PROGRAM ARGS..."
out="$1"; shift
start=main skip=0 count=0
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --start) start="$2"; shift 2 ;;
    --skip) skip="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
[ "${1:-}" = "--" ] && [ $# -ge 2 ] || die "expected -- PROGRAM ARGS..."
shift
program="$1"; shift
binary="$(command -v "$program" || true)"
[ -n "$binary" ] && [ -f "$binary" ] || die "$program: no such program"
[ -x "$axsim" ] || die "$axsim: axsim is not built"
lib="${AXTRACE_DIR:-$root/build/axtrace}/lib"
[ -x "$lib/axtrace-amd64-linux" ] || lib="$(bash "$root/tools/axtrace/build.sh" "${AXTRACE_DIR:-$root/build/axtrace}")"
raw="$out.raw"
# Debian's /usr/bin/valgrind is a shell wrapper whose shell adds PWD (and debug-library variables)
# to the program's environment, so the stack, and every address on it, would depend on the
# directory the program runs in: run Valgrind itself.
vg=/usr/bin/valgrind.bin; [ -x "$vg" ] || vg=valgrind
env -i PATH=/usr/bin:/bin LC_ALL=C VALGRIND_LIB="$lib" "$vg" -q --tool=axtrace \
  --show-below-main=yes --vex-guest-chase=no --start="$start" --skip="$skip" --count="$count" \
  --out="$raw" "$binary" "$@" > /dev/null
meta=(--meta "binary=$binary" --meta "binary_sha256=$(sha256sum "$binary" | cut -d' ' -f1)"
      --meta "valgrind=$(valgrind --version)")
while read -r path; do
  pkg="$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  ver="$( [ -n "$pkg" ] && dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || echo unknown)"
  meta+=(--meta "library=$path ${pkg:-?} $ver")
done < <(ldd "$binary" 2>/dev/null | awk '/=> \// { print $3 } /^\t\// { print $1 }')
args=(); for a in "$@"; do args+=(--arg "$a"); done
"$axsim" cputrace pack "$raw" -o "$out" --program "$program" --start "$start" --skip "$skip" \
  "${args[@]}" "${meta[@]}"
rm -f "$raw"
