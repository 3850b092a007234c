#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds axsim (Release) and runs the main job: the dense baseline on
# its built-in workload, writing the run to axsim.db.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
ensure_deps
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DAXSIM_TESTS=ON -DAXSIM_BENCH=ON
cmake --build build -j"$(nproc)"
./build/tools/axsim/axsim run configs/dense.json --db axsim.db --check
