#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# AON-CiM end to end: the task's clips and trace made by tools/aon_cim_task.sh, the whole Silero
# VAD on the array with --check, the task scored and stored; then a rerun with the same seed,
# whose stored scores must equal the first run's; and the vision task without device noise,
# whose decisions must all be the float model's. Exits 77 when the model is missing (not CI).
# Usage: aon_cim_task_test.sh SOURCE_DIR AXSIM MODELS_DIR OUT_DIR
set -euo pipefail
src="$1"; axsim="$2"; models="$3"; out="$4"
rc=0; bash "$src/tools/aon_cim_task.sh" "$axsim" "$models" "$out" configs || rc=$?
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
# Accuracy and TOPS/W of the run, as the named query gives them.
"$axsim" query --db "$out/r.db" --format csv task 1 | tee "$out/task.csv"
grep -q '^vad,all,accuracy,0[.][0-9]' "$out/task.csv" && grep -q '^energy,all,tops_per_w,[0-9]' "$out/task.csv"
# The vision task without device noise (16-bit ADCs): every decision equals the float model's,
# which needs PaddleOCR's [2, 1] strides and its folded batch norms right.
"$axsim" run "$src/configs/aon_cim_text.json" --check --db "$out/r.db" --workload "trace:$out/text_aon.axt" \
  --set "/task/model=$models/ch_ppocr_mobile_v2.0_cls_infer.onnx" --set "/task/clips=[\"$out/text_eval\"]" \
  --set unit.params.programming_noise=false --set unit.params.drift=false --set unit.params.read_noise=false \
  --set unit.params.adc_noise_lsb=0 --set unit.params.adc_bits=16
agree=$(sqlite3 "$out/r.db" "SELECT value FROM task_metrics WHERE run_id = 3 AND task = 'classify' AND input = 'all' AND metric = 'agreement'")
echo "text direction, no device noise: agreement with the float model $agree"
[ "$agree" = 1.0 ]
# Speech labels given to the classifier: exit 2, naming the labels file and what it lacks.
rc=0
"$axsim" run "$src/configs/aon_cim_text.json" --db "$out/r.db" --workload "trace:$out/text_aon.axt" \
  --set "/task/model=$models/ch_ppocr_mobile_v2.0_cls_infer.onnx" --set "/task/clips=[\"$out/eval10\"]" \
  2> "$out/bad_labels.err" || rc=$?
cat "$out/bad_labels.err"
[ "$rc" = 2 ] && grep -q 'eval10.labels.json: expected an object with the keys "classes" and "labels"' "$out/bad_labels.err"
