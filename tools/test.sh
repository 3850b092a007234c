#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds axsim with its tests and runs the whole suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/common.sh
ensure_deps
build_axsim
tools/fetch_models.sh
ctest --test-dir build --no-tests=error --output-on-failure -j"$(nproc)"
