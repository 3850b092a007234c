#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/units/scnn.md: the SCNN unit's model and its comparison with the ISCA'17 paper
# (Parashar et al., docs/references.md): AlexNet, GoogLeNet and VGG-16 conv layers on SCNN, DCNN and
# DCNN-opt, the GoogLeNet density sweep (Fig. 8), PE granularity, fc layers, coarse- against
# fine-grained pruning (Mao et al., CVPR Workshops 2017), MobileNetV3 (a real ONNX model) and
# simulation speed.
#
# Usage, after the build:  bash tools/report_scnn.sh [OUTPUT.md]   (default docs/units/scnn.md)
# Environment: AXSIM (default build/tools/axsim/axsim), AXSIM_BENCH (default
# build/tests/bench/axsim_bench, skipped when absent), AXSIM_MODELS_DIR (default build/models),
# AXSIM_JOBS (simulations run in parallel, default the number of CPUs).
# Needs sqlite3 and python3 (python3 reads the activation densities out of the traces).
#
# Cost: 14 compressions and 40 simulations. The VGG-16 compression (real activations from the
# float model) takes about 1.5 minutes; VGG-16's conv layers are the long simulations (SCNN and
# the two DCNN configs each take several minutes). The whole script takes the time printed in the
# page's last line (measured on 2 CPUs); each step's wall time is logged on stderr.
set -euo pipefail

source "$(dirname "$0")/report_common.sh"
source "$(dirname "$0")/report_scnn_targets.sh"
report_init report_scnn docs/units/scnn.md "$@"
jobs_max="${AXSIM_JOBS:-$(nproc 2>/dev/null || echo 2)}"
command -v python3 >/dev/null || die "python3 not found (apt-get install python3)"
started=$SECONDS

# AXSIM_REPORT_WORK=DIR keeps the traces, databases and logs in DIR and, when DIR already holds
# them, reuses every compression and complete run found there (to rework the page only).
if [ -n "${AXSIM_REPORT_WORK:-}" ]; then
  work="$AXSIM_REPORT_WORK"; mkdir -p "$work"
else
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fi
db="$work/runs.db"       # every simulation
cdb="$work/compress.db"  # every compression
aux="$work/aux.db"       # activation densities and groups read from the traces
out="$work/page.md"
paper_recipe=configs/recipes/scnn_paper.json
mnv3="$models/ch_ppocr_mobile_v2.0_cls_infer.onnx"
silero="$models/silero_vad_legacy.onnx"

# ---------------------------------------------------------------------------------------------
# Job control: compressions and simulations run in the background, at most $jobs_max at a time;
# each writes its --json summary (run id, status) to $work/KEY.json and its log to $work/KEY.log.
throttle() { while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done; }
compress_bg() {  # key, model, recipe, extra compress arguments
  local key="$1" model="$2" recipe="$3"; shift 3
  [ -f "$work/$key.axt" ] && return 0
  throttle
  ( t0=$SECONDS
    if "$axsim" compress "$model" -r "$recipe" -o "$work/$key.axt" --db "$cdb" "$@" >"$work/$key.clog" 2>&1; then
      log "compressed $key ($((SECONDS - t0)) s)"
    else
      rm -f "$work/$key.axt"; log "compression $key FAILED ($((SECONDS - t0)) s): $(tail -1 "$work/$key.clog")"
    fi ) &
}
run_bg() {  # key, config, trace key, extra run arguments
  local key="$1" cfg="$2" trace="$3"; shift 3
  [ -f "$work/$trace.axt" ] || { log "run $key skipped: no trace $trace"; return 0; }
  [ -n "$(rid "$key")" ] && return 0
  throttle
  ( t0=$SECONDS
    "$axsim" run "$cfg" --trace "$work/$trace.axt" --db "$db" --json "$@" >"$work/$key.json" 2>"$work/$key.log" || true
    log "ran $key: $(grep -m1 '"status"' "$work/$key.json" 2>/dev/null | tr -d ' ",' || echo 'no result') ($((SECONDS - t0)) s)" ) &
}
# Run id of a complete run, or empty.
rid() { grep -q '"status": "complete"' "$work/$1.json" 2>/dev/null && grep -m1 '"run_id"' "$work/$1.json" | tr -dc 0-9 || true; }
cid() { sqlite3 -batch -noheader "$cdb" "SELECT max(id) FROM compressions WHERE trace_path LIKE '%/$1.axt';" 2>/dev/null || true; }
q() { sqlite3 -batch -noheader -separator '|' "$db" "ATTACH '$cdb' AS c; ATTACH '$aux' AS x; $*"; }
fail_note() {  # key: why a run or compression produced nothing
  local f="$work/$1.log"; [ -s "$f" ] || f="$work/$1.clog"
  echo "**$1 failed:** \`$(grep -m1 -i 'error' "$f" 2>/dev/null | cut -c1-300 || echo 'no output')\`"
}

# A copy of scnn_paper.json with the given prune and activation settings (JSON fragments).
recipe() {  # file, name, prune json, activations json[, weight bits]
  python3 - "$paper_recipe" "$@" <<'PY'
import json, sys
src, dst, name, prune, acts = sys.argv[1:6]
r = json.load(open(src))
r["name"] = name
if prune: r["defaults"]["prune"] = json.loads(prune)
if acts: r["defaults"]["activations"] = json.loads(acts)
if len(sys.argv) > 6: r["defaults"]["quantize"]["bits"] = int(sys.argv[6])
json.dump(r, open(dst, "w"), indent=2)
PY
}

# Activation density (non-zero share of the trace's quantized input) and groups of each layer.
read_trace() {  # key
  python3 - "$work/$1.axt" "$1" "$aux" <<'PY'
import json, sqlite3, struct, sys
path, key, aux = sys.argv[1:4]
b = open(path, "rb").read()
assert b[:8] == b"AXSTRACE"
hl = struct.unpack_from("<I", b, 12)[0]
n = struct.unpack_from("<I", b, 20 + hl)[0]
p = 24 + hl
rows = []
for _ in range(n):
    assert b[p:p + 4] == b"AXLY"; p += 4
    nl = struct.unpack_from("<I", b, p)[0]; p += 4; name = b[p:p + nl].decode(); p += nl
    hl2 = struct.unpack_from("<I", b, p)[0]; p += 4; h = json.loads(b[p:p + hl2]); p += hl2
    blobs = {}
    bc = struct.unpack_from("<I", b, p)[0]; p += 4
    for _ in range(bc):
        bl = struct.unpack_from("<I", b, p)[0]; p += 4; bn = b[p:p + bl].decode(); p += bl
        sz = struct.unpack_from("<Q", b, p)[0]; p += 8; blobs[bn] = (p, sz); p += sz
    p += 4  # section CRC
    act = h.get("activations", {})
    off, sz = blobs.get(act.get("blob", "input"), (0, 0))
    width = int(act.get("bytes_per_value", 2))
    vals = struct.unpack_from("<%d%s" % (sz // width, "b" if width == 1 else "h"), b, off) if sz else ()
    dens = sum(1 for v in vals if v) / len(vals) if vals else None
    rows.append((key, name, h.get("kind"), int(h.get("groups", 1) or 1), dens))
con = sqlite3.connect(aux)
con.execute("CREATE TABLE IF NOT EXISTS acts(trace TEXT, layer TEXT, kind TEXT, groups INTEGER, density REAL)")
con.executemany("INSERT INTO acts VALUES (?,?,?,?,?)", rows)
con.commit()
PY
}

# ---------------------------------------------------------------------------------------------
# Compressions.
log "compressing (up to $jobs_max at a time)"
for m in alexnet googlenet vgg16; do compress_bg "$m" "$m" "$paper_recipe"; done
sweep="1.0 0.8 0.6 0.4 0.2 0.1"
for d in $sweep; do
  recipe "$work/sweep_$d.json" "scnn-paper-sweep-$d" "{\"density\": $d, \"granularity\": \"fine\"}" \
    "{\"source\": \"synthetic\", \"density\": $d, \"bits\": 8}"
  compress_bg "gsweep_$d" googlenet "$work/sweep_$d.json"
done
# The sweep's ends with 16-bit weights: SCNN's entries 20 bits as in the paper, not 12.
for d in 1.0 0.1; do
  recipe "$work/sweep16_$d.json" "scnn-paper-sweep16-$d" "{\"density\": $d, \"granularity\": \"fine\"}" \
    "{\"source\": \"synthetic\", \"density\": $d, \"bits\": 8}" 16
  compress_bg "gsweep16_$d" googlenet "$work/sweep16_$d.json"
done
for g in vector kernel filter; do
  recipe "$work/gran_$g.json" "scnn-paper-$g" "{\"density\": \"paper\", \"granularity\": \"$g\"}" ""
  compress_bg "alex_$g" alexnet "$work/gran_$g.json"
done
# A real model has no published densities: its real activations (scnn_real_models.json).
if [ -f "$mnv3" ]; then compress_bg mnv3 "$mnv3" configs/recipes/scnn_real_models.json --input x=1,3,48,192; fi
# ... and Silero VAD's 1-D convolutions on a synthesised speech clip (espeak-ng).
if [ -f "$silero" ] && command -v espeak-ng >/dev/null && { [ -f "$work/speech.npy" ] || python3 tools/make_vad_audio.py "$work/speech" >/dev/null; }; then
  compress_bg silero "$silero" configs/recipes/scnn_real_models.json --input-file input="$work/speech.npy" \
    --input-value sr=16000 --input-value h=0 --input-value c=0
fi
# Sensitivity traces: AlexNet with its published densities at independent positions (no
# spatial structure), GoogLeNet with random-weight forward-pass activations instead of its
# published input densities (weights pruned alike).
recipe "$work/alex_iid.json" "scnn-paper-iid" "" '{"source": "synthetic", "density": "paper", "bits": 8}'
compress_bg alex_iid alexnet "$work/alex_iid.json"
compress_bg google_ref googlenet configs/recipes/scnn_real_models.json
wait
log "compressions done ($(((SECONDS - started) / 60)) min)"
rm -f "$aux"
for k in alexnet googlenet vgg16 mnv3 silero; do [ -f "$work/$k.axt" ] && read_trace "$k"; done

# ---------------------------------------------------------------------------------------------
# Simulations, longest first so the parallel slots stay full.
conv='layer_kinds=["conv"]'
for c in scnn dcnn dcnn_opt; do run_bg "vgg16_$c" "configs/$c.json" vgg16 --check --set "$conv"; done
for c in scnn dcnn dcnn_opt; do run_bg "googlenet_$c" "configs/$c.json" googlenet --check --set "$conv"; done
for d in $sweep; do
  for c in scnn dcnn dcnn_opt; do run_bg "gsweep_${d}_$c" "configs/$c.json" "gsweep_$d" --set "$conv"; done
done
big_pe=(--set unit.params.pe_rows=2 --set unit.params.pe_cols=2 --set unit.params.f=16 --set unit.params.i=16
        --set unit.params.acc_banks=512 --set unit.params.bank_entries=32
        --set unit.params.iaram_bytes=163840 --set unit.params.oaram_bytes=163840
        --set unit.params.weight_fifo_entries=800)
# SCNN-SparseA and SCNN-SparseW (the paper's Fig. 12) at 0.4/0.4.
for c in scnn_sparse_a scnn_sparse_w; do run_bg "gsweep_0.4_$c" "configs/$c.json" gsweep_0.4 --set "$conv"; done
# ... and the three with a 1,000-entry weight FIFO (no chunk lockstep), for the ablation's errors.
for c in scnn scnn_sparse_a scnn_sparse_w; do
  run_bg "gsweep_0.4_${c}_fifo1000" "configs/$c.json" gsweep_0.4 --set "$conv" --set unit.params.weight_fifo_entries=1000
done
# Sensitivity of SCNN's cycles to its assumptions, on AlexNet and VGG-16 (section 1 traces).
# Both relaxed (queues 64 deep, FIFOs that end the chunk lockstep): googlenet_scnn_free below.
for m in alexnet googlenet vgg16; do
  run_bg "${m}_scnn_q8" configs/scnn.json "$m" --set "$conv" --set unit.params.product_queue_depth=8
  run_bg "${m}_scnn_fifo1000" configs/scnn.json "$m" --set "$conv" --set unit.params.weight_fifo_entries=1000
  [ "$m" = googlenet ] || run_bg "${m}_scnn_free" configs/scnn.json "$m" --set "$conv" \
    --set unit.params.product_queue_depth=64 --set unit.params.weight_fifo_entries=100000
done
for c in scnn dcnn; do run_bg "alex_iid_$c" "configs/$c.json" alex_iid --set "$conv"; done
for c in scnn dcnn; do run_bg "google_ref_$c" "configs/$c.json" google_ref --set "$conv"; done
# Sensitivity of SCNN's cycles to its assumed rates (bank queue, drain), on the sweep's ends.
run_bg gsweep_1.0_scnn_q8 configs/scnn.json gsweep_1.0 --set "$conv" --set unit.params.product_queue_depth=8
run_bg gsweep_0.1_scnn_halo4 configs/scnn.json gsweep_0.1 --set "$conv" --set unit.params.halo_sums_per_cycle=4
run_bg gsweep_0.1_scnn_freedrain configs/scnn.json gsweep_0.1 --set "$conv" --set unit.params.halo_sums_per_cycle=1024 \
  --set unit.params.ppu_outputs_per_cycle=1024
for d in 1.0 0.1; do
  for c in scnn dcnn dcnn_opt; do run_bg "gsweep16_${d}_$c" "configs/$c.json" "gsweep16_$d" --set "$conv"; done
done
# The sweep's ends with the assumed structures relaxed one after another (the bound table).
fifo=(--set unit.params.weight_fifo_entries=1000)
drain=(--set unit.params.halo_sums_per_cycle=1024 --set unit.params.ppu_outputs_per_cycle=1024)
for d in 1.0 0.1; do
  run_bg "gsweep_${d}_scnn_fifo1000" configs/scnn.json "gsweep_$d" --set "$conv" "${fifo[@]}"
  run_bg "gsweep_${d}_scnn_fifodrain" configs/scnn.json "gsweep_$d" --set "$conv" "${fifo[@]}" "${drain[@]}"
  run_bg "gsweep_${d}_scnn_relaxed" configs/scnn.json "gsweep_$d" --set "$conv" "${fifo[@]}" "${drain[@]}" \
    --set unit.params.product_queue_depth=8
done
run_bg googlenet_4pe configs/scnn.json googlenet --set "$conv" "${big_pe[@]}"
# PE granularity under relaxed assumptions: FIFOs deep enough to end the chunk lockstep (about
# 1,000 blocks), deeper crossbar queues, both; and the forward-pass activations.
q8=(--set unit.params.product_queue_depth=8)
free=(--set unit.params.product_queue_depth=64)
run_bg googlenet_scnn_deepfifo configs/scnn.json googlenet --set "$conv" --set unit.params.weight_fifo_entries=100000
run_bg googlenet_4pe_deepfifo configs/scnn.json googlenet --set "$conv" "${big_pe[@]}" --set unit.params.weight_fifo_entries=16000
run_bg googlenet_scnn_q8 configs/scnn.json googlenet --set "$conv" "${q8[@]}"
run_bg googlenet_4pe_q8 configs/scnn.json googlenet --set "$conv" "${big_pe[@]}" "${q8[@]}"
run_bg googlenet_scnn_free configs/scnn.json googlenet --set "$conv" "${free[@]}" --set unit.params.weight_fifo_entries=100000
run_bg googlenet_4pe_free configs/scnn.json googlenet --set "$conv" "${big_pe[@]}" "${free[@]}" \
  --set unit.params.weight_fifo_entries=16000
run_bg google_ref_4pe configs/scnn.json google_ref --set "$conv" "${big_pe[@]}"
run_bg gsweep_0.4_4pe configs/scnn.json gsweep_0.4 --set "$conv" "${big_pe[@]}"
for c in scnn dcnn dcnn_opt; do run_bg "alexnet_$c" "configs/$c.json" alexnet --check --set "$conv"; done
for c in scnn dcnn; do run_bg "alexfc_$c" "configs/$c.json" alexnet --check --set 'layer_kinds=["fc"]'; done
run_bg alexfc_scnn_q256 configs/scnn.json alexnet --set 'layer_kinds=["fc"]' --set unit.params.dram.queue_depth=256
for g in vector kernel filter; do run_bg "alex_${g}_scnn" configs/scnn.json "alex_$g" --check --set "$conv"; done
for c in scnn dcnn; do run_bg "mnv3_$c" "configs/$c.json" mnv3 --check --set "$conv"; done
for c in scnn dcnn; do run_bg "silero_$c" "configs/$c.json" silero --check --set "$conv"; done
wait
log "simulations done ($(((SECONDS - started) / 60)) min)"
# The time the compressions and simulations took when they ran (kept when the page is redone).
[ -f "$work/sim_seconds" ] || echo $((SECONDS - started)) > "$work/sim_seconds"
sim_end=$SECONDS

# ---------------------------------------------------------------------------------------------
# The page.
md() { awk -F'|' '{ printf "|"; for (i = 1; i <= NF; ++i) printf " %s |", $i; printf "\n" }'; }
pe_sum() {  # run, stat name: summed over every PE and layer
  q "SELECT coalesce(sum(value), 0) FROM stats WHERE run_id=$1 AND component LIKE 'scnn.pe%' AND name='$2';"
}
seq_sum() { q "SELECT coalesce(sum(value), 0) FROM stats WHERE run_id=$1 AND component='scnn.sequencer' AND name='$2';"; }
ppu_sum() { q "SELECT coalesce(sum(value), 0) FROM stats WHERE run_id=$1 AND component='scnn.post_processing' AND name='$2';"; }
# A real model's conv layers on DCNN and SCNN (runs KEY_scnn, KEY_dcnn of trace KEY), layer by
# layer with the sums over the network, its grouped layers and the others. Returns 1 when the
# model or a run is missing (said in the page).
real_model_table() {  # key, model file, label of the grouped rows
  local k="$1" S D C from; S=$(rid "${k}_scnn"); D=$(rid "${k}_dcnn"); C=$(cid "$k")
  if [ ! -f "$2" ]; then echo "(model not fetched: bash tools/fetch_models.sh)"; return 1; fi
  if [ -z "$S" ] || [ -z "$D" ] || [ -z "$C" ]; then
    for r in "$k" "${k}_scnn" "${k}_dcnn"; do [ -f "$work/$r.axt" ] || [ -n "$(rid "$r")" ] || { fail_note "$r"; echo; }; done
    return 1
  fi
  echo "| layer | groups | weight density | activation density | dense MACs | DCNN cycles | SCNN cycles | speedup | energy SCNN / DCNN |"
  echo "|---|---|---|---|---|---|---|---|---|"
  from="FROM layer_totals s JOIN layer_totals d ON d.run_id=$D AND d.layer_index=s.layer_index
      LEFT JOIN c.compression_layers cl ON cl.compression_id=$C AND cl.layer=s.layer
      LEFT JOIN x.acts a ON a.trace='$k' AND a.layer=s.layer WHERE s.run_id=$S"
  q "SELECT s.layer, a.groups, printf('%.0f %%', 100 * cl.density), printf('%.0f %%', 100 * a.density), s.dense_macs, d.cycles, s.cycles,
       printf('%.2f', 1.0 * d.cycles / s.cycles), printf('%.2f', s.energy_pj / d.energy_pj) $from ORDER BY s.layer_index;" | md
  local rows; for rows in "**network (sum)**|" "$3|AND a.groups > 1" "other convolutions|AND coalesce(a.groups, 1) = 1"; do
    q "SELECT '${rows%%|*}', '', '', '', sum(s.dense_macs), sum(d.cycles), sum(s.cycles), printf('%.2f', 1.0 * sum(d.cycles) / sum(s.cycles)),
         printf('%.2f', sum(s.energy_pj) / sum(d.energy_pj)) $from ${rows#*|};" | md
  done
}

declare -A netrow  # model -> "speedup|DCNN/SCNN E|DCNN/DCNN-opt E|DCNN-opt/SCNN E|min|max|min|max"

# Section 1: one network on the three configs.
network() {  # model, label
  local m="$1" label="$2" S D O C
  S=$(rid "${m}_scnn"); D=$(rid "${m}_dcnn"); O=$(rid "${m}_dcnn_opt"); C=$(cid "$m")
  echo "### $label"
  echo
  if [ -z "$S" ] || [ -z "$D" ] || [ -z "$O" ] || [ -z "$C" ]; then
    for k in "$m" "${m}_scnn" "${m}_dcnn" "${m}_dcnn_opt"; do
      [ -f "$work/$k.axt" ] || [ -n "$(rid "$k")" ] || { fail_note "$k"; echo; }
    done
    return
  fi
  echo "| layer | weight density | activation density | DCNN cycles | SCNN cycles | speedup (DCNN / SCNN cycles) | energy SCNN / DCNN | energy SCNN / DCNN-opt | energy DCNN-opt / DCNN |"
  echo "|---|---|---|---|---|---|---|---|---|"
  local from="FROM layer_totals s JOIN layer_totals d ON d.run_id=$D AND d.layer_index=s.layer_index
      JOIN layer_totals o ON o.run_id=$O AND o.layer_index=s.layer_index
      LEFT JOIN c.compression_layers cl ON cl.compression_id=$C AND cl.layer=s.layer
      LEFT JOIN x.acts a ON a.trace='$m' AND a.layer=s.layer WHERE s.run_id=$S"
  q "SELECT s.layer, printf('%.0f %%', 100 * cl.density), printf('%.0f %%', 100 * a.density), d.cycles, s.cycles,
       printf('%.2f', 1.0 * d.cycles / s.cycles), printf('%.2f', s.energy_pj / d.energy_pj),
       printf('%.2f', s.energy_pj / o.energy_pj), printf('%.2f', o.energy_pj / d.energy_pj)
     $from ORDER BY s.layer_index;" | md
  local total="SELECT printf('%.0f %%', 100.0 * sum(cl.nonzeros) / sum(cl.weights)),
       printf('%.0f %%', 100.0 * sum(a.density * s.dense_macs) / sum(s.dense_macs)), sum(d.cycles), sum(s.cycles),
       printf('%.2f', 1.0 * sum(d.cycles) / sum(s.cycles)), printf('%.2f', sum(s.energy_pj) / sum(d.energy_pj)),
       printf('%.2f', sum(s.energy_pj) / sum(o.energy_pj)), printf('%.2f', sum(o.energy_pj) / sum(d.energy_pj)) $from"
  q "$total;" | awk '{ print "**network (sum)**|" $0 }' | md
  [ "$m" = googlenet ] && q "$total AND s.layer LIKE 'inception%';" | awk '{ print "inception modules only|" $0 }' | md
  echo
  echo "(activation density of the whole network weighted by dense MACs)"
  echo
  netrow[$m]=$(q "SELECT 1.0 * sum(d.cycles) / sum(s.cycles), sum(d.energy_pj) / sum(s.energy_pj),
      sum(d.energy_pj) / sum(o.energy_pj), sum(o.energy_pj) / sum(s.energy_pj),
      min(d.energy_pj / s.energy_pj), max(d.energy_pj / s.energy_pj),
      min(o.energy_pj / s.energy_pj), max(o.energy_pj / s.energy_pj) $from;")
}

{
cat <<'MODEL_EOF'
# SCNN unit (`type: "scnn"`)

<!-- Generated by tools/report_scnn.sh: edit the script, not this page. -->

SCNN ([Parashar et al.](../references.md#parashar2017scnn), "SCNN: An Accelerator for
Compressed-sparse Convolutional Neural Networks", ISCA 2017) runs convolutions with both weights
and activations compressed, on a grid of PEs that each multiply every non-zero weight by every
non-zero activation. `configs/scnn.json` is the paper's 64-PE, 1,024-multiplier, 16 nm design;
DCNN and DCNN-opt, its dense comparison points, are configurations of the dense unit
(`configs/dcnn.json`, `configs/dcnn_opt.json`, [dense.md](dense.md)). All three replay the same
traces.

## The model (PT-IS-CP-sparse)

| structure | in the model | paper (Sec. 4 and Table 3) |
|---|---|---|
| planar tiling | the input plane is split evenly over `pe_rows x pe_cols` PEs (all channels of a tile in one PE); a PE's accumulators cover the outputs its products reach plus those it owns (the output plane split the same way); a layer whose output is one row high (a 1-D convolution) is split along its width over all PEs as one chain snaking over the mesh (our mapping: the paper has no such layer) | 8 x 8 PEs, input-stationary |
| output-channel groups | Kc = the most output channels whose partial sums (that region) fit one accumulator buffer (`acc_banks x bank_entries`) in every PE; the layer runs K/Kc groups | Kc chosen to fit the accumulators |
| layer sequencer + DRAM (`scnn.sequencer`, `scnn.dram`) | cuts each (group, input channel) weight block into chunks of whole F-vectors of at most half the weight FIFO (24 of 50 entries: one chunk is read while the next arrives), requests them from DRAM in order with at most the DRAM stream's bandwidth-delay product (latency x bandwidth) requested and not yet broadcast, and writes each arrived chunk into every PE's FIFO in the cycle all of them have room; if the input tiles exceed the IARAMs, the layer runs in bands of output rows whose input tiles fit: the layer before wrote the input to DRAM (charged once, first), each band's tiles are read once before its first chunk, and the band fetches every weight chunk again (a tile that exceeds the IARAM even in a one-row band streams its channel's activations with each block's first chunk) | DRAM controller broadcasts weights, streams activations |
| weight FIFO (per PE) | a structure of `weight_fifo_entries` non-zero weights holding chunks in order; a chunk is readable the cycle after it is written and its room writable the cycle after the PE's last read (registered at both ends) | 50 entries (500 B) |
| multiplier array (`scnn.peY_X`) | each cycle one pair: a vector of up to F non-zero weights of the chunk and a vector of up to I non-zero activations of the same stride phase; each activation vector, read from the IARAM once per chunk, meets every weight vector of the chunk in turn (the paper's loop order ... W, H, then Kc, R, S); `multiply_cycles` = `vector_pairs` = cycles the array took a pair | F x I = 4 x 4 multipliers |
| coordinates and crossbar | every product's output coordinate is computed; products falling off the plane are dropped; the others enter their multiplier's queue (`product_queue_depth` = 2, assumed) in front of the F·I x A crossbar; each cycle every bank grants one queue head (rotating priority over the multipliers) and adds it into the entry (bank = address mod A); a head that loses waits and blocks its queue; the array stalls while a queue it would write is full | 16 x 32 arbitrated scatter crossbar, A = 32 banks |
| accumulators | two buffers of A banks x `bank_entries`, `accumulator_bits` wide: a group adds into one while the previous group drains from the other; additions saturate at 24 bits (counted in `accumulator_saturations`) | 24-bit, double-buffered |
| barrier | a group ends when every PE has taken every chunk and its queues have drained; the sequencer sees it the cycle after | barrier at output-channel-group boundaries |
| post-processing and halos (`scnn.post_processing`) | after the barrier, cycle by cycle in every PE at once: halo partial sums (region entries another PE owns) leave in raster order at `halo_sums_per_cycle`, cross a link of `halo_link_cycles` into the owner's inbound queue (`halo_queue_depth`; a full queue holds the sender) and are added there at the same rate; the PPU takes `ppu_outputs_per_cycle` own outputs per cycle in raster order (ReLU, into the OARAM), waiting at an output whose halo sums have not all been added; group g + 1 starts once g's barrier has passed and g - 1 has drained | halo exchange with neighbours, ReLU, compression into OARAM |
| strides | a strided layer runs each stride phase (x mod stride, y mod stride against the matching kernel positions) as its own sub-convolution, so no product falls between outputs | not described in the paper (assumption) |

**Data.** The unit reads the trace's `scnn` encoding of each layer (SCNN's format: per input
channel the entry count, the codes, the 4-bit zero-run indices) and computes the real products
of its levels with the trace's activations, so its outputs equal the reference computed from the
trace alone exactly (`--check`, tests). The weight bytes fetched from DRAM are the stored bits of
each (group, channel) block, so a layer moves exactly the bytes of its encoding (the
`weight_bytes` stat; with `configs/recipes/scnn_paper.json` 8-bit weights plus 4-bit indices;
the paper's are 16-bit, whose cost the sweep section measures). Activation sizes (IARAM tiles, outputs) are the unit's own compression of the
values it holds, in SCNN's format at `data_bits` (16) plus a 4-bit index per stored value.

**Energy and area** (`configs/tech/16nm.json`, the structure model of
[energy-tables.md](../energy-tables.md)): every cost is priced from what the structure is; no
number comes from the paper, whose Table 4 and Table 5 are targets below. Per product computed
(dropped ones included) a 16-bit multiply and a 24-bit accumulating add and its coordinate (three
16-bit adds); per product that lands one crossbar traversal (the mux path and the wire across
the 16 x 32 crossbar of 29-bit words) and an accumulator read and write (one 32 x 24-bit bank
with a read and a write port); an IARAM read per activation vector and a weight-FIFO read per
vector pair (the 50-entry FIFO is a register file); the FIFO writes of every broadcast block in
every PE; at each group's drain an accumulator read per entry and, per halo sum, a 24-bit wire
over one PE's side and the owner's accumulator read and write; OARAM writes of the compressed
outputs; the DRAM's commands, refreshes and background from its preset's datasheet currents
([dram.md](../dram.md)). Each PE has one child component per Table 4 row with its area
and leakage.

**DCNN and DCNN-opt** keep activations on chip between layers as SCNN does
(`input_buffer.keeps_activations`): outputs are not written to DRAM, and a layer's input is
read from DRAM only when it does not fit half the 1 MiB input buffer (it is then charged its
write-back too). SCNN's spill rule is the same with its IARAMs. The stored tensor is the next
layer's input (after pooling, which neither unit models), so no GoogLeNet layer spills on either
unit, as the paper reports for SCNN.

**Where it differs from the paper.** Assumed where the paper is silent: the crossbar's queues
(one per multiplier, 2 deep, rotating-priority arbitration), the bank mapping (address mod A,
region entries in (k, y, x) order), chunks of half the weight FIFO, the drain rates
(`halo_sums_per_cycle`, `ppu_outputs_per_cycle`), the halo link latency and queue, and the
stride handling; their cost is measured in the sensitivity tables below. Simplified: a halo sum
goes straight to its owner over one link (diagonal neighbours too, no multi-hop routing, no
contention between links into one PE beyond the owner's queue); the weight broadcast takes no
bus cycles beyond the FIFO's registered write; a padding entry of the weight format is fetched
but takes no FIFO entry; the order of weights inside a block (k, then r, s) is an assumption
and sets which products meet in a bank; a layer with a 1 x 1 input (fully connected) has its
input channels dealt out over the PEs (channel c on PE c mod N, each weight block written only
into that PE's FIFO) and every output's partial sums sent to its owner (PE k mod N) like halo
sums, a mapping the paper does not describe. An input
that does not fit the IARAMs runs in bands of output rows whose tiles fit: the layer before
wrote it to DRAM once, each band's rows are read once, and the weights are fetched once per band
(the dense unit bands a spilled input the same way). The dense comparison
points are the dense unit's output-stationary dataflow (16-term dot products per PE, operands
broadcast along PE rows and columns from 64-bank buffers), not the paper's PT-IS-DP-dense.
Weight broadcast wires (both units), control and clock are not costed.

**Cycle stack.** Each PE is a lane (`axsim query cycles RUN`). A cycle in which the multiplier
array issues an F×I vector pair is `compute`; one where the pair waits for room in a crossbar
queue is `queue_full`; cycles waiting for weights to reach the FIFO (DRAM fetch or broadcast
behind the slowest PE's FIFO) are `memory_wait`; the crossbar queues emptying after the group's
last pair, and waiting for the post-processing units to free the other accumulator buffer, are
`drain` (so is the registered cycle in which the next group starts); a PE done with its group
while others are not is at the `barrier` (load imbalance). The crossbar queues draining while a
PE waits for weights count as `memory_wait`: the multipliers wait for the weights.
MODEL_EOF
echo
# What the simplified halo path can cost: the sums a mesh would route over two links, and what the
# whole drain costs (runs with it unlimited).
far() { local R; R=$(rid "$1"); [ -n "$R" ] || { echo "?"; return; }
  q "SELECT printf('%.1f %%', 100.0 * sum(CASE WHEN name = 'halo_sums_beyond_neighbours' THEN value END)
       / sum(CASE WHEN name = 'halo_sums' THEN value END)) FROM stats WHERE run_id=$R AND component LIKE '%post_processing';"; }
cost_pct() { local a b; a=$(rid "$1"); b=$(rid "$2"); [ -n "$a" ] && [ -n "$b" ] || { echo "?"; return; }
  awk -v x="$(q "SELECT sum(cycles) FROM layers WHERE run_id=$a;")" -v y="$(q "SELECT sum(cycles) FROM layers WHERE run_id=$b;")" \
    'BEGIN { printf "%.1f %%", 100 * (x - y) / x }'; }
echo "**What the simplified halo path can cost.** The halo sums a mesh would route over two links"
echo "(to the PE diagonally across: \`halo_sums_beyond_neighbours\`) are $(far alexnet_scnn) / $(far googlenet_scnn) /"
echo "$(far vgg16_scnn) of the halo sums on AlexNet / GoogLeNet / VGG-16 (section 1's runs) and $(far gsweep_0.1_scnn)"
echo "at the sweep's 0.1/0.1. Routed through a neighbour, each would take a second link slot, so the"
echo "halo traffic would grow by at most that share; the whole drain (halo sums and PPUs) costs"
echo "$(cost_pct gsweep_0.1_scnn gsweep_0.1_scnn_freedrain) of SCNN's cycles at 0.1/0.1 and $(cost_pct gsweep_1.0_scnn_fifo1000 gsweep_1.0_scnn_fifodrain) at 1.0/1.0 (the same"
echo "traces with the drain unlimited: the sweep's sensitivity and bound tables), which bounds what"
echo "the simplification can hide."
echo
echo "<!-- TARGETS -->"
echo
echo "## AlexNet, GoogLeNet and VGG-16: conv layers on SCNN, DCNN and DCNN-opt"
echo
echo "Paper ([Parashar et al., ISCA 2017](../references.md#parashar2017scnn)): SCNN is 2.37x faster than"
echo "DCNN on AlexNet (network) and 2.7x on average over the three networks; DCNN-opt is 2.0x and SCNN"
echo "2.3x more energy-efficient than DCNN on average; per layer SCNN's energy is 0.89x-4.7x better than"
echo "DCNN's and 0.76x-1.9x better than DCNN-opt's, the worst cases being the input layers (AlexNet"
echo "conv1, VGG conv1_1), whose activations are dense [T]. The paper's per-layer densities are only in a"
echo "bar chart (Fig. 1); its first author's Timeloop ships GoogLeNet's as numbers (below)."
echo
echo "Ours: each built-in model compressed with \`configs/recipes/scnn_paper.json\` (Deep Compression"
echo "weight densities where published, 8-bit weights, each layer's input at the density measured on"
echo "the trained, pruned network (Han et al. NIPS 2015 Tables 4-5), zeros in spatial clusters: the"
echo "activation density is the share of non-zero values of each layer's quantized input in the"
echo "trace), then the same trace run on \`configs/dcnn.json\`, \`configs/dcnn_opt.json\`"
echo "and \`configs/scnn.json\` with \`--set layer_kinds=[\"conv\"] --check\` (all outputs equal the"
echo "reference). Energy ratios are SCNN's energy divided by the other's: below 1 SCNN uses less."
echo "The built-in models have synthetic (not trained) weights, so only the weight densities, not the"
echo "values, are the paper's."
echo
echo "**GoogLeNet**'s inception modules get the per-layer weight and input densities of the pruned"
echo "GoogLeNet that SCNN's first author ships with Timeloop ([Parashar et al., ISPASS"
echo "2019](../references.md#parashar2019timeloop), \`src/data/cnn/densities.csv\`: 30-49 % weights,"
echo "22-96 % inputs; the file's VGG-16 rows follow Han et al.'s pruning, so these are most likely"
echo "the network of SCNN's evaluation, an inference). Its stem (conv1, conv2) has none"
echo "published and runs on stand-ins (dense weights, 45 % inputs), outside the modules the paper"
echo "evaluates; the sensitivity table runs GoogLeNet with random-weight forward-pass activations."
echo
network alexnet AlexNet
network googlenet "GoogLeNet (inception modules: Timeloop's published densities, see above)"
network vgg16 VGG-16
echo "### Per network, beside the paper"
echo
echo "Factors are DCNN (or DCNN-opt) over SCNN, as the paper states them: above 1 SCNN is better."
echo
echo "| network | speedup over DCNN | paper | energy DCNN / SCNN | DCNN / DCNN-opt | DCNN-opt / SCNN | per-layer DCNN / SCNN | per-layer DCNN-opt / SCNN |"
echo "|---|---|---|---|---|---|---|---|"
for m in alexnet googlenet vgg16; do
  [ -n "${netrow[$m]:-}" ] || continue
  paper=""; [ "$m" = alexnet ] && paper="2.37x [T]"; [ "$m" = googlenet ] && paper="withheld"; [ "$m" = vgg16 ] && paper="withheld"
  echo "$m|${netrow[$m]}" | awk -F'|' -v p="$paper" '{ printf "| %s | %.2fx | %s | %.2fx | %.2fx | %.2fx | %.2fx-%.2fx | %.2fx-%.2fx |\n", $1, $2, p, $3, $4, $5, $6, $7, $8, $9 }'
done
for m in alexnet googlenet vgg16; do echo "${netrow[$m]:-}"; done | awk -F'|' 'NF > 1 { n++; s += $1; e += $2; o += $3; eo += $4 }
  END { if (n) printf "| mean of %d | %.2fx | 2.7x [T] | %.2fx (paper 2.3x [T]) | %.2fx (paper 2.0x [T]) | %.2fx | paper 0.89x-4.7x [T] | paper 0.76x-1.9x [T] |\n", n, s / n, e / n, o / n, eo / n }'
echo
echo "## Density sweep on GoogLeNet (paper Fig. 8)"
echo
echo "Paper: with weight density = activation density, at 1.0/1.0 SCNN reaches 79 % of DCNN's"
echo "performance and uses 33 % more energy; it is faster than DCNN below about 0.85, more"
echo "energy-efficient than DCNN below about 0.83 and than DCNN-opt below 0.6; at 0.1/0.1 it is 24x"
echo "faster and uses 6 % of DCNN's and 23 % of DCNN-opt's energy [T]."
echo
echo "Ours: GoogLeNet compressed with copies of \`scnn_paper.json\` whose prune density (fine) and"
echo "synthetic activation density are both d; all conv layers, whole network."
echo
echo "| density | DCNN cycles | DCNN-opt cycles | SCNN cycles | SCNN speedup over DCNN | over DCNN-opt | energy SCNN / DCNN | energy SCNN / DCNN-opt |"
echo "|---|---|---|---|---|---|---|---|"
: > "$work/sweep.txt"
for d in $sweep; do
  S=$(rid "gsweep_${d}_scnn"); D=$(rid "gsweep_${d}_dcnn"); O=$(rid "gsweep_${d}_dcnn_opt")
  if [ -z "$S" ] || [ -z "$D" ] || [ -z "$O" ]; then echo "| $d | (a run failed, see the log) | | | | | | |"; continue; fi
  r=$(q "SELECT d.c, o.c, s.c, 1.0 * d.c / s.c, 1.0 * o.c / s.c, s.e / d.e, s.e / o.e FROM
      (SELECT sum(cycles) c, sum(energy_pj) e FROM layer_totals WHERE run_id=$S) s,
      (SELECT sum(cycles) c, sum(energy_pj) e FROM layer_totals WHERE run_id=$D) d,
      (SELECT sum(cycles) c, sum(energy_pj) e FROM layer_totals WHERE run_id=$O) o;")
  echo "$d|$r" >> "$work/sweep.txt"
  echo "$d|$r" | awk -F'|' '{ printf "| %s | %d | %d | %d | %.2fx | %.2fx | %.3f | %.3f |\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
done
echo
# Crossovers: linear interpolation between the two sweep points where the ratio crosses 1.
awk -F'|' '
  function cross(col, above, what,    i, a, b) {
    for (i = 1; i < n; ++i) {
      a = v[i, col]; b = v[i + 1, col]
      if ((above && a < 1 && b >= 1) || (!above && a > 1 && b <= 1)) {
        printf "- %s below density %.2f (between %s and %s)\n", what, d[i] + (1 - a) * (d[i + 1] - d[i]) / (b - a), d[i], d[i + 1]; return }
    }
    if (n && ((above && v[1, col] >= 1) || (!above && v[1, col] <= 1))) printf "- %s at every density measured (already at %s)\n", what, d[1]
    else if (n) printf "- %s at none of the densities measured (not even %s)\n", what, d[n]
  }
  { n++; d[n] = $1; for (c = 2; c <= NF; ++c) v[n, c] = $c }
  END {
    cross(5, 1, "SCNN is faster than DCNN (paper: below ~0.85)")
    cross(7, 0, "SCNN uses less energy than DCNN (paper: below ~0.83)")
    cross(8, 0, "SCNN uses less energy than DCNN-opt (paper: below 0.6)")
    for (i = 1; i <= n; ++i) {
      if (d[i] == 1) printf "- at 1.0/1.0: SCNN reaches %.0f %% of DCNN performance with %+.0f %% energy (paper: 79 %%, +33 %%)\n", 100 * v[i, 5], 100 * (v[i, 7] - 1)
      if (d[i] == 0.1) printf "- at 0.1/0.1: %.1fx speedup, %.0f %% of DCNN energy, %.0f %% of DCNN-opt energy (paper: 24x, 6 %%, 23 %%)\n", v[i, 5], 100 * v[i, 7], 100 * v[i, 8]
    }
  }' "$work/sweep.txt"
echo
echo "### Energy by action (pJ per dense MAC)"
echo
echo "Every action each unit charges, summed over the network, divided by the dense MACs of the"
echo "trace (so the columns add up to each unit's energy per dense MAC; leakage is the last row)."
echo "Per-action energies and their sources: [energy-tables.md](../energy-tables.md#how-structures-are-priced)."
echo
action_rows() {  # run id at 1.0, run id at 0.1
  q "WITH m1 AS (SELECT sum(dense_macs) n FROM layers WHERE run_id=$1), m2 AS (SELECT sum(dense_macs) n FROM layers WHERE run_id=$2),
       a AS (SELECT run_id, CASE WHEN component LIKE 'scnn.pe%' THEN 'scnn.peY_X' ELSE component END comp, action,
                    sum(count) n, max(energy_per_action_pj) e, sum(energy_pj) pj
             FROM actions WHERE run_id IN ($1, $2) GROUP BY 1, 2, 3)
     SELECT a1.comp, a1.action, a1.n, printf('%.4g', a1.e), printf('%.4f', a1.pj / (SELECT n FROM m1)),
            printf('%.4f', coalesce(a2.pj, 0) / (SELECT n FROM m2))
     FROM a a1 LEFT JOIN a a2 ON a2.run_id=$2 AND a2.comp=a1.comp AND a2.action=a1.action
     WHERE a1.run_id=$1 AND a1.n > 0 ORDER BY a1.pj DESC;"
  q "SELECT 'all', 'leakage', '', '', printf('%.4f', (SELECT sum(leakage_pj) FROM energy WHERE run_id=$1) / (SELECT sum(dense_macs) FROM layers WHERE run_id=$1)),
            printf('%.4f', (SELECT sum(leakage_pj) FROM energy WHERE run_id=$2) / (SELECT sum(dense_macs) FROM layers WHERE run_id=$2));"
  q "SELECT '**total**', '', '', '', printf('**%.4f**', (SELECT sum(dynamic_pj + leakage_pj) FROM energy WHERE run_id=$1) / (SELECT sum(dense_macs) FROM layers WHERE run_id=$1)),
            printf('**%.4f**', (SELECT sum(dynamic_pj + leakage_pj) FROM energy WHERE run_id=$2) / (SELECT sum(dense_macs) FROM layers WHERE run_id=$2));"
}
for c in scnn dcnn dcnn_opt; do
  A=$(rid "gsweep_1.0_$c"); B=$(rid "gsweep_0.1_$c")
  [ -n "$A" ] && [ -n "$B" ] || continue
  echo "**$c** (\`configs/$c.json\`)"
  echo
  echo "| component | action | count at 1.0 | pJ per action | pJ / dense MAC at 1.0 | pJ / dense MAC at 0.1 |"
  echo "|---|---|---|---|---|---|"
  action_rows "$A" "$B" | md
  echo
done
echo "The DRAM (8 LPDDR4-3200 channels, [dram.md](../dram.md)) is priced from its datasheet currents:"
echo "its accesses (activates and bursts) and, while the layer runs, its refreshes and its standby and"
echo "power-down background. Accelerator papers usually count DRAM accesses only; the ratios with the"
echo "same runs' background and refresh energy left out (a view of the same counts, not a model setting):"
echo
echo "| energy counted | SCNN / DCNN at 1.0 | at 0.1 | SCNN / DCNN-opt at 1.0 | at 0.1 |"
echo "|---|---|---|---|---|"
recost() {  # run id, 1 to leave out the DRAM's background and refresh: the run's energy
  q "SELECT (SELECT sum(dynamic_pj + leakage_pj) FROM energy WHERE run_id=$1)
          - $2 * (SELECT coalesce(sum(energy_pj), 0) FROM actions WHERE run_id=$1 AND component LIKE '%.dram'
                  AND (action LIKE '%standby%' OR action LIKE '%powerdown%' OR action = 'refresh'));"
}
S1=$(rid gsweep_1.0_scnn); D1=$(rid gsweep_1.0_dcnn); O1=$(rid gsweep_1.0_dcnn_opt)
S2=$(rid gsweep_0.1_scnn); D2=$(rid gsweep_0.1_dcnn); O2=$(rid gsweep_0.1_dcnn_opt)
if [ -n "$S1" ] && [ -n "$D1" ] && [ -n "$O1" ] && [ -n "$S2" ] && [ -n "$D2" ] && [ -n "$O2" ]; then
  for e in 0 1; do
    echo "$e $(recost "$S1" $e) $(recost "$D1" $e) $(recost "$O1" $e) $(recost "$S2" $e) $(recost "$D2" $e) $(recost "$O2" $e)" |
      awk '{ printf "| %s | %.3f | %.3f | %.3f | %.3f |\n", $1 == 0 ? "everything (the model)" : "DRAM accesses only (no DRAM background, no refresh)", $2 / $3, $5 / $6, $2 / $4, $5 / $7 }'
  done
fi
echo
echo "The recipe quantizes weights to 8 bits (with full-range 16-bit levels, 0.2 % of AlexNet conv1's"
echo "additions saturate SCNN's 24-bit accumulators), so SCNN and DCNN-opt fetch 12-bit entries (8-bit"
echo "weight, 4-bit index) where the paper's fetch 20, and DCNN 8-bit weights where the paper's fetch 16."
echo "The sweep's ends with 16-bit weights instead (traces \`gsweep16_*\`; values saturate; SCNN's"
echo "cycles change by less than 4 %, through the larger weight fetches):"
echo
echo "| weights | energy SCNN / DCNN at 1.0 | at 0.1 | SCNN / DCNN-opt at 1.0 | at 0.1 |"
echo "|---|---|---|---|---|"
e_of() { q "SELECT sum(dynamic_pj + leakage_pj) FROM energy WHERE run_id=$1;"; }
for t in gsweep gsweep16; do
  ids=""; for d in 1.0 0.1; do for c in scnn dcnn dcnn_opt; do ids="$ids $(rid "${t}_${d}_$c")"; done; done
  set -- $ids; [ $# -eq 6 ] || { echo "| $t | (a run failed) | | | |"; continue; }
  label="8-bit (as configured)"; [ $t = gsweep ] || label="16-bit (as the paper)"
  echo "$(e_of $1) $(e_of $2) $(e_of $3) $(e_of $4) $(e_of $5) $(e_of $6)" |
    awk -v l="$label" '{ printf "| %s | %.3f | %.3f | %.3f | %.3f |\n", l, $1 / $2, $4 / $5, $1 / $3, $4 / $6 }'
done
echo
echo "### Where SCNN's cycles go"
echo
echo "Per PE, averaged over the 64 PEs (sums over the network): *multiply* is the cycles the array took"
echo "a pair (= vector pairs); *crossbar stalls* the cycles a pair waited for room in a crossbar queue;"
echo "*queue drain* the cycles the queues emptied with no pair to issue; *weight waits* the cycles the"
echo "FIFO had no readable chunk (the broadcast advances with the slowest PE's FIFO); *barrier waits*"
echo "the cycles at each group's barrier. *drain* is the post-processing units' summed drain time"
echo "(it overlaps the next group's compute)."
echo
echo "| density | cycles | multiply (pairs) | idle multiplier slots / 16 | crossbar stalls | queue drain | weight waits | barrier waits | drain |"
echo "|---|---|---|---|---|---|---|---|---|"
for d in $sweep; do
  S=$(rid "gsweep_${d}_scnn"); [ -n "$S" ] || continue
  c=$(q "SELECT sum(cycles) FROM layers WHERE run_id=$S;")
  echo "$d $c $(pe_sum "$S" multiply_cycles) $(pe_sum "$S" idle_multiplier_slots) $(pe_sum "$S" crossbar_stall_cycles) $(pe_sum "$S" queue_drain_cycles) $(pe_sum "$S" weight_wait_cycles) $(seq_sum "$S" barrier_wait_cycles) $(ppu_sum "$S" drain_cycles)" |
    awk '{ printf "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %d |\n", $1, $2, $3 / 64, $4 / 64 / 16, $5 / 64, $6 / 64, $7 / 64, $8 / 64, $9 }'
done
echo
echo
echo "The same traces with one assumed rate changed (\`--set unit.params...\`), against DCNN's cycles:"
echo
echo "| density | SCNN as configured | change | SCNN cycles | speedup over DCNN |"
echo "|---|---|---|---|---|"
sens_row() {  # density, key, change
  local S D A; S=$(rid "gsweep_$1_scnn"); D=$(rid "gsweep_$1_dcnn"); A=$(rid "$2")
  [ -n "$S" ] && [ -n "$D" ] && [ -n "$A" ] || { echo "| $1 | (a run failed) | $3 | | |"; return; }
  local cs cd ca; cs=$(q "SELECT sum(cycles) FROM layers WHERE run_id=$S;"); cd=$(q "SELECT sum(cycles) FROM layers WHERE run_id=$D;")
  ca=$(q "SELECT sum(cycles) FROM layers WHERE run_id=$A;")
  awk -v d="$1" -v cs="$cs" -v cd="$cd" -v ca="$ca" -v ch="$3" 'BEGIN { printf "| %s | %d (%.2fx) | %s | %d | %.2fx |\n", d, cs, cd / cs, ch, ca, cd / ca }'
}
sens_row 1.0 gsweep_1.0_scnn_q8 "\`product_queue_depth\` 2 -> 8"
sens_row 0.1 gsweep_0.1_scnn_halo4 "\`halo_sums_per_cycle\` 1 -> 4"
sens_row 0.1 gsweep_0.1_scnn_freedrain "drain unlimited (halo and PPU 1024 per cycle)"
echo
echo "**From the ideal to the configured SCNN.** Each row of this table adds one cause to the one"
echo "above, at the sweep's two ends (the same traces; the first three rows are computed from the"
echo "configured run's stats, which do not depend on the relaxed structures; the others are runs)."
echo "Speedups are over DCNN's cycles."
echo
echo "| cycles from | 1.0/1.0 cycles | speedup | 0.1/0.1 cycles | speedup |"
echo "|---|---|---|---|---|"
pairs_bound() {  # run, 'avg' or 'max': per layer the mean or the busiest PE's vector pairs, summed
  q "SELECT round(sum(v)) FROM (SELECT $2(p) v FROM (SELECT layer_index, component, sum(value) p FROM stats
       WHERE run_id=$1 AND component LIKE 'scnn.pe%' AND name='multiply_cycles' GROUP BY 1, 2) GROUP BY layer_index);"
}
bound_row() {  # label, then for each of 1.0 and 0.1: a cycle count
  awk -v l="$1" -v a="$2" -v da="$4" -v b="$3" -v db="$5" \
    'BEGIN { printf "| %s | %d | %.1fx | %d | %.1fx |\n", l, a, da / a, b, db / b }'
}
S1=$(rid gsweep_1.0_scnn); S2=$(rid gsweep_0.1_scnn); D1=$(rid gsweep_1.0_dcnn); D2=$(rid gsweep_0.1_dcnn)
if [ -n "$S1" ] && [ -n "$S2" ] && [ -n "$D1" ] && [ -n "$D2" ]; then
  dc1=$(q "SELECT sum(cycles) FROM layers WHERE run_id=$D1;"); dc2=$(q "SELECT sum(cycles) FROM layers WHERE run_id=$D2;")
  bound_row "every useful product on one of the 1,024 multipliers" \
    "$(awk -v n="$(pe_sum "$S1" useful_products)" 'BEGIN { print n / 1024 }')" \
    "$(awk -v n="$(pe_sum "$S2" useful_products)" 'BEGIN { print n / 1024 }')" "$dc1" "$dc2"
  bound_row "+ partly filled F x I vectors (the mean PE's vector pairs)" "$(pairs_bound "$S1" avg)" "$(pairs_bound "$S2" avg)" "$dc1" "$dc2"
  bound_row "+ load imbalance (each layer's busiest PE's vector pairs)" "$(pairs_bound "$S1" max)" "$(pairs_bound "$S2" max)" "$dc1" "$dc2"
  for k in "relaxed|+ crossbar, barriers, DRAM latency: FIFO 1,000, drain unlimited, queues 8 deep" \
           "fifodrain|+ crossbar queues 2 deep (as configured)" \
           "fifo1000|+ drain rates as configured" "|+ weight FIFO 50 entries: SCNN as configured"; do
    key=${k%%|*}; A=$(rid "gsweep_1.0_scnn${key:+_$key}"); B=$(rid "gsweep_0.1_scnn${key:+_$key}")
    [ -n "$A" ] && [ -n "$B" ] || { echo "| ${k#*|} | (a run failed) | | | |"; continue; }
    bound_row "${k#*|}" "$(q "SELECT sum(cycles) FROM layers WHERE run_id=$A;")" \
      "$(q "SELECT sum(cycles) FROM layers WHERE run_id=$B;")" "$dc1" "$dc2"
  done
fi
echo
cat <<'SWEEP_EOF'
**Where the sweep differs from the paper, and why.** *Speed.* The bound table separates what
the data and the paper's tiling impose from what our assumed structures add. Two losses come
with the tiling: a vector holds non-zeros of one input channel's tile (I) or of one (group,
channel) weight block (F), so partly filled vectors waste multiplier slots (the 7 x 7 planes of
the last modules on 8 x 8 PEs, stride phases, and at 0.1/0.1 about one non-zero activation per
channel in a tile), and every layer waits for its busiest PE. At 0.1/0.1 these two alone allow
about the paper's 24x; what stands between it and our figure are structures the paper does not
describe, whose sizes are our assumptions: the drain rates (1 halo sum and 4 outputs per PE per
cycle), the weight FIFO written in chunks of half its 50 entries in lockstep into all 64 PEs,
and, least, the crossbar queues, barriers and each layer's DRAM latency. At 1.0/1.0 the same two
losses already bound SCNN below the paper's 0.79x of DCNN's performance, and the 2-deep crossbar
queues cost most of the rest (the FIFO and the drain rates cost nothing there). The fill loss
sits in the small planes: at 1.0/1.0 the useful share of the multiplier slots taken is about
0.9 on the 28 x 28 and larger layers, 0.68 on the 14 x 14 ones and 0.2-0.25 on the 7 x 7 ones,
where a PE holds at most one position per channel. Our DCNN is output stationary (dot products
over C x R x S) and keeps its array 85-97 % busy on those layers, while the paper's DCNN
(PT-IS-DP-dense) tiles the planes over its PEs as SCNN does and would lose on the same layers; so
part of the dense end's gap is likely the comparison point's dataflow, which is not modeled (an
inference, not a measurement).

*Energy.* Both units are costed action by action from one tech table (tables above;
[energy-tables.md](../energy-tables.md#how-structures-are-priced) lists the sources). At
1.0/1.0 SCNN pays a per-product overhead DCNN does not (accumulator read-modify-write, crossbar,
coordinates, beside the multiply-add) and fetches a 4-bit index per weight; with the paper's
16-bit weights the ratio is closer to the paper's (16-bit table), with the recipe's 8-bit weights
DCNN's DRAM traffic shrinks more than SCNN's entries and SCNN's overhead weighs more. The DRAM's
background and refresh energy grow with each run's time, so they pull every energy ratio toward
the ratio of run times; the DRAM table above shows the ratios with and without them.
SWEEP_EOF
echo
echo "## PE granularity"
echo
echo "Paper: with 1,024 multipliers either way, 64 PEs of 4 x 4 multipliers are 11 % faster on"
echo "GoogLeNet than 4 PEs of 16 x 16, with 59 % against 35 % multiplier utilisation [T]."
echo
echo "Ours: \`configs/scnn.json\` (8 x 8 PEs, F = I = 4, 32 banks) against the same with"
echo "\`pe_rows=2 pe_cols=2 f=16 i=16 acc_banks=512\` (A = 2FI) and \`bank_entries=32\`, so each PE's"
echo "accumulators hold 16x as many sums (512 x 32 against 32 x 32), and IARAM, OARAM (160 KB) and"
echo "weight FIFO (800 entries) are 16x too: the same total memory. Utilisation: *layers* is \`layers.utilization\`"
echo "weighted by cycles (products computed, padding included, over 1,024 x cycles); *useful* is the"
echo "PEs' \`useful_products\` / (1,024 x cycles)."
echo
echo "| trace | PEs x multipliers | cycles | 64-PE speedup | utilisation (layers) | utilisation (useful) | activation bytes spilled to DRAM |"
echo "|---|---|---|---|---|---|---|"
gran_row() {  # label, key of the 64-PE run, key of the 4-PE run
  local a b; a=$(rid "$2"); b=$(rid "$3")
  if [ -z "$a" ] || [ -z "$b" ]; then
    echo "| $1 | $( { [ -n "$a" ] || fail_note "$2"; [ -n "$b" ] || fail_note "$3"; } | tr '|\n' '/ ') | | | | | |"; return; fi
  local ca cb; ca=$(q "SELECT sum(cycles) FROM layers WHERE run_id=$a;"); cb=$(q "SELECT sum(cycles) FROM layers WHERE run_id=$b;")
  for r in "$a|64 x 16" "$b|4 x 256"; do
    local id="${r%%|*}" c u ul sp
    c=$(q "SELECT sum(cycles) FROM layers WHERE run_id=$id;")
    ul=$(q "SELECT sum(utilization * cycles) / sum(cycles) FROM layers WHERE run_id=$id;")
    u=$(pe_sum "$id" useful_products); sp=$(seq_sum "$id" spilled_activation_bytes)
    awk -v l="$1" -v p="${r#*|}" -v c="$c" -v ca="$ca" -v cb="$cb" -v ul="$ul" -v u="$u" -v sp="$sp" -v first="$([ "$id" = "$a" ] && echo 1)" \
      'BEGIN { printf "| %s | %s | %d | %s | %.1f %% | %.1f %% | %d |\n", l, p, c, first ? sprintf("%+.1f %%", 100 * (cb / ca - 1)) : "", 100 * ul, 100 * u / (1024 * c), sp }'
  done
}
gran_row "GoogLeNet, section 1 (published densities)" googlenet_scnn googlenet_4pe
gran_row "same, weight FIFO lockstep relaxed (FIFO 100,000 / 16,000 entries)" googlenet_scnn_deepfifo googlenet_4pe_deepfifo
gran_row "same, crossbar queues 8 deep" googlenet_scnn_q8 googlenet_4pe_q8
gran_row "same, both relaxed (queues 64 deep, FIFO 100,000 / 16,000)" googlenet_scnn_free googlenet_4pe_free
gran_row "GoogLeNet, random-weight forward-pass activations" google_ref_scnn google_ref_4pe
gran_row "GoogLeNet, sweep 0.4/0.4" gsweep_0.4_scnn gsweep_0.4_4pe
echo
cat <<'GRAN_EOF'
Neither design is bound by its multipliers, and each loses about half its cycles to a different
assumed structure: 64 x 16 waits for weights (a chunk enters the 64 weight FIFOs only when all
have room, so each chunk costs its slowest PE's time, and on small planes PEs get one or two
activation vectors per channel, unevenly), 4 x 256 stalls in the crossbar (a pair issues only if
all 256 two-deep queues have room). The two costs are close, so the sign of the comparison
follows the assumptions (rows above). With both relaxed, 4 x 256 still wins: 64 PEs on GoogLeNet's
14 x 14 and 7 x 7 planes leave activation vectors partly filled (on 7 x 7 planes 15 of the 64 PEs
get no input), which is inherent to planar tiling. The paper's 59 % utilisation for 64 x 16 is out
of reach on this trace even then. On the forward-pass-activation trace, whose zeros are not spread
evenly, the comparison changes again (last rows).
GRAN_EOF
echo
echo "## Fully connected layers on SCNN"
echo
echo "Paper: SCNN is not designed for fc layers; its 4 x 4 array then yields 4 useful products per"
echo "cycle, 25 % of peak [T], because each input channel holds a single activation (I = 1 of 4)."
echo
echo "Ours: the AlexNet trace of section 1 with \`--set layer_kinds=[\"fc\"]\` on \`configs/scnn.json\`"
echo "and \`configs/dcnn.json\` (\`--check\`). A 1 x 1 input has no plane to tile, so the model deals"
echo "the input channels out over the PEs (channel c on PE c mod 64, its weight blocks written only into"
echo "that PE's FIFO); each weight vector of F = 4 meets one activation (25 % of a PE's 16 multipliers at"
echo "best), and the PEs' partial sums of every output are reduced when the group drains. DCNN runs an"
echo "fc layer as a 1-pixel convolution. At batch 1 every weight is fetched for one activation, so the"
echo "layers are bound by the weight stream, not the multipliers: at 50 B/cycle about 26 stored weights"
echo "(about 15.5 bits each with indices and padding zeros) arrive per cycle, of which about 35 % meet a"
echo "non-zero activation, under 1 % of 1,024; the paper's 25 % is the multiplier array's bound."
echo
A=$(rid alexfc_scnn); B=$(rid alexfc_dcnn); C=$(cid alexnet)
if [ -n "$A" ] && [ -n "$B" ]; then
  echo "| layer | weight density | activation density | DCNN cycles | DCNN utilisation | SCNN cycles | SCNN utilisation (layers) | useful / 1,024 | SCNN weight bytes from DRAM |"
  echo "|---|---|---|---|---|---|---|---|---|"
  while IFS='|' read -r idx name wd ad dc du sc su; do
    u=$(q "SELECT coalesce(sum(value), 0) FROM stats WHERE run_id=$A AND layer_index=$idx AND component LIKE 'scnn.pe%' AND name='useful_products';")
    wb=$(q "SELECT coalesce(sum(value), 0) FROM stats WHERE run_id=$A AND layer_index=$idx AND component='scnn.sequencer' AND name='weight_bytes';")
    awk -v n="$name" -v wd="$wd" -v ad="$ad" -v dc="$dc" -v du="$du" -v sc="$sc" -v su="$su" -v u="$u" -v wb="$wb" \
      'BEGIN { printf "| %s | %.0f %% | %.0f %% | %d | %.1f %% | %d | %.2f %% | %.2f %% | %d |\n", n, 100 * wd, 100 * ad, dc, 100 * du, sc, 100 * su, 100 * u / (1024 * sc), wb }'
  done < <(q "SELECT s.layer_index, s.layer, cl.density, a.density, d.cycles, d.utilization, s.cycles, s.utilization
      FROM layers s JOIN layers d ON d.run_id=$B AND d.layer_index=s.layer_index
      LEFT JOIN c.compression_layers cl ON cl.compression_id=$C AND cl.layer=s.layer
      LEFT JOIN x.acts a ON a.trace='alexnet' AND a.layer=s.layer WHERE s.run_id=$A ORDER BY s.layer_index;")
  F=$(rid alexfc_scnn_q256)
  if [ -n "$F" ]; then
    echo
    echo "Ours stays below that bound because of the DRAM path: the sequencer asks for one FIFO chunk"
    echo "(about 40 B) per request, which moves two or three whole 32 B LPDDR4 bursts, and keeps at most"
    echo "the DRAM's bandwidth-delay product requested and not yet broadcast. With \`dram.queue_depth\` 256"
    echo "instead of 64 the three layers take $(q "SELECT sum(cycles) FROM layers WHERE run_id=$F;") cycles against $(q "SELECT sum(cycles) FROM layers WHERE run_id=$A;") (run"
    echo "\`alexfc_scnn_q256\`). Conv layers, with more work per weight, are not bound by it."
  fi
else
  for k in alexfc_scnn alexfc_dcnn; do [ -n "$(rid "$k")" ] || { fail_note "$k"; echo; }; done
fi
echo
echo "## Coarse- against fine-grained pruning at equal density"
echo
echo "[Mao et al., CVPR Workshops 2017](../references.md#mao2017granularity): coarse-grained (vector,"
echo "kernel, filter) pruning reaches about the sparsity of fine-grained pruning without accuracy loss,"
echo "needs fewer indices, and on SCNN saves about 2x the memory references of fine-grained sparsity"
echo "[S]; their per-granularity tables were not found."
echo
echo "Ours: AlexNet's conv layers at the Deep Compression densities (\`\"density\": \"paper\"\`) at each"
echo "granularity, otherwise \`scnn_paper.json\` (fine is section 1's trace), on \`configs/scnn.json\`"
echo "with \`--check\`. The compression table counts 8-bit codes plus 4-bit zero-run indices; the"
echo "simulated DRAM traffic uses SCNN's 16-bit data plus 4-bit indices. Index overhead = compressed"
echo "bytes / data-only bytes (non-zeros x 8 bits) - 1: SCNN's format keeps one run-length index per"
echo "stored value whatever the granularity, and zero runs longer than 15 cost padding entries, so"
echo "coarse blocks save no index bits here (the saving Mao et al. count needs a per-block index)."
echo
echo "| granularity | conv weight density | stored entries | padding entries | compressed bytes | data-only bytes | index overhead | SCNN DRAM weight bytes | SCNN cycles | SCNN energy (uJ) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for g in fine vector kernel filter; do
  if [ "$g" = fine ]; then key=alexnet; run=alexnet_scnn; else key="alex_$g"; run="alex_${g}_scnn"; fi
  C=$(cid "$key"); R=$(rid "$run")
  if [ -z "$C" ] || [ -z "$R" ]; then echo "| $g | (failed: $(fail_note "$run" | tr '|' '/')) | | | | | | | | |"; continue; fi
  wb=$(seq_sum "$R" weight_bytes)
  q "SELECT sum(nonzeros), sum(weights), sum(stored_entries), sum(padding_entries), sum(compressed_bytes), sum(nonzeros * weight_bits) / 8.0
     FROM c.compression_layers WHERE compression_id=$C AND kind='conv';" |
  while IFS='|' read -r nz w st pad cb data; do
    q "SELECT sum(cycles), sum(energy_pj) FROM layer_totals WHERE run_id=$R;" | awk -F'|' -v g="$g" -v nz="$nz" -v w="$w" -v st="$st" -v pad="$pad" -v cb="$cb" -v data="$data" -v wb="$wb" \
      '{ printf "| %s | %.1f %% | %d | %d | %d | %d | %+.0f %% | %d | %d | %.1f |\n", g, 100 * nz / w, st, pad, cb, data, 100 * (cb / data - 1), wb, $1, $2 / 1e6 }'
  done
done
echo
echo "## A real CNN: MobileNetV3 (PaddleOCR text-direction classifier)"
echo
echo "\`build/models/ch_ppocr_mobile_v2.0_cls_infer.onnx\` with \`--input x=1,3,48,192\`, compressed with"
echo "\`scnn_real_models.json\` (no published densities, so the weights stay dense; 8-bit weights; real"
echo "activations from the ONNX executor: hardswish and ReLU zeros), conv layers on \`configs/dcnn.json\`"
echo "and \`configs/scnn.json\` with \`--check\`. Grouped and depthwise convolutions are replayed as dense"
echo "convolutions with zero weights between groups: SCNN skips those zeros (they are not stored), DCNN"
echo "multiplies them, so the depthwise layers (groups > 1) favour SCNN by construction and *dense MACs*"
echo "counts the replayed dense convolution. The weight density is that of the grouped layer."
echo
real_model_table mnv3 "$mnv3" "depthwise / grouped (groups > 1)" || true
echo
echo "## A real audio model: Silero VAD's 1-D convolutions"
echo
echo "\`build/models/silero_vad_legacy.onnx\` on a 20 dB SNR speech clip (\`tools/make_vad_audio.py\`:"
echo "espeak-ng phrases between silences, 16 kHz), compressed with \`scnn_real_models.json\` (dense"
echo "weights, 8-bit; real activations from the ONNX executor), its conv layers on \`configs/dcnn.json\`"
echo "and \`configs/scnn.json\` with \`--check\`. Every layer is a 1-D convolution (input height 1): SCNN"
echo "runs it on its 64 PEs as one chain of tiles along the time axis (\`TileGrid\`, *The model*), so"
echo "each PE holds a 64th of the sequence and exchanges halos with the PEs before and after it."
echo "Grouped convolutions are replayed as dense ones with zero weights between groups, as for"
echo "MobileNetV3 above: DCNN multiplies those zeros, SCNN does not store them, so the grouped layers"
echo "(groups > 1) favour SCNN by construction."
echo
if real_model_table silero "$silero" "grouped (groups > 1)"; then
  echo
  echo "Tiled over the 8 x 8 mesh as the paper tiles planes (one mesh row holding the sequence, the"
  echo "other 56 PEs idle) the same layers took 1,455,202 cycles instead of 116,525: the first two"
  echo "layers' tiles then exceed the IARAMs, and a one-row plane cannot be split into bands, so their"
  echo "activations streamed from DRAM again for every output-channel group (measured once with the"
  echo "commit before the chain mapping)."
fi
echo
echo "## Area: SCNN Table 4 and Table 5, predicted"
echo
echo "One PE's area by Table 4 row, predicted by the structure model at 16 nm (\`configs/tech/16nm.json\`:"
echo "CACTI 22 nm SRAM and Horowitz 45 nm logic, each scaled to 16 nm by one factor per quantity),"
echo "against the paper's Table 4 [T]. *Other* in the paper (0.019 mm2) holds the PPU, control and"
echo "the coordinate logic; the model has only the coordinate adders there."
echo
sid=$(rid vgg16_scnn); did=$(rid vgg16_dcnn)
if [ -n "$sid" ]; then
  echo "| Table 4 row | predicted (mm2) | Table 4 (mm2) | error |"
  echo "|---|---|---|---|"
  while IFS='|' read -r label types paper; do
    q "SELECT sum(area_um2) / 64 / 1e6 FROM components WHERE run_id=$sid AND type IN ($types);" |
      awk -v l="$label" -v p="$paper" '{ printf "| %s | %.4f | %s | %+.0f %% |\n", l, $1, p, 100 * ($1 - p) / p }'
  done <<'ROWS'
IARAM + OARAM (20 KB)|'scnn.iaram','scnn.oaram'|0.031
Weight FIFO (0.5 KB)|'scnn.weight_fifo'|0.004
Multiplier array (16)|'scnn.multipliers'|0.008
Scatter network (16 x 32)|'scnn.crossbar'|0.026
Accumulator buffers (6 KB)|'scnn.accumulators'|0.036
Other|'scnn.coordinates'|0.019
**PE total**|'scnn.iaram','scnn.oaram','scnn.weight_fifo','scnn.multipliers','scnn.crossbar','scnn.accumulators','scnn.coordinates'|0.123
ROWS
  echo
  echo "Table 5 [T] (PE array and SRAM only, no inter-PE wiring):"
  echo
  echo "| design | predicted (mm2) | Table 5 (mm2) | error |"
  echo "|---|---|---|---|"
  for pair in "SCNN|$sid|7.9" "DCNN|$did|5.9"; do
    IFS='|' read -r name id paper <<<"$pair"
    [ -n "$id" ] || continue
    q "SELECT sum(area_um2) / 1e6 FROM components WHERE run_id=$id;" |
      awk -v n="$name" -v p="$paper" '{ printf "| %s | %.2f | %s | %+.0f %% |\n", n, $1, p, 100 * ($1 - p) / p }'
  done
else
  fail_note vgg16_scnn
fi
echo
echo "## Simulation speed"
echo
if [ -x "$bench" ] && "$bench" --benchmark_list_tests 2>/dev/null | grep -q '^BM_ScnnVgg'; then
  echo "Google Benchmark \`BM_Scnn*\` (tests/bench):"
  echo
  echo '```'
  "$bench" --benchmark_filter=BM_Scnn 2>/dev/null | grep -E "^(BM_|Benchmark)" || true
  echo '```'
elif [ -x "$bench" ]; then
  echo "(no \`BM_ScnnVgg*\` benchmark in $(basename "$bench") yet.) Wall times of this script's runs:"
else
  echo "(benchmark binary not built: configure with -DAXSIM_BENCH=ON.) Wall times of this script's runs:"
fi
echo
echo "| run | layers | simulated cycles | events | wall (s) | events / s |"
echo "|---|---|---|---|---|---|"
for k in alexnet_scnn googlenet_scnn vgg16_scnn alexnet_dcnn googlenet_dcnn vgg16_dcnn vgg16_dcnn_opt mnv3_scnn; do
  R=$(rid "$k"); [ -n "$R" ] || continue
  q "SELECT '$k', (SELECT count(*) FROM layers WHERE run_id=$R), (SELECT sum(cycles) FROM layers WHERE run_id=$R), events, printf('%.1f', wall_seconds),
       printf('%.0f', events / wall_seconds) FROM runs WHERE id=$R;" | md
done
echo
echo "(runs were $jobs_max at a time on this machine, so wall times include sharing the CPUs.)"
echo
# The whole VGG-16 conv stack on the paper's config, alone on the machine (after every other run),
# under /usr/bin/time -v: one process, one thread.
if [ -x /usr/bin/time ] && [ -f "$work/vgg16.axt" ]; then
  if /usr/bin/time -v "$axsim" run configs/scnn.json --trace "$work/vgg16.axt" --db "$work/timed.db" \
       --set "$conv" >/dev/null 2>"$work/vgg16_timed.log"; then
    awk -F': ' '/Elapsed \(wall clock\)/ { w = $2 } /User time/ { u = $2 } /Maximum resident/ { m = $2 }
      END { printf "The whole VGG-16 conv stack (13 layers) on `configs/scnn.json`, alone on the machine, one\n"
            printf "thread (`/usr/bin/time -v axsim run`): %s wall (h:mm:ss or m:ss), %.1f s user, %.0f MiB peak.\n", w, u, m / 1024 }' \
      "$work/vgg16_timed.log"
  else
    echo "(the timed VGG-16 run failed: $(tail -1 "$work/vgg16_timed.log"))"
  fi
  rm -f "$work/timed.db"
  echo
fi
cat <<'SPEED_EOF'
**Before and after the cycle-level model** (measured once, 2026-12-05, on the 2-CPU machine
this page was made on, idle: whole-process times, 5 runs of each alternating with the other,
medians). *Before* is commit 4131080, whose SCNN PE multiplied a whole block per event and
drained in a closed form; *after* is this model.

| work | before (s) | after (s) | after / before | peak memory |
|---|---|---|---|---|
| `axsim_bench --benchmark_filter=BM_ScnnVggConv3_2` (2 iterations plus set-up) | 7.27 | 10.89 | 1.51 | 537 MiB both |
| `axsim run configs/scnn.json` on this page's AlexNet trace (5 conv layers) | 2.94 | 5.20 | 1.76 | 152 MiB both |

The AlexNet run simulates 671,392 cycles after and 418,028 before (the closed forms hid the
crossbar stalls and FIFO waits), so per simulated cycle the cost grew by about 10 %.
SPEED_EOF
echo
total_s=$(( $(cat "$work/sim_seconds") + SECONDS - sim_end ))
echo "Reproduce: \`bash tools/report_scnn.sh\` (about $(( (total_s + 30) / 60 )) minutes on $(nproc 2>/dev/null || echo 2) CPUs)."
} > "$out"
# The targets and sensitivity tables read what the sections above wrote (sweep.txt): they go
# where the page marks them, before the sections.
{ targets_table; sensitivity_table; } > "$work/targets.md"
awk -v f="$work/targets.md" '$0 == "<!-- TARGETS -->" { while ((getline l < f) > 0) print l; next } { print }' "$out" > "$out.tmp"
mv "$out.tmp" "$page"
rm -f "$out"
log "wrote $page ($(( (SECONDS - started) / 60 )) min)"
