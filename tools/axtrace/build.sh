#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds axtrace, the Valgrind tool that records instruction traces (axtrace.c), out of Valgrind's
# tree against the Debian valgrind package's tool headers and static core libraries
# (/usr/include/valgrind, /usr/lib/x86_64-linux-gnu/valgrind). The tool is a program of its own
# (GPL-2.0-or-later, LICENSE here), not part of axsim's build.
#
# Usage: bash tools/axtrace/build.sh [OUTDIR]   (default build/axtrace)
# OUTDIR/lib then holds axtrace-amd64-linux beside links to Valgrind's own files, so that
#   VALGRIND_LIB=OUTDIR/lib valgrind --tool=axtrace ...
# runs it (tools/axtrace/trace.sh does).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../build/axtrace}"
inc=/usr/include/valgrind
libs=/usr/lib/x86_64-linux-gnu/valgrind
[ -f "$inc/pub_tool_basics.h" ] && [ -f "$libs/libcoregrind-amd64-linux.a" ] ||
  { echo "axtrace: Valgrind's tool headers and libraries are missing (apt-get install valgrind)" >&2; exit 2; }
[ "$(uname -m)" = x86_64 ] || { echo "axtrace: x86-64 only" >&2; exit 2; }
mkdir -p "$out/lib"
gcc -O2 -Wall -Wextra -Werror -Wno-unused-parameter -fno-strict-aliasing -fno-builtin \
  -fno-stack-protector -fno-pie -DVGA_amd64=1 -DVGO_linux=1 -DVGP_amd64_linux=1 \
  -DVGPV_amd64_linux_vanilla=1 -I"$inc" -c "$here/axtrace.c" -o "$out/axtrace.o"
gcc -o "$out/lib/axtrace-amd64-linux" "$out/axtrace.o" -static -nodefaultlibs -nostartfiles \
  -u _start -Wl,-Ttext-segment="$(pkg-config --variable=valt_load_address valgrind 2>/dev/null || echo 0x58000000)" \
  -L"$libs" -lcoregrind-amd64-linux -lvex-amd64-linux -lgcc
for f in /usr/libexec/valgrind/*; do
  [ -e "$out/lib/$(basename "$f")" ] || ln -s "$f" "$out/lib/"
done
echo "$out/lib"
