#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds axsim with its tests and runs the whole suite through ctest:
# first the Release build, then the same suite built with ASan, UBSan and libFuzzer
# (tools/test_sanitized.sh), which adds a short seeded run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/common.sh
ensure_deps "${axsim_test_packages[@]}"
build_axsim
tools/fetch_models.sh
ctest --test-dir build --no-tests=error --output-on-failure -j"$(nproc)"
tools/test_sanitized.sh
