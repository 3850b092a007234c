#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds axsim (Release) and runs the main job: the dense baseline on
# its built-in workload, checked against the reference, writing the run to axsim.db.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/common.sh
ensure_deps
build_axsim
tools/fetch_models.sh  # the real ONNX models used by the tests and docs (pinned, checksummed)
./build/tools/axsim/axsim run configs/dense.json --db axsim.db --check
