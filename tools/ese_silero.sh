#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Silero VAD's LSTMs on the ESE unit with real speech: makes a calibration clip and two
# evaluation clips (espeak-ng speech, other phrases, more noise), runs the float model on the
# calibration clip and compresses it with the recipe (the LSTMs' real inputs, their whole-sequence
# fixed-point rule), runs configs/ese_silero.json on the trace with --check (the unit's outputs
# against the fixed-point reference, every output), then compares the VAD's speech / non-speech
# decisions with the LSTMs in that fixed point against the float model on every clip
# (`axsim infer`, tools/vad_decisions.py).
#
# Usage: tools/ese_silero.sh AXSIM MODELS_DIR OUT_DIR [RECIPE]
#        (RECIPE defaults to configs/recipes/ese_silero.json)
# Exits 77 (skipped) when the model file is missing outside CI.
set -euo pipefail
axsim="$1"; models="$2"; out="$3"
root="$(cd "$(dirname "$0")/.." && pwd)"
recipe="${4:-$root/configs/recipes/ese_silero.json}"
model="$models/silero_vad_legacy.onnx"
if [ ! -f "$model" ]; then
  [ -n "${CI:-}" ] && { echo "ese_silero: $model missing" >&2; exit 1; }
  exit 77
fi
mkdir -p "$out"
inputs=(--input-value sr=16000 --input-value h=0 --input-value c=0)
python3 "$root/tools/make_vad_audio.py" "$out/speech"
python3 "$root/tools/make_vad_audio.py" "$out/eval10" --seed 2 --snr-db 10 \
  --phrase "set an alarm for seven" --phrase "play some music"
python3 "$root/tools/make_vad_audio.py" "$out/eval0" --seed 3 --snr-db 0 \
  --phrase "how is the weather today" --phrase "call my sister"
"$axsim" compress "$model" -r "$recipe" --input-file input="$out/speech.npy" "${inputs[@]}" \
  -o "$out/silero_vad_ese.axt" --db "$out/ese_silero.db"
"$axsim" run "$root/configs/ese_silero.json" --workload "trace:$out/silero_vad_ese.axt" --check \
  --db "$out/ese_silero.db"
for clip in "speech:calibration clip, 20 dB SNR" "eval10:evaluation clip, 10 dB SNR" \
            "eval0:evaluation clip, 0 dB SNR"; do
  name=${clip%%:*}
  "$axsim" infer "$model" -t "$out/silero_vad_ese.axt" -k x4 --input-file input="$out/$name.npy" \
    "${inputs[@]}" -o "$out/$name.infer.json"
  python3 "$root/tools/vad_decisions.py" "$out/$name.infer.json" "$out/$name.labels.json" \
    --name "${clip#*:}"
done
