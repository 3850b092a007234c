#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Makes the AON-CiM audio task's files: a calibration clip and evaluation clips of speech
# synthesised by espeak-ng with silence and noise at known positions (tools/make_vad_audio.py),
# and the Silero VAD compressed for the analog array on the calibration clip
# (configs/recipes/aon_cim_silero.json; _a6 and _a4: 6 and 4-bit activations).
# configs/aon_cim.json and configs/sweeps/aon_cim_drift.json read them from OUT_DIR (default
# build/aon_cim, as they name it).
#
# Usage: tools/aon_cim_task.sh AXSIM MODELS_DIR [OUT_DIR]
# Exits 77 (skipped) when the model file is missing outside CI.
set -euo pipefail
axsim="$1"; models="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${3:-$root/build/aon_cim}"
model="$models/silero_vad_legacy.onnx"
if [ ! -f "$model" ]; then
  [ -n "${CI:-}" ] && { echo "aon_cim_task: $model missing" >&2; exit 1; }
  exit 77
fi
mkdir -p "$out"
python3 "$root/tools/make_vad_audio.py" "$out/calibration" --snr-db 0
python3 "$root/tools/make_vad_audio.py" "$out/eval10" --seed 2 --snr-db 10 \
  --phrase "set an alarm for seven" --phrase "play some music"
python3 "$root/tools/make_vad_audio.py" "$out/eval0" --seed 3 --snr-db 0 \
  --phrase "how is the weather today" --phrase "call my sister"
# 8-bit activations (configs/aon_cim.json's trace), and the 6 and 4-bit points of the bit-width sweep.
for bits in "" _a6 _a4; do
  "$axsim" compress "$model" -r "$root/configs/recipes/aon_cim_silero$bits.json" \
    --input-file input="$out/calibration.npy" --input-value sr=16000 --input-value h=0 --input-value c=0 \
    -o "$out/silero_vad_aon$bits.axt" --db "$out/compress.db" >/dev/null
done
echo "aon_cim_task: $out/silero_vad_aon{,_a6,_a4}.axt and clips eval10, eval0"
