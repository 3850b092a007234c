#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Silero VAD's LSTMs on the ESE unit with real speech: makes the audio (espeak-ng), runs the
# float model on it and compresses it with configs/recipes/ese_silero.json (the LSTMs' real
# inputs, their whole-sequence fixed-point rule), then runs configs/ese_silero.json on the trace
# with --check (the unit's outputs against the fixed-point reference, every output).
#
# Usage: tools/ese_silero.sh AXSIM MODELS_DIR OUT_DIR
# Exits 77 (skipped) when the model file is missing outside CI.
set -euo pipefail
axsim="$1"; models="$2"; out="$3"
root="$(cd "$(dirname "$0")/.." && pwd)"
model="$models/silero_vad_legacy.onnx"
if [ ! -f "$model" ]; then
  [ -n "${CI:-}" ] && { echo "ese_silero: $model missing" >&2; exit 1; }
  exit 77
fi
mkdir -p "$out"
python3 "$root/tools/make_vad_audio.py" "$out/speech"
"$axsim" compress "$model" -r "$root/configs/recipes/ese_silero.json" \
  --input-file input="$out/speech.npy" --input-value sr=16000 --input-value h=0 --input-value c=0 \
  -o "$out/silero_vad_ese.axt" --db "$out/ese_silero.db"
"$axsim" run "$root/configs/ese_silero.json" --workload "trace:$out/silero_vad_ese.axt" --check \
  --db "$out/ese_silero.db"
