#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Makes the AON-CiM tasks' files. Audio: a calibration clip and evaluation clips of speech
# synthesised by espeak-ng with silence and noise at known positions (tools/make_vad_audio.py),
# and the Silero VAD compressed for the analog array on the calibration clip
# (configs/recipes/aon_cim_silero.json; _a6 and _a4: 6 and 4-bit activations).
# Vision (when the model is there and ImageMagick's convert): text lines for PaddleOCR's
# direction classifier (tools/make_text_lines.py; configs/recipes/aon_cim_text{,_a4}.json).
# configs/aon_cim.json, configs/aon_cim_text.json and configs/sweeps/aon_cim_drift.json read
# them from OUT_DIR (default build/aon_cim, as they name it).
#
# Usage: tools/aon_cim_task.sh AXSIM MODELS_DIR [OUT_DIR [configs]]
# ("configs": only the traces the two configs read, at 8-bit activations: what the tests need)
# Exits 77 (skipped) when the model file is missing outside CI.
set -euo pipefail
axsim="$1"; models="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${3:-$root/build/aon_cim}"
widths=("" _a6 _a4); text_widths=("" _a4)
[ "${4:-}" = configs ] && widths=("") text_widths=("")
model="$models/silero_vad_legacy.onnx"
text_model=ch_ppocr_mobile_v2.0_cls_infer.onnx
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
for bits in "${widths[@]}"; do
  "$axsim" compress "$model" -r "$root/configs/recipes/aon_cim_silero$bits.json" \
    --input-file input="$out/calibration.npy" --input-value sr=16000 --input-value h=0 --input-value c=0 \
    -o "$out/silero_vad_aon$bits.axt" --db "$out/compress.db" >/dev/null
done
# The vision task: text lines rendered by ImageMagick (half of them turned by 180 degrees) for
# PaddleOCR's direction classifier, compressed on a calibration line at 8 and 4-bit activations.
if [ -f "$models/$text_model" ]; then
  python3 "$root/tools/make_text_lines.py" "$out/text_calibration" --count 1 --seed 7
  python3 "$root/tools/make_text_lines.py" "$out/text_eval" --count 40 --seed 2
  for bits in "${text_widths[@]}"; do
    "$axsim" compress "$models/$text_model" -r "$root/configs/recipes/aon_cim_text$bits.json" \
      --input-file x="$out/text_calibration.npy" -o "$out/text_aon$bits.axt" --db "$out/compress.db" >/dev/null
  done
fi
echo "aon_cim_task: $out/silero_vad_aon{,_a6,_a4}.axt, text_aon{,_a4}.axt, clips eval10, eval0, text_eval"
