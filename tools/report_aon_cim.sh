#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/units/aon_cim.md and docs/images/aon_cim_drift.svg: the AON-CiM unit's model
# and its validation against AnalogNets (arXiv 2111.06503; docs/references.md): the PCM device
# model alone (axsim pcm, deterministic and Monte Carlo), the Silero VAD task's accuracy against
# the time since programming with and without drift compensation at 8 and 4-bit activations
# over five seeds (configs/sweeps/aon_cim_drift.json), the ideal quantized baselines, what each
# non-ideality costs, TOPS/W at 8 / 6 / 4-bit activations with the ratios between them, and
# what the unpublished parameters move.
#
# Usage, after the build and tools/fetch_models.sh:  bash tools/report_aon_cim.sh [OUTPUT.md]
# Environment: AXSIM, AXSIM_MODELS_DIR as tools/report_common.sh says; JOBS (default: nproc).
# Takes about 15 minutes on two cores (about 180 runs of the whole Silero VAD, 5-10 s each).
set -euo pipefail

source "$(dirname "$0")/report_common.sh"
report_init report_aon_cim docs/units/aon_cim.md "$@"
command -v gnuplot >/dev/null || die "gnuplot not found (apt-get install gnuplot-nox)"
jobs="${JOBS:-$(nproc)}"
figure=docs/images/aon_cim_drift.svg

# AXSIM_REPORT_WORK=DIR keeps the runs' databases there and reuses those already complete (a
# page regenerated after a change to its text); by default a scratch folder, removed at the end.
if [ -n "${AXSIM_REPORT_WORK:-}" ]; then
  work="$AXSIM_REPORT_WORK"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
rc=0; [ -n "${AXSIM_REPORT_WORK:-}" ] && [ -f build/aon_cim/text_aon_a4.axt ] ||
  bash tools/aon_cim_task.sh "$axsim" "$models" build/aon_cim >&2 || rc=$?
[ "$rc" = 0 ] || die "tools/aon_cim_task.sh failed ($rc): is $models/silero_vad_legacy.onnx there (tools/fetch_models.sh)?"
[ -f build/aon_cim/text_aon.axt ] || die "the vision task's files are missing: is ImageMagick's convert there?"

# Runs outside the sweep: one database each (NAME.db), $jobs at a time. BITS is "" (8-bit
# activations), _a6 or _a4; names starting "text" run the vision task (configs/aon_cim_text.json).
wait_slot() { while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done; }
job() {  # NAME BITS args...
  local name="$1" bits="$2" config=configs/aon_cim.json trace="build/aon_cim/silero_vad_aon$2.axt"; shift 2
  if [[ $name == text* ]]; then config=configs/aon_cim_text.json trace="build/aon_cim/text_aon$bits.axt"; fi
  [ -n "$(sqlite3 "$work/$name.db" "SELECT 1 FROM runs WHERE status = 'complete'" 2>/dev/null)" ] && return 0
  rm -f "$work/$name.db"
  wait_slot
  { "$axsim" run "$config" --trace "$trace" --db "$work/$name.db" "$@" \
      >"$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; die "run $name failed"; }; } &
}
q() { sqlite3 -batch -noheader -separator '|' "$work/$1.db" "$2"; }
acc() { q "$1" "SELECT printf('%.1f', 100 * value) FROM task_metrics WHERE input='all' AND metric='${2:-accuracy}';"; }
tops() { q "$1" "SELECT printf('%.2f', 2.0 * dense_macs / energy_pj) FROM run_totals;"; }
err() { python3 -c "print('%+.0f %%' % (100 * ($1 - $2) / $2))"; }
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
# Mean and sample sd of the accuracies (%) of runs NAME_1 .. NAME_n.
seeds_acc() {
  local name="$1" n="$2" s v=()
  for ((s = 1; s <= n; s++)); do v+=("$(acc "${name}_$s")"); done
  python3 -c "import statistics as st, sys; x=[float(a) for a in sys.argv[1:]]; print('%.1f ± %.1f' % (st.mean(x), st.stdev(x)))" "${v[@]}"
}

log "the PCM model alone"
pcm_moments=$("$axsim" pcm --format markdown)
pcm_mc=$("$axsim" pcm --samples 1000000 --format markdown)
mc_worst=$("$axsim" pcm --samples 1000000 --format csv |
  python3 -c "import csv, sys; print('%.2f' % max(100 * abs(float(r['difference'])) for r in csv.DictReader(sys.stdin)))")

log "the drift sweep (configs/sweeps/aon_cim_drift.json, 120 points)"
"$axsim" sweep configs/sweeps/aon_cim_drift.json --db "$work/sweep.db" -j "$jobs" -q >&2

log "ideal baselines, energy at 8 / 6 / 4-bit activations, ablations and sensitivity"
ideal=(--set unit.params.programming_noise=false --set unit.params.drift=false
       --set unit.params.read_noise=false --set unit.params.adc_noise_lsb=0 --set unit.params.adc_bits=16)
for b in "" _a6 _a4; do
  job "ideal$b" "$b" "${ideal[@]}"
  job "energy$b" "$b"
  job "amplitude$b" "$b" --set unit.params.input_encoding=amplitude
done
job adc_follows_a6 _a6 --set unit.params.adc_bits=6
job adc_follows_a4 _a4 --set unit.params.adc_bits=4
seeds=5
for ((s = 1; s <= seeds; s++)); do
  job "only_programming_$s" "" "${ideal[@]}" --set unit.params.programming_noise=true --set seed=$s
  job "only_drift_$s" "" "${ideal[@]}" --set unit.params.drift=true --set seed=$s
  job "only_drift_uncompensated_$s" "" "${ideal[@]}" --set unit.params.drift=true \
    --set unit.params.drift_compensation=false --set seed=$s
  job "only_read_$s" "" "${ideal[@]}" --set unit.params.read_noise=true --set seed=$s
  job "only_adc_$s" "" --set unit.params.programming_noise=false --set unit.params.drift=false \
    --set unit.params.read_noise=false --set seed=$s
done
sens_seeds=3
declare -A sens=(
  [array_128]="--set unit.params.rows=128 --set unit.params.cols=128 --set unit.params.tiles=64"
  [array_512]="--set unit.params.rows=512 --set unit.params.cols=512 --set unit.params.tiles=4 --set unit.params.adcs_per_tile=64"
  [adc_6]="--set unit.params.adc_bits=6"
  [adc_10]="--set unit.params.adc_bits=10"
  [g_max_10]="--set unit.params.g_max_us=10"
  [g_max_50]="--set unit.params.g_max_us=50"
  [headroom_1]="--set unit.params.adc_headroom=1"
  [headroom_4]="--set unit.params.adc_headroom=4"
  [layer_scaling]="--set unit.params.weight_scaling=layer"
  [ones_compensation]="--set unit.params.compensation_input=ones"
)
for k in "${!sens[@]}"; do
  for ((s = 1; s <= sens_seeds; s++)); do
    # shellcheck disable=SC2086  # the options are words
    job "sens_${k}_$s" "" ${sens[$k]} --set seed=$s
  done
done
log "the vision task"
for b in "" _a4; do
  job "text_ideal$b" "$b" "${ideal[@]}"
  job "text_energy$b" "$b"
done
for ((s = 1; s <= seeds; s++)); do
  job "text_24h_$s" "" --set seed=$s
  job "text_24h_uncompensated_$s" "" --set unit.params.drift_compensation=false --set seed=$s
  job "text_1s_$s" "" --set unit.params.t_inference_s=1 --set seed=$s
  job "text_24h_a4_$s" _a4 --set seed=$s
  job "text_devices_$s" "" --set unit.params.adc_bits=16 --set unit.params.adc_noise_lsb=0 --set seed=$s
  for part in programming_noise drift read_noise; do
    job "text_only_${part}_$s" "" "${ideal[@]}" --set "unit.params.$part=true" --set seed=$s
  done
  job "text_only_adc_$s" "" --set unit.params.programming_noise=false --set unit.params.drift=false \
    --set unit.params.read_noise=false --set seed=$s
done
job pwm_0.5 "" --set unit.params.pwm_lsb_ns=0.5
job pwm_2 "" --set unit.params.pwm_lsb_ns=2
for pid in $(jobs -p); do wait "$pid"; done

log "the accuracy curve and its figure"
sqlite3 -batch -noheader -separator ',' "$work/sweep.db" "
  SELECT (SELECT value FROM run_params WHERE run_id = r.id AND name = 'trace'),
         (SELECT value FROM run_params WHERE run_id = r.id AND name = 'compensation'),
         (SELECT value FROM run_params WHERE run_id = r.id AND name = 't_s'),
         (SELECT value FROM run_params WHERE run_id = r.id AND name = 'seed'), t.value
  FROM runs r JOIN task_metrics t ON t.run_id = r.id AND t.input = 'all' AND t.metric = 'accuracy'
  WHERE r.status = 'complete';" > "$work/curve.csv"
[ "$(wc -l < "$work/curve.csv")" = 120 ] || die "the sweep stored $(wc -l < "$work/curve.csv") of 120 points"
ideal8=$(acc ideal); ideal4=$(acc ideal_a4)
curve_table=$(python3 tools/aon_cim_curve.py "$work/curve.csv" "$ideal8" "$ideal4" "$work/curve.dat" "$work/curve.gp" "$figure")
gnuplot "$work/curve.gp"
loss24=$(python3 tools/aon_cim_curve.py --loss "$work/curve.csv" "$ideal8" 86400)
float=$(q ideal "SELECT printf('%.1f', 100 * value) FROM task_metrics WHERE input='all' AND metric='float_accuracy';")
frames=$(q ideal "SELECT printf('%.0f', value) FROM task_metrics WHERE input='all' AND metric='frames';")

# Energy per part (% of the run's), dynamic and leakage together.
share() { q "$1" "SELECT printf('%.0f', 100 * sum(dynamic_pj + leakage_pj) / (SELECT sum(dynamic_pj + leakage_pj) FROM energy))
                  FROM energy WHERE component LIKE '%$2';"; }
t8=$(tops energy); t6=$(tops energy_a6); t4=$(tops energy_a4)
f6=$(tops adc_follows_a6); f4=$(tops adc_follows_a4)
scaling8=$(q energy "SELECT printf('%.0f', 100 * sum(dynamic_pj + leakage_pj) / (SELECT sum(dynamic_pj + leakage_pj) FROM energy))
                     FROM energy WHERE component LIKE '%.array' OR component LIKE '%.dacs';")

source tools/report_aon_cim_page.sh
write_page > "$page"
log "wrote $page and $figure"
