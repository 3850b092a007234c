#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Usage: expect.sh WANT_EXIT REGEX CMD [ARG...]
# Runs CMD, shows its output, and passes (exit 0) only when CMD exits with WANT_EXIT and its
# output (stdout and stderr together, trailing newlines kept) matches the POSIX extended regular
# expression REGEX; "" matches anything. ctest's PASS_REGULAR_EXPRESSION ignores the exit code,
# so the CLI tests go through this instead.
set -u
if [[ $# -lt 3 ]]; then
  echo "usage: expect.sh WANT_EXIT REGEX CMD [ARG...]" >&2
  exit 2
fi
want=$1 regex=$2
shift 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" >"$log" 2>&1
got=$?
cat "$log"
out=$(cat "$log"; echo x)
out=${out%x}
status=0
if [[ $got -ne $want ]]; then
  echo "expect.sh: exit code $got, expected $want" >&2
  status=1
fi
if [[ -n $regex && ! $out =~ $regex ]]; then
  echo "expect.sh: output does not match: $regex" >&2
  status=1
fi
exit $status
