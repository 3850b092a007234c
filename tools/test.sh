#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds axsim with its tests and runs the whole suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
ensure_deps
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DAXSIM_TESTS=ON -DAXSIM_BENCH=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --no-tests=error --output-on-failure -j"$(nproc)"
