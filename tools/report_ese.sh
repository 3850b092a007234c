#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/units/ese.md: the ESE unit's model and its validation against the FPGA'17
# paper (Han et al., docs/references.md): throughput and latency of the ESE LSTM on
# configs/ese.json, what the weight stream costs (resident weights, batched utterances), the
# trends (activation-queue depth, PEs per channel against DRAM bandwidth, channel count,
# load-balance-aware pruning), the Silero VAD's LSTMs on real speech, and simulation speed.
#
# Usage, after the build:  bash tools/report_ese.sh [OUTPUT.md]   (default docs/units/ese.md)
# Environment: AXSIM, AXSIM_BENCH, AXSIM_MODELS_DIR as tools/report_common.sh says.
# Takes about five minutes (about 60 runs of the 1,024-PE design).
set -euo pipefail

source "$(dirname "$0")/report_common.sh"
report_init report_ese docs/units/ese.md "$@"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/ese.db"
q() { sqlite3 -batch -noheader -separator '|' "$db" "$@"; }
last_run() { q "SELECT max(id) FROM runs;"; }
topology=configs/topologies/ese_lstm.json

# A recipe like configs/recipes/ese_lstm.json with some keys changed (jq-free: python3).
recipe() {  # OUT key=json ...
  local out="$1"; shift
  python3 - "$out" "$@" <<'EOF'
import json, sys
r = json.load(open("configs/recipes/ese_lstm.json"))
for kv in sys.argv[2:]:
    key, value = kv.split("=", 1)
    node = r["defaults"]
    *path, last = key.split(".")
    for p in path:
        node = node.setdefault(p, {})
    node[last] = json.loads(value)
json.dump(r, open(sys.argv[1], "w"))
EOF
}
compress() {  # NAME recipe-edits...
  local name="$1"; shift
  recipe "$work/$name.json" "$@"
  "$axsim" compress "$topology" -r "$work/$name.json" -o "$work/$name.axt" --db "$work/c.db" >/dev/null
}
run() { "$axsim" run configs/ese.json --db "$db" "$@" >/dev/null; last_run; }
stat() { q "SELECT coalesce(sum(value),0) FROM stats WHERE run_id=$1 AND component LIKE '$2' AND name='$3';"; }
col() { q "SELECT $2 FROM layers WHERE run_id=$1;"; }
us() { q "SELECT printf('%.1f', time_s * 1e6) FROM layers WHERE run_id=$1;"; }
per_frame() { q "SELECT printf('%.1f', time_s * 1e6 / ${2:-$frames}) FROM layers WHERE run_id=$1;"; }
gops() { q "SELECT printf('%.0f', 2.0 * useful_macs / (time_s * 1e9)) FROM layers WHERE run_id=$1;"; }
dense_tops() { q "SELECT printf('%.2f', 2.0 * dense_macs / (time_s * 1e12)) FROM layers WHERE run_id=$1;"; }
macs_of() { stat "$1" '%.arith' ops; }  # MACs the PEs executed (padding zeros included)
share() { q "SELECT printf('%.0f', 100.0 * $2 / (cycles * $3)) FROM layers WHERE run_id=$1;"; }
err() { python3 -c "print('%+.0f %%' % (100 * ($1 - $2) / $2))"; }

frames=$(python3 -c "import json; print(json.load(open('$topology'))['layers'][0]['seq_len'])")
# The topology with another number of frames (time steps).
topology_of() {  # FRAMES -> path
  python3 - "$1" "$work/t$1.json" "$topology" <<'EOF'
import json, sys
t = json.load(open(sys.argv[3]))
t["layers"][0]["seq_len"] = int(sys.argv[1])
json.dump(t, open(sys.argv[2], "w"))
EOF
  echo "$work/t$1.json"
}

log "compressing the ESE LSTM (SQNR of its sequence rule)"
sqnr="$("$axsim" compress "$topology" -r configs/recipes/ese_lstm.json -o "$work/base.axt" \
        --db "$work/c.db" | grep '^lstm lstm' || true)"
log "base run (configs/ese.json, --check)"
base=$(run --check)
resident=$(run --set unit.params.weights_resident=true)
log "frames per sequence"
declare -A frame_run
for n in 1 4 16 64; do
  "$axsim" compress "$(topology_of $n)" -r configs/recipes/ese_lstm.json -o "$work/f$n.axt" \
    --db "$work/c.db" >/dev/null
  frame_run[$n,streamed]=$(run --workload "trace:$work/f$n.axt")
  frame_run[$n,resident]=$(run --workload "trace:$work/f$n.axt" --set unit.params.weights_resident=true)
done
log "batched utterances"
recipe "$work/u32.json" 'fixed_point.lstm.utterances=32'
"$axsim" compress "$(topology_of 32)" -r "$work/u32.json" -o "$work/u32.axt" --db "$work/c.db" >/dev/null
declare -A batch_run
for b in 1 4 8 16 32; do
  batch_run[$b]=$(run --workload "trace:$work/u32.axt" --set unit.params.batch=$b)
done
log "queue depth"
declare -A depth_run
for d in 1 2 4 8 16 32; do
  depth_run[$d]=$(run --set unit.params.act_queue_depth=$d --set unit.params.weights_resident=true)
done
log "PEs per channel against DRAM channels"
declare -A ppc_run
for p in 8 16 32 64; do
  compress "p$p" "encoding.num_pes=$p" "prune.balance_pes=$p"
  ppc_run[$p,resident]=$(run --workload "trace:$work/p$p.axt" --set unit.params.pes_per_channel=$p \
                             --set unit.params.weights_resident=true)
  for ch in 1 2 4; do
    ppc_run[$p,$ch]=$(run --workload "trace:$work/p$p.axt" --set unit.params.pes_per_channel=$p \
                          --set unit.params.dram.channels=$ch)
  done
done
log "channel count"
declare -A chan_run
for c in 8 16 32 64; do
  compress "c$c" "encoding.channels=$c"
  chan_run[$c]=$(run --workload "trace:$work/c$c.axt" --set unit.params.channels=$c \
                     --set unit.params.weights_resident=true)
done
log "unpublished sizes: weight buffers, element-wise lanes, gate tables"
declare -A buf_run lane_run seg_sqnr
for kb in 1 2 4 8; do
  buf_run[$kb]=$(run --set unit.params.weight_buffer_bytes=$((kb * 1024)))
done
for u in 8 32 128; do
  lane_run[$u]=$(run --set unit.params.elementwise_units=$u --set unit.params.weights_resident=true)
done
for sg in 8 16 64 256; do
  recipe "$work/s$sg.json" "fixed_point.lstm.segments=$sg"
  seg_sqnr[$sg]="$("$axsim" compress "$topology" -r "$work/s$sg.json" -o "$work/s$sg.axt" --db "$work/c.db" \
                  | sed -n 's/.*, \([0-9.-]*\) dB against it on the stored.*/\1/p')"
done
log "load-balance-aware pruning"
compress unbalanced 'prune.balance_pes=0' 'prune.balance_channels=1'
compress rows_only 'prune.balance_channels=1'
balanced=$resident
rows_only=$(run --workload "trace:$work/rows_only.axt" --set unit.params.weights_resident=true)
unbalanced=$(run --workload "trace:$work/unbalanced.axt" --set unit.params.weights_resident=true)
silero=""; narrow=""
if [ -f "$models/silero_vad_legacy.onnx" ]; then
  log "Silero VAD on real speech"
  silero="$(bash tools/ese_silero.sh "$axsim" "$models" "$work/silero" 2>&1 | grep -E '^(LSTM|lstm LSTM|VAD)' || true)"
  python3 - "$work/narrow.json" <<'EOF'
import json, sys
r = json.load(open("configs/recipes/ese_silero.json"))
l = r["layers"]["kind:lstm"]
l["quantize"]["bits"] = 6
l["activations"]["bits"] = 8
l["fixed_point"]["lstm"].update({"segments": 8, "gate_bits": 8, "cell_bits": 10, "gate_input_frac_bits": 4})
json.dump(r, open(sys.argv[1], "w"))
EOF
  narrow="$(bash tools/ese_silero.sh "$axsim" "$models" "$work/narrow" "$work/narrow.json" 2>&1 | grep -E '^(lstm LSTM|VAD)' || true)"
fi
speed=""
if [ -x "$bench" ]; then
  log "simulation speed"
  speed="$("$bench" --benchmark_filter=BM_EseLstmSequence 2>/dev/null | grep BM_ || true)"
fi

load_eff() {  # run, PEs
  q "SELECT printf('%.0f', 100.0 * $(macs_of "$1") / ($2 * cycles)) FROM layers WHERE run_id=$1;"
}
cycles_of() { col "$1" cycles; }
wait_share() {  # weight-wait channel-cycles as a share of all channel-cycles
  local w; w=$(stat "$1" ese.controller weight_wait_cycles)
  q "SELECT printf('%.0f', 100.0 * $w / (cycles * 32)) FROM layers WHERE run_id=$1;"
}

{
cat <<'EOF'
# ESE unit (`type: "ese"`)

<!-- Generated by tools/report_ese.sh: edit the script, not this page. -->

ESE ([Han et al.](../references.md#han2017ese), "ESE: Efficient Speech Recognition Engine with
Sparse LSTM on FPGA", FPGA 2017) runs whole sparse LSTM sequences: the pruned, 12-bit matrices
of an LSTM with projection (LSTMP) on channels of EIE-like PEs, the gates, the cell and the
projection in fixed point, the weights in external DDR3. The full text of the paper was not
available: everything axsim takes from it is second-hand [S] (abstract, reading notes) or
recalled [R], as the table below says. `configs/ese.json` is the design as known; every
parameter is a config key of `unit.params`.

## What is known of ESE, and what the model assumes

| item | value used | source |
|---|---|---|
| clock, device | 200 MHz (Xilinx XCKU060) | [S] abstract |
| PEs per channel | 32 | [S] "each channel is configured with 32 PEs to balance between computation and data transfer" |
| channels | 32 (1,024 PEs) | assumed (not found): with 32 PEs per channel [S], 1,024 PEs, one multiplier each, within the recalled 1,504 DSP slices [R]; the channel-count table measures what it changes |
| activation queue depth | 8 | [S] "FIFO depth 8 gave the highest utilisation" |
| weight format | 12-bit linear weight + 4-bit relative index per 16-bit entry, CSC, padding zeros | [S]; the per-column entry counts (8 bits) instead of absolute pointers are assumed (`docs/compression.md`, format `ese`) |
| pruning | 10x, load-balance-aware (every PE's rows pruned to the same density) | [S] |
| off-chip memory | two DDR3 channels (DDR3-1600 x64 preset) | [S] "2 x DDR3"; the speed grade is assumed |
| weight buffers | 4 KB per PE, double-buffered | assumed (the paper's 947 BRAM36 would give about 4 KB per PE [recalled]) |
| element-wise units | 32 cells per cycle, 6-cycle pipeline, 64-segment piecewise-linear sigmoid and tanh, 16-bit gates | assumed |
| LSTM | 153 inputs, 1,024 cells, 512-d projection fed back, 16 frames | shape recalled [R]; the frame count is assumed: the figures below are per frame, and the frames table shows they do not depend on it |
| batch | 1 utterance | assumed (the paper batches utterances; how many was not found) |

## The model, cycle by cycle

| structure | what it does in the model |
|---|---|
| channel (`ese.controller`, one broadcast per channel) | owns the columns j = c, c + C, ... of every product; each cycle it sends its next non-zero input (x_t, h_{t-1}, or m_k for the projection) to its PEs' queues, once its column's weight chunk is in the buffers and every queue of its PEs has room (PEs synchronise per element); the leading-non-zero detection skips zeros |
| PE (`ese.chN...peK`, the shared sparse PE of `arch/common/sparse_pe`) | EIE's pipeline: activation queue, pointer read (the column's entries, from the streamed counts), weight-buffer read of `buffer_width_bits` words (four 16-bit entries), four-stage MAC with bypass into exact `accumulator_bits` sums; rows p, p + P, ... of its channel's columns; one set of registers per utterance of the batch |
| accumulators (`ese.peK.acc`) | gate sums and projection sums in separate registers, so the element-wise stage reads one product while the PEs run the next |
| weight stream (`ese.weight_stream`) | the chunks of every product in the order the channels use them; a chunk is the columns whose share fits half of every PE's buffer; it is fetched through the DRAM model (requests of `fetch_bytes`, every channel's piece from where the trace's bytes lie) once the chunk two before it is released, and released when every channel has left it and every PE is past its last broadcast; `weights_resident` keeps both matrices after the first step if they fit |
| DRAM (`ese.dram`) | the cycle-level DDR3-1600 model: banks, row buffers, FR-FCFS, refresh, power-down ([dram.md](../dram.md)) |
| element-wise unit (`ese.elementwise`) | starts `elementwise_units` items per cycle and finishes each `elementwise_latency_cycles` plus the channel adder tree's levels later: an LSTM cell (the four gate sums, each added over the channels, shifted, the bias added; sigmoid and tanh from the trace's tables; c and m) or a projection output (the sum over channels, shifted and saturated into h) |
| controller | per step of a batch: the [W R] product (x_t, then h_{t-1}); drain; cells; the projection, each m_k broadcast as soon as it exists; drain; the projection outputs become h_t while the next step's x_{t+1} part already runs |

**Arithmetic.** The trace's sequence rule (`docs/compression.md`, "LSTM sequence rule") fixes
every integer: the PEs add exact products of the 12-bit weights and 16-bit inputs; the
element-wise unit computes the gates, the cell and the projection output as the rule says, in
its own code. `--check` compares every h_t of the whole sequence with
`workloads::lstm_sequence_reference`, computed from the trace alone: they agree exactly in
every run on this page and in the tests (`tests/arch/ese/ese_test.cpp`: projection or not,
batches, shallow queues, small buffers, resident weights, ideal or DDR3 memory).

**Energy and area** (`configs/tech/45nm.json`): each structure is priced from what it is at the
configured sizes (queues and accumulators as register files, weight buffers as SRAM, the MACs
and the element-wise lanes from the logic model, the DRAM from its datasheet currents). The
paper's 41 W is the FPGA board's power (static power of a 20 nm FPGA, its I/O, DDR3 and PCIe
included) and is not comparable with a 45 nm ASIC estimate; comparing them would need the
FPGA's own power model (Xilinx XPE) at the paper's resource use.

## The ESE LSTM (configs/ese.json: weights streamed every frame, batch 1)

EOF
ops_frame=$(q "SELECT printf('%.3f', 2.0 * useful_macs / $frames / 1e6) FROM layers WHERE run_id=$base;")
echo "| figure | paper | axsim | error |"
echo "|---|---|---|---|"
echo "| throughput, non-zero work (GOPS) | 282 [S] | $(gops "$base") | $(err "$(gops "$base")" 282) |"
echo "| throughput, dense-equivalent (TOPS) | 2.52 [S] | $(dense_tops "$base") | $(err "$(dense_tops "$base")" 2.52) |"
echo "| latency of one LSTM frame (us; the $frames-frame sequence / $frames) | 82.7 [S] | $(per_frame "$base") | $(err "$(per_frame "$base")" 82.7) |"
echo
echo "**What the paper's two figures say together.** 282 GOPS for 82.7 us is"
echo "$(python3 -c "print('%.1f' % (282e9 * 82.7e-6 / 1e6))") M operations; one frame of the LSTM as configured is $ops_frame M non-zero"
echo "operations (measured: twice the useful MACs of the run, per frame). So the paper's 82.7 us holds"
echo "the work of about $(python3 -c "print('%.0f' % (282e9 * 82.7e-6 / ($ops_frame * 1e6)))") frames: several utterances batched (which ESE's scheduler does, in"
echo "batches of a size not found), or a sequence. With one frame per 82.7 us no design matches both"
echo "figures, whatever its speed. This reading of the targets is used in no config; the batch"
echo "rows below show what it means in the model."
echo
echo "**Where the time goes.** The channels wait for their weight chunk $(wait_share "$base") % of their"
echo "cycles (stat \`ese.controller.weight_wait_cycles\`): each frame streams both matrices"
echo "($(q "SELECT printf('%.0f', value / $frames / 1024) FROM stats WHERE run_id=$base AND component='ese.weight_stream' AND name='bytes';") KiB) through two DDR3-1600 channels, whose 25.6 GB/s peak needs"
echo "$(python3 -c "print('%.1f' % ($(q "SELECT value FROM stats WHERE run_id=$base AND component='ese.weight_stream' AND name='bytes';") / $frames / 25.6e3))") us a frame. The latency error is that transfer; the throughput error is the"
echo "same transfer spent on one frame's work. Fetching the weights less often than once a frame:"
echo
steady=$(python3 -c "print('%.2f' % (($(us "${frame_run[64,resident]}") - $(us "${frame_run[16,resident]}")) / 48))")
echo "| variant | latency of one frame (us) | GOPS | weight-wait share | latency error | GOPS error |"
echo "|---|---|---|---|---|---|"
echo "| streamed every frame, batch 1 (configs/ese.json) | $(per_frame "$base") | $(gops "$base") | $(wait_share "$base") % | $(err "$(per_frame "$base")" 82.7) | $(err "$(gops "$base")" 282) |"
echo "| resident after the first frame (\`weights_resident\`), $frames frames | $(per_frame "$resident") | $(gops "$resident") | $(wait_share "$resident") % | $(err "$(per_frame "$resident")" 82.7) | $(err "$(gops "$resident")" 282) |"
echo "| resident, steady state (each frame past the 16th, from 16 and 64 frames) | $steady | $(python3 -c "print('%.0f' % ($ops_frame * 1e6 / ($steady * 1e3)))") | - | $(err "$steady" 82.7) | $(err "$(python3 -c "print($ops_frame * 1e6 / ($steady * 1e3))")" 282) |"
for b in 1 4 8 16 32; do
  r=${batch_run[$b]}
  f=$(q "SELECT printf('%.1f', time_s * 1e6 * $b / 32) FROM layers WHERE run_id=$r;")
  echo "| 32 one-frame utterances, batch $b (one frame of the batch) | $f | $(gops "$r") | $(wait_share "$r") % | $(err "$f" 82.7) | $(err "$(gops "$r")" 282) |"
done
cat <<'EOF'

The reading above (about that many frames of work per 82.7 us) lies near the batch of 32: there
the model is within
EOF
b32=${batch_run[32]}
echo "$(python3 -c "print('%.0f' % abs(100 * ($(q "SELECT time_s * 1e6 FROM layers WHERE run_id=$b32;") - 82.7) / 82.7))") % of the latency and $(python3 -c "print('%.0f' % abs(100 * ($(gops "$b32") - 282) / 282))") % of the throughput, the rest being the wait for each batch's weights"
echo "($(wait_share "$b32") %). Batches of 1 to 32 are a sweep, not a fit. Which mechanism the paper's figures reflect (batches, resident weights, or"
echo "both) is not known from the sources read; the shipped config keeps the one the sources"
echo "describe (weights in DDR3, double-buffered) without a batch, so its errors are the cost of that"
echo "reading, measured by the weight-wait share."
cat <<'EOF'

**Frames per sequence.** Per frame, streamed, the figures do not depend on the number of frames;
resident, the first fetch of both matrices is spread over the frames:

| frames | streamed: latency per frame (us) | resident: latency per frame (us) | resident GOPS |
|---|---|---|---|
EOF
for n in 1 4 16 64; do
  echo "| $n | $(per_frame "${frame_run[$n,streamed]}" $n) | $(per_frame "${frame_run[$n,resident]}" $n) | $(gops "${frame_run[$n,resident]}") |"
done
cat <<'EOF'

## Accuracy of the sequence rule (random weights)

The ESE LSTM has random weights (the trained one is not public), so its SQNR against the float
LSTM measures pruning (10 % of random weights) as much as the fixed point; the second figure
is the rule's arithmetic alone (the float LSTM on the same stored weights and inputs):

```
EOF
echo "$sqnr"
cat <<'EOF'
```

## Energy, power and resources

EOF
echo "| run | energy per frame (uJ) | average power (W) |"
echo "|---|---|---|"
for pair in "configs/ese.json (streamed):$base" "weights resident:$resident"; do
  name=${pair%%:*}; r=${pair##*:}
  echo "| $name | $(q "SELECT printf('%.1f', energy_pj / 1e6 / $frames) FROM run_totals WHERE run_id=$r;") | $(q "SELECT printf('%.2f', energy_pj / 1e12 / time_s) FROM run_totals WHERE run_id=$r;") |"
done
echo
echo "At 45 nm (\`configs/tech/45nm.json\`), the DRAM included. The paper's 41 W [S] is the"
echo "board's power and is not comparable (see above)."
echo
echo "| resource | paper (XCKU060) | configured design |"
echo "|---|---|---|"
echo "| DSP slices (multipliers) | 1,504 of 2,760 [R] | $(printf '%.0f' "$(stat "$base" ese multipliers)") |"
echo "| BRAM36 blocks | 947 of 1,080 [R] | $(printf '%.0f' "$(stat "$base" ese bram36_blocks)") |"
echo "| LUT, FF | 293,920, 453,068 [R] | not modelled |"
cat <<'EOF'

The design's multipliers are one per PE and eight per element-wise lane; its block RAMs are the
weight buffers (one 4 KB buffer rounds up to one BRAM36) and the cell buffer. The paper's
figures are recalled [R], not read; what makes up the difference (the paper's buffers for
inputs and outputs, the datapaths of its element-wise units) is not known.

## Activation-queue depth (weights resident, so the queues, not the stream, set the pace)

| depth | cycles | queue-full share of channel-cycles |
|---|---|---|
EOF
for d in 1 2 4 8 16 32; do
  r=${depth_run[$d]}
  echo "| $d | $(cycles_of "$r") | $(q "SELECT printf('%.1f', 100.0 * $(stat "$r" ese.controller queue_full_cycles) / (cycles * 32)) FROM layers WHERE run_id=$r;") % |"
done
cat <<'EOF'

The paper found depth 8 best [S].

## PEs per channel against memory bandwidth (32 channels)

Latency of one frame in us (the 16-frame sequence / 16), the weights streamed every frame
through 1, 2 or 4 DDR3-1600 channels, and resident (one fetch, spread over the 16 frames); each
PE count has its own trace (the format stores the PE count).

| PEs per channel | streamed, 1 DRAM channel | 2 | 4 | resident, 2 |
|---|---|---|---|---|
EOF
for p in 8 16 32 64; do
  echo "| $p | $(per_frame "${ppc_run[$p,1]}") | $(per_frame "${ppc_run[$p,2]}") | $(per_frame "${ppc_run[$p,4]}") | $(per_frame "${ppc_run[$p,resident]}") |"
done
cat <<'EOF'

## Channel count (weights resident)

| channels | PEs | latency of one frame (us) | load efficiency (MACs / (PEs x cycles)) |
|---|---|---|---|
EOF
for c in 8 16 32 64; do
  r=${chan_run[$c]}
  echo "| $c | $((c * 32)) | $(per_frame "$r") | $(load_eff "$r" $((c * 32))) % |"
done
cat <<'EOF'

## Load-balance-aware pruning (weights resident)

| pruning | latency of one frame (us) | load efficiency | barrier share of channel-cycles |
|---|---|---|---|
EOF
for pair in "every PE's slice (rows of a PE x columns of a channel), configs/recipes/ese_lstm.json:$balanced" \
            "rows only (balance_channels 1):$rows_only" "none (the same density overall):$unbalanced"; do
  name=${pair%%:*}; r=${pair##*:}
  echo "| $name | $(per_frame "$r") | $(load_eff "$r" 1024) % | $(q "SELECT printf('%.1f', 100.0 * $(stat "$r" ese.controller barrier_cycles) / (cycles * 32)) FROM layers WHERE run_id=$r;") % |"
done
cat <<'EOF'

Load-balance-aware pruning (`prune.balance_pes`, `prune.balance_channels`) prunes each PE's
sub-matrix to the same density, as ESE does.

## Sizes the paper does not give, and what they change

Weight buffer per PE (double-buffered; streamed, as configs/ese.json), element-wise lanes
(resident, so the lanes are not hidden behind the stream) and gate-table segments (the rule's
SQNR against the float LSTM on the stored weights, the arithmetic alone):

EOF
echo "| weight buffer per PE | latency of one frame (us) | BRAM36 blocks |"
echo "|---|---|---|"
for kb in 1 2 4 8; do
  r=${buf_run[$kb]}
  echo "| $kb KB | $(per_frame "$r") | $(printf '%.0f' "$(stat "$r" ese bram36_blocks)") |"
done
echo
echo "| element-wise lanes | latency of one frame (us) | multipliers |"
echo "|---|---|---|"
for u in 8 32 128; do
  r=${lane_run[$u]}
  echo "| $u | $(per_frame "$r") | $(printf '%.0f' "$(stat "$r" ese multipliers)") |"
done
echo
echo "| gate-table segments | rule SQNR (dB) |"
echo "|---|---|"
for sg in 8 16 64 256; do echo "| $sg | ${seg_sqnr[$sg]} |"; done
cat <<'EOF'

## The Silero VAD's LSTMs on real speech (configs/ese_silero.json, tools/ese_silero.sh)

Speech synthesised by espeak-ng (two phrases between silences, noise at 20 dB SNR:
`tools/make_vad_audio.py`), the float Silero VAD v4 run on it for the LSTMs' real inputs, 12-bit
weights and 16-bit activations (configs/recipes/ese_silero.json), the whole 113-step sequences
on 4 channels x 16 PEs with `--check` (every h_t equal to the fixed-point reference). Then the
VAD's decisions: `axsim infer` runs the whole model twice on each clip, in float and with both
LSTMs computed by the trace's fixed-point rule (the arithmetic `--check` proves the unit
performs; each LSTM fed the other's fixed-point outputs, end to end), and
`tools/vad_decisions.py` thresholds the per-frame speech probability at 0.5 (Silero's default)
and compares both with the clip's labels (a frame is speech when most of its samples lie in a
spoken phrase, pauses between words included). The calibration clip is the one the trace was
compressed on; the evaluation clips have other phrases, seeds and more noise:

```
EOF
echo "${silero:-(skipped: the model is not in $models; bash tools/fetch_models.sh)}"
cat <<'EOF'
```

The same with narrow formats (6-bit weights, 8-bit activations, 8-bit gates, a 10-bit cell,
8-segment tables), to show what the comparison catches:

```
EOF
echo "${narrow:-(skipped)}"
cat <<'EOF'
```

## Simulation speed

`axsim_bench --benchmark_filter=BM_EseLstmSequence` (one full sequence of the ESE LSTM on
configs/ese.json, 1,024 PEs, weights streamed; `useful_ops_per_s` counts non-zero MACs):

```
EOF
echo "${speed:-(skipped: build with -DAXSIM_BENCH=ON)}"
cat <<'EOF'
```

## What is not modelled, or differs from the paper

- The CPU comparison (the paper's 43x over a Core i7 running the sparse LSTM) waits for the CPU
  core unit; the hook is the same trace run on it.
- The per-column entry counts and the element-wise unit's sizes are assumptions (their effect
  is measured above); LUTs and flip-flops are not counted, only multipliers and BRAM36 blocks.
- The element-wise work overlaps the next product only in part: a step's cells wait for its
  whole [W R] product, as the dependency requires, and the next step's x_{t+1} part runs while
  the projection finishes; the recurrent h_{t-1} part cannot start before h_{t-1} exists.
- The ESE LSTM's weights are random (the trained model is not public), so its SQNR measures
  random weights pruned 10x; the trained Silero LSTMs give the accuracy figures.
- The VAD comparison uses the reference's outputs for the rule, which equal the unit's in every
  `--check` run; the unit itself runs on the calibration clip's trace.
EOF
} > "$page"
log "wrote $page"
