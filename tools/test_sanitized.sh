#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The sanitizer half of the test suite (docs/fuzzing.md): builds axsim and its tests with clang,
# AddressSanitizer, UBSan (first report aborts) and libFuzzer coverage in build-san/, then runs the
# ctest suite there (less the tests labelled release_only: end-to-end runs ten times slower
# under the sanitizers whose code other tests cover), which includes a short seeded run of every libFuzzer target (fuzz.*).
# Called by tools/test.sh after the Release suite; needs the Debian packages clang and
# libclang-rt-14-dev (tools/common.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/common.sh
ensure_deps "${axsim_test_packages[@]}"
build_sanitized
# The ONNX model tests read the models fetched for the Release build.
[ -e build-san/models ] || ln -s ../build/models build-san/models
# Leak checks stay on (ASan's default); a report names the test that leaked.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  ctest --test-dir build-san --no-tests=error --output-on-failure -j"$(nproc)" \
        --label-exclude release_only
