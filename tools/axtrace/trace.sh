#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Traces a program with axtrace and packs the trace (docs/cpu-traces.md):
#
#   bash tools/axtrace/trace.sh OUT.axct [--start FUNC] [--skip N] [--count N] -- PROGRAM ARGS...
#   bash tools/axtrace/trace.sh OUT.bb --bbv N [--start FUNC] -- PROGRAM ARGS...
#   bash tools/axtrace/trace.sh OUT.axct --simpoints FILE.json [--start FUNC] -- PROGRAM ARGS...
#
# --bbv N profiles the run for sampling instead (basic-block vectors of N-instruction intervals,
# SimPoint's text format: `axsim cputrace simpoints` chooses windows from them); --simpoints
# records the windows such a file lists, each marked in the trace with its weight.
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
start=main skip=0 count=0 bbv=0 simpoints=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --start) start="$2"; shift 2 ;;
    --skip) skip="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --bbv) bbv="$2"; shift 2 ;;
    --simpoints) simpoints="$2"; shift 2 ;;
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
# Debian's /usr/bin/valgrind is a shell wrapper whose shell adds PWD (and debug-library variables)
# to the program's environment, so the stack, and every address on it, would depend on the
# directory the program runs in: run Valgrind itself.
vg=/usr/bin/valgrind.bin; [ -x "$vg" ] || vg=valgrind
if [ "$bbv" != 0 ]; then  # profile mode: the vectors go straight to OUT
  env -i PATH=/usr/bin:/bin LC_ALL=C VALGRIND_LIB="$lib" "$vg" -q --tool=axtrace \
    --show-below-main=yes --vex-guest-chase=no --start="$start" --bbv="$bbv" \
    --out="$out" "$binary" "$@" > /dev/null || die "the profiled program failed"
  exit 0
fi
window_opts=(--skip="$skip" --count="$count"); pack_windows=()
if [ -n "$simpoints" ]; then
  window_opts=(--windows="$("$axsim" cputrace windows "$simpoints")") || die "$simpoints: unreadable"
  pack_windows=(--windows "$simpoints"); skip=0  # the windows replace --skip and --count
fi
# The raw stream goes through a pipe into `axsim cputrace pack`, which packs as it arrives: no
# raw file on disk (9 bytes per instruction).
fifo="$(mktemp -u "$out.XXXXXX.fifo")"
mkfifo "$fifo"
trap 'rm -f "$fifo" "$fifo.txt"' EXIT
meta=(--meta "binary=$binary" --meta "binary_sha256=$(sha256sum "$binary" | cut -d' ' -f1)"
      --meta "valgrind=$(valgrind --version)")
while read -r path; do
  pkg="$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  ver="$( [ -n "$pkg" ] && dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || echo unknown)"
  meta+=(--meta "library=$path ${pkg:-?} $ver")
done < <(ldd "$binary" 2>/dev/null | awk '/=> \// { print $3 } /^\t\// { print $1 }')
args=(); for a in "$@"; do args+=(--arg "$a"); done
"$axsim" cputrace pack "$fifo" -o "$out" --program "$program" --start "$start" --skip "$skip" \
  "${args[@]}" "${meta[@]}" "${pack_windows[@]}" > "$fifo.txt" &
pack=$!
status=0
env -i PATH=/usr/bin:/bin LC_ALL=C VALGRIND_LIB="$lib" "$vg" -q --tool=axtrace \
  --show-below-main=yes --vex-guest-chase=no --start="$start" "${window_opts[@]}" \
  --out="$fifo" "$binary" "$@" > /dev/null || status=$?
# If Valgrind stopped before opening the pipe, pack still waits for a writer: open and close it
# once (read-write, which never blocks), so pack sees the end of the stream and says what it got.
exec 3<>"$fifo"; exec 3>&-
wait "$pack" || die "packing the trace failed"
cat "$fifo.txt"
if grep -q ": 0 instructions" "$fifo.txt"; then
  rm -f "$out"
  die "no instruction recorded: $start never ran in $program (stripped binaries name no main: try --start __libc_start_call_main)"
fi
[ "$status" = 0 ] || echo "trace.sh: the traced program exited with status $status (the trace is kept)" >&2
