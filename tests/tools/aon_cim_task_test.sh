#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# AON-CiM end to end: the task's clips and trace made by tools/aon_cim_task.sh, the whole Silero
# VAD on the array with --check, the task scored and stored; then a rerun with the same seed,
# whose stored scores must equal the first run's. Exits 77 when the model is missing (not CI).
# Usage: aon_cim_task_test.sh SOURCE_DIR AXSIM MODELS_DIR OUT_DIR
set -euo pipefail
src="$1"; axsim="$2"; models="$3"; out="$4"
rc=0; bash "$src/tools/aon_cim_task.sh" "$axsim" "$models" "$out" || rc=$?
[ "$rc" = 0 ] || exit "$rc"
rm -f "$out/r.db"
for i in 1 2; do
  "$axsim" run "$src/configs/aon_cim.json" --check --db "$out/r.db" \
    --workload "trace:$out/silero_vad_aon.axt" --set "/task/model=$models/silero_vad_legacy.onnx" \
    --set "/task/clips=[\"$out/eval10\", \"$out/eval0\"]"
done
differ=$(sqlite3 "$out/r.db" "SELECT count(*) FROM (SELECT task, input, metric, value FROM task_metrics
  WHERE run_id = 1 EXCEPT SELECT task, input, metric, value FROM task_metrics WHERE run_id = 2)")
rows=$(sqlite3 "$out/r.db" "SELECT count(*) FROM task_metrics WHERE run_id = 2")
echo "task scores stored: $rows; reruns differ in: $differ"
[ "$differ" = 0 ] && [ "$rows" -gt 0 ]
