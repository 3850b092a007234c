#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Set-up shared by the tools/report_*.sh page generators; sourced, not run.
#   report_init NAME DEFAULT_PAGE [OUTPUT.md]
# sets root (the repository, also the working directory), axsim, bench, models and page from
# the environment (AXSIM, AXSIM_BENCH, AXSIM_MODELS_DIR) or their defaults, defines die and log
# (messages prefixed with NAME on stderr) and checks that axsim and sqlite3 are there.
report_init() {
  report_name="$1"
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$root"
  axsim="${AXSIM:-$root/build/tools/axsim/axsim}"
  bench="${AXSIM_BENCH:-$root/build/tests/bench/axsim_bench}"
  models="${AXSIM_MODELS_DIR:-$root/build/models}"
  page="${3:-$2}"
  [ -x "$axsim" ] || die "$axsim not found or not executable: build first (bash tools/setup.sh)"
  command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install sqlite3)"
}
die() { echo "$report_name: $*" >&2; exit 1; }
log() { echo "$report_name: $*" >&2; }
# The CPU program suite: sets suite (CPU_SUITE, default build/cpu_suite, traced by
# tools/cpu_suite/make_suite.sh when it has no manifest) and programs, its programs' names.
cpu_suite_init() {
  suite="${CPU_SUITE:-$root/build/cpu_suite}"
  if [ ! -f "$suite/manifest.tsv" ]; then
    log "tracing the program suite into $suite"
    bash tools/cpu_suite/make_suite.sh "$suite" >&2
  fi
  mapfile -t programs < <(tail -n +2 "$suite/manifest.tsv" | cut -f1)
}
