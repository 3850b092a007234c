#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/units/dlac.md: the dLAC unit's model and its validation against the ICASSP'17
# paper (Venkatesh, Nurvitadhi, Marr; docs/references.md): effective flops per cycle on
# ResNet-34's conv layers with ternary weights (configs/dlac.json, --check), the speedup from
# zero skipping, area in FP16 and FP32 mode, compute density, and what each unpublished
# parameter moves (on one conv layer per ResNet stage).
#
# Usage, after the build:  bash tools/report_dlac.sh [OUTPUT.md]   (default docs/units/dlac.md)
# Environment: AXSIM, AXSIM_BENCH as tools/report_common.sh says.
# Takes about seven minutes (ResNet-34 compressed once, its 36 conv layers run on dLAC, the dense
# baseline and SCNN, then about 30 runs of four layers,
# three of them on inputs drawn at a given density).
set -euo pipefail

source "$(dirname "$0")/report_common.sh"
report_init report_dlac docs/units/dlac.md "$@"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/dlac.db"
q() { sqlite3 -batch -noheader -separator '|' "$db" "$@"; }
last_run() { q "SELECT max(id) FROM runs;"; }
trace="$work/resnet34.axt"
subset='["layer1.0.conv1","layer2.1.conv1","layer3.1.conv1","layer4.1.conv1"]'
run() {  # CONFIG args...
  local config="$1"; shift
  "$axsim" run "$config" --trace "$trace" --db "$db" "$@" >/dev/null || return 1
  last_run
}
sub() { run configs/dlac.json --set "layers=$subset" "$@"; }
# Effective (dense-equivalent) flops per cycle of a run: 2 x dense MACs / cycles.
flops() { q "SELECT printf('%.0f', 2.0 * sum(dense_macs) / sum(cycles)) FROM layers WHERE run_id=$1;"; }
peak() { q "SELECT printf('%.0f', max(2.0 * dense_macs / cycles)) FROM layers WHERE run_id=$1;"; }
cycles() { q "SELECT sum(cycles) FROM layers WHERE run_id=$1;"; }
area() { q "SELECT printf('%.3f', area_mm2) FROM run_totals WHERE run_id=$1;"; }
stat() { q "SELECT coalesce(sum(value),0) FROM stats WHERE run_id=$1 AND component LIKE '$2' AND name='$3';"; }
err() { python3 -c "print('%+.0f %%' % (100 * ($1 - $2) / $2))"; }
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }

log "compressing ResNet-34 (ternary weights, a forward pass for the inputs)"
"$axsim" compress resnet34 -r configs/recipes/dlac_ternary.json -o "$trace" --db "$work/c.db" >/dev/null
log "ResNet-34's conv layers on configs/dlac.json, --check"
base=$(run configs/dlac.json --check)
fp32=$(run configs/dlac_fp32.json --set "layers=$subset")
log "the dense baseline and SCNN on the same trace (14 nm, 500 MHz)"
dense=$(run configs/dense.json --set /tech=tech/14nm.json --set clocks.core=500MHz \
        --set unit.params.data_bits=16 --set unit.params.mac_bits=16 --set '/layer_kinds=["conv"]')
scnn=$(run configs/scnn.json --set /tech=tech/14nm.json --set clocks.core=500MHz \
       --set unit.params.accumulator_bits=32)
guard=refused
"$axsim" compare --db "$db" --runs "$base,$dense,$scnn" --baseline "$base" >/dev/null 2>&1 && guard=accepted
log "zero skipping"
on=$(sub)
w_only=$(sub --set unit.params.skip_zero_activations=false)
a_only=$(sub --set unit.params.skip_zero_weights=false)
none=$(sub --set unit.params.skip_zero_activations=false --set unit.params.skip_zero_weights=false)
log "unpublished parameters"
declare -A sens
for v in 2 8 16; do sens[ofm_buffers,$v]=$(sub --set unit.params.ofm_buffers=$v); done
for v in 8x32 32x8; do
  sens[grid,$v]=$(sub --set unit.params.pe_rows=${v%x*} --set unit.params.pe_cols=${v#*x})
done
for v in 1 2 8; do sens[queue_depth,$v]=$(sub --set unit.params.queue_depth=$v); done
for v in 1 2 8; do sens[skip_per_cycle,$v]=$(sub --set unit.params.skip_per_cycle=$v); done
sens[lanes,2]=$(sub --set unit.params.lanes=2)
sens[lanes_ofm,2_8]=$(sub --set unit.params.lanes=2 --set unit.params.ofm_buffers=8)
for kb in 4 64; do
  sens[buffers,$kb]=$("$axsim" run configs/dlac.json --workload lenet5 --db "$db" \
    --set unit.params.weight_buffer_bytes=$((kb * 1024)) --set unit.params.ifm_buffer_bytes=$((kb * 1024)) >/dev/null; last_run)
done
log "activation density (the stand-in for the trained network's)"
declare -A dens
for d in 0.35 0.2 0.1; do
  python3 - "$d" > "$work/r_$d.json" <<'PY'
import json, sys
r = json.load(open("configs/recipes/dlac_ternary.json"))
r["defaults"]["activations"] = {"source": "published", "fallback_density": float(sys.argv[1]), "bits": 16}
r["defaults"]["encoding"] = [{"format": "dense"}]
print(json.dumps(r))
PY
  "$axsim" compress resnet34 -r "$work/r_$d.json" -o "$work/t_$d.axt" --db "$work/c.db" >/dev/null
  dens[$d,base]=$(trace="$work/t_$d.axt" sub --check)
  dens[$d,wide]=$(trace="$work/t_$d.axt" sub --check --set unit.params.lanes=2 --set unit.params.ofm_buffers=8)
done
sk_on=$(trace="$work/t_0.1.axt" sub --set unit.params.ofm_buffers=8)
sk_off=$(trace="$work/t_0.1.axt" sub --set unit.params.ofm_buffers=8 --set unit.params.skip_zero_activations=false \
         --set unit.params.skip_zero_weights=false)
speed=""
if [ -x "$bench" ]; then
  log "simulation speed"
  speed="$("$bench" --benchmark_filter=BM_DlacResnet34Conv 2>/dev/null | grep BM_ || true)"
fi

avg=$(flops "$base"); pk=$(peak "$base")
tf_avg=$(python3 -c "print('%.2f' % ($avg * 500e6 / 1e12))")
tf_pk=$(python3 -c "print('%.2f' % ($pk * 500e6 / 1e12))")
a16=$(area "$base"); a32=$(area "$fp32")
dens_avg=$(python3 -c "print('%.2f' % ($tf_avg / $a16))")
deep=$(q "SELECT printf('%.0f', 2.0 * sum(dense_macs) / sum(cycles)) FROM layers WHERE run_id=$base AND layer LIKE 'layer4%';")
dens_deep=$(python3 -c "print('%.2f' % ($deep * 500e6 / 1e12 / $a16))")
speedups=$(q "SELECT printf('%.2f', 1.0 * n.cycles / o.cycles) FROM layers n JOIN layers o ON n.layer = o.layer
              WHERE n.run_id=$none AND o.run_id=$on ORDER BY n.layer_index;")
sp_min=$(echo "$speedups" | sort -n | head -1); sp_max=$(echo "$speedups" | sort -n | tail -1)
useful=$(q "SELECT printf('%.3f', 1.0 * sum(useful_macs) / sum(dense_macs)) FROM layers WHERE run_id=$base;")
terms=$(stat "$base" '%.pe%' fp_adds)
pes=256
exec_rate=$(q "SELECT printf('%.0f', 2.0 * $terms / sum(cycles)) FROM layers WHERE run_id=$base;")
sk=$(q "SELECT printf('%.2f', 1.0 * n.cycles / o.cycles) FROM layers n JOIN layers o ON n.layer = o.layer
       WHERE n.run_id=$sk_off AND o.run_id=$sk_on ORDER BY n.layer_index;")
sk_min=$(echo "$sk" | sort -n | head -1); sk_max=$(echo "$sk" | sort -n | tail -1)
share() { q "SELECT printf('%.0f', 100 * share) FROM run_cycle_stacks WHERE run_id=$1 AND category='$2';"; }

{
cat <<'EOF'
# dLAC unit (`type: "dlac"`)

<!-- Generated by tools/report_dlac.sh: edit the script, not this page. -->

dLAC ([Venkatesh, Nurvitadhi, Marr](../references.md#venkatesh2017dlac), "Accelerating Deep
Convolutional Networks using low-precision and sparsity", ICASSP 2017) runs convolutions and
fully connected layers as matrix products on a grid of floating-point PEs, with ternary
(2-bit) weights and zero operands skipped. The full text was not available: what axsim takes
from the paper is second-hand [S] (abstract, a summary), and the grid shape, output buffers,
queues, buffer sizes and per-operation energy were not published: `configs/dlac.json` states
what it assumes and this page measures what each assumption moves.

## What is known of dLAC, and what the model assumes

| item | value used | source |
|---|---|---|
| clock, node | 500 MHz, 14 nm | [S] |
| arithmetic | inference mode: 256 FP16 multipliers + 256 FP16 adders, 16-bit datapaths; training mode: FP32 units, 32-bit datapaths (`format`: `fp16` in configs/dlac.json, `fp32` in configs/dlac_fp32.json) | [S] |
| organisation | a 2-D grid of PEs with weight buffers and input-feature-map buffers shared along the grid; per PE its arithmetic units, several output buffers and zero-skip control | [S] |
| grid | 16 x 16 PEs, one multiplier and one adder each (256 + 256) | assumed |
| output buffers per PE | 4 (outputs of one pixel, four output channels) | assumed ("several" [S]) |
| operand queues | 4 entries per PE; the skip control drops up to 4 entries without work a cycle | assumed |
| buffers | 16 KB per PE row (weights), 16 KB per PE column (inputs) | assumed (area and read energy only; the layer's operands are taken as on chip) |
| weights | ternary (TWN's 2-bit rule: threshold 0.7 x mean\|w\|, one scale per layer), the first layer at full precision (16-bit levels) | [S] (2-bit weights, first layer full precision) |
| workload | ResNet-34's 36 conv layers (built-in graph model, random weights), 16-bit inputs from a forward pass | the network is [S]; its trained weights and per-layer activation densities were not found, so about half the inputs are zero in every layer |

## The model, cycle by cycle

| structure | what it does in the model |
|---|---|
| passes (mmOp) | a conv is a matrix product: output channels x output pixels, K = C/groups x R x S terms per output. A pass covers pe_rows x `ofm_buffers` output channels (PE row i: four of them) and pe_cols pixels (PE column j: one), and streams its K terms |
| weight buffers (`dlac.weight_buffers`, one per PE row) | each cycle send the row's next weight word (term k's codes of the row's output channels) to every PE of the row that takes part in the pass, once all of them have room in their weight queue; so a row moves at the pace of its slowest PE |
| input buffers (`dlac.ifm_buffers`, one per PE column) | the same along a column: term k of the column's pixel (0 where the window leaves the plane) |
| PE (`dlac.grid.peI_J`) | a weight queue and an input queue (`queue_depth` each); each cycle the zero-skip control drops up to `skip_per_cycle` head entries with no term to execute (every term has a zero weight or a zero input), then issues up to `lanes` terms of the head entry, one output buffer after another; an entry with more terms than lanes takes more cycles. A ternary weight's term is an addition of the input into the output's sum of that sign (a multiply becomes an add or a subtract); any other weight's term is a product and its sum. With skipping off, every term of every entry is executed (adding a zero) |
| ptWiseOp | after a pass's last term: `pipeline_cycles`, then the point-wise operations on the output buffers: for ternary weights y = P x S_P + N x S_N (two products, one sum per output), then ReLU; one operation per unit per cycle |
| grid (`dlac.grid`) | steps every PE, then every buffer, once per cycle until the layer's passes are done |

**Arithmetic.** Every operation rounds to the datapath's format (binary16 or binary32, round to
nearest even; `workloads/float_format.hpp`). The rule a float unit must follow, and that
`workloads::float_reference_output` computes in its own loops from the trace's decoded values:
weights and inputs rounded to the format, each output's non-zero terms added in ascending input
order, ternary weights summed per sign and scaled at the end. `--check` compares every output
bit for bit; it passes on every layer of every run on this page and in the tests
(`tests/arch/dlac/dlac_test.cpp`: strides, groups, 2-bit, TTQ and 16-bit weights, skipping on
and off, lanes, queues of one entry, FP32). Skipping a zero term or adding it gives the same
value, so the outputs do not depend on the skip settings. How far FP16 is from exact arithmetic
is the trace's question, not the unit's: `workloads::reference_output` gives the exact sums.

**Energy and area** (`configs/tech/14nm.json`): FP adders and multipliers from the logic model
at the format's width, the queues and output buffers as register files, the row and column
buffers from the SRAM model; each terms' add (or multiply-add), output-buffer update and queue
entry, each buffer read. Control and the wires along the grid are not costed. No DRAM: the
layer's weights and inputs are taken as resident in the buffers (not timed, not costed).

## Every target beside its measurement (ResNet-34 conv layers, configs/dlac.json)

Paper values are [S] (second-hand). Effective flops count the dense-equivalent work (2 per
multiply-accumulate of the layer, zeros included) per cycle, as the paper does.

EOF
echo "| target | paper | axsim | error | explained by (measured on this page) |"
echo "|---|---|---|---|---|"
echo "| average effective flops per cycle | 2,780 | $avg | $(err "$avg" 2780) | input density and issue width: $(flops "${dens[0.1,wide]}") at inputs 0.1 dense with 2 lanes and 8 output buffers ([activation density](#what-the-activation-density-moves-the-same-four-layers)) |"
echo "| peak effective flops per cycle (best layer) | 5,000 | $pk | $(err "$pk" 5000) | the same: $(peak "${dens[0.1,wide]}") there |"
echo "| average throughput (TFLOP/s at 500 MHz) | 1.34 | $tf_avg | $(err "$tf_avg" 1.34) | as the average |"
echo "| peak throughput (TFLOP/s) | 2.5 | $tf_pk | $(err "$tf_pk" 2.5) | as the peak |"
echo "| speedup from zero skipping (one layer per stage) | 3-6x | ${sp_min}-${sp_max}x | $(err "$sp_max" 6) at the top | output buffers: ${sk_min}-${sk_max}x with 8 of them on inputs 0.1 dense |"
echo "| area, FP16 mode (mm2) | 1.09 | $a16 | $(err "$a16" 1.09) | buffer sizes (not published): 64 KB buffers give $(area "${sens[buffers,64]}") mm2 ([parameters](#what-the-unpublished-parameters-move-the-same-four-layers)) |"
echo "| area, FP32 mode (mm2) | 2.2 | $a32 | $(err "$a32" 2.2) | the same |"
echo "| compute density, average (TFLOP/s/mm2) | 0.6 | $dens_avg | $(err "$dens_avg" 0.6) | follows from the rate and the area |"
echo "| compute density, deeper layers (layer4) | > 1 | $dens_deep | | |"
echo
echo "**Why the effective rate is lower.** The PEs executed $exec_rate flops per cycle (two per term"
echo "added, of 512 at peak: $(python3 -c "print('%.0f' % (100 * $exec_rate / 512))") % busy); the effective rate is the executed one divided by the share"
echo "of the dense work that has a non-zero weight and a non-zero input: $useful here. At the paper's"
echo "2,780 the same executed rate would need a share of $(python3 -c "print('%.3f' % ($exec_rate / 2780))"). The inputs here come from"
echo "a random-weight forward pass, about half of them zero in every layer; a trained ternary"
echo "ResNet's deeper layers are sparser (the paper's \"deeper layers faster\"), and that per-layer"
echo "sparsity was not found. The structures cap the rate too: each buffer line sends one term per"
echo "cycle, so a PE's effective rate is at most \`ofm_buffers\` multiply-accumulates a cycle"
echo "($((4 * 2 * pes)) flops per cycle for the grid with 4): the sensitivity table shows what more output"
echo "buffers give, and the activation-density table below what sparser inputs give. Where the cycles go (share of PE-cycles, all layers):"
echo
echo "| compute | idle (only zero entries dropped) | waiting for operands | drain (ptWiseOp) | done, waiting for the others |"
echo "|---|---|---|---|---|"
echo "| $(share "$base" compute) % | $(share "$base" idle) % | $(share "$base" memory_wait) % | $(share "$base" drain) % | $(share "$base" barrier) % |"
cat <<'EOF'

## Per stage

EOF
echo "| layers | effective flops per cycle | useful share of the dense work | cycles |"
echo "|---|---|---|---|"
for st in conv1 layer1 layer2 layer3 layer4; do
  q "SELECT '$st', printf('%.0f', 2.0 * sum(dense_macs) / sum(cycles)), printf('%.3f', 1.0 * sum(useful_macs) / sum(dense_macs)),
     sum(cycles) FROM layers WHERE run_id=$base AND layer LIKE '$st%';" | sed 's/|/ | /g; s/^/| /; s/$/ |/'
done
cat <<'EOF'

conv1 keeps its 16-bit weights (full precision, as the paper's recipe) and its input (the image)
is dense, so its terms are products, none skipped.

## Zero skipping (one conv layer per stage)

EOF
echo "| layer | both skipped | weights only | inputs only | none | speedup of both over none |"
echo "|---|---|---|---|---|---|"
q "SELECT o.layer, o.cycles, w.cycles, a.cycles, n.cycles, printf('%.2fx', 1.0 * n.cycles / o.cycles)
   FROM layers o JOIN layers w ON w.layer = o.layer JOIN layers a ON a.layer = o.layer JOIN layers n ON n.layer = o.layer
   WHERE o.run_id=$on AND w.run_id=$w_only AND a.run_id=$a_only AND n.run_id=$none ORDER BY o.layer_index;" |
  sed 's/|/ | /g; s/^/| /; s/$/ |/'
cat <<'EOF'

Cycles. Skipping cannot gain more than `ofm_buffers` (4) here: a buffer line sends one entry a
cycle, and without skipping an entry takes four cycles (one per output buffer).

## What the unpublished parameters move (the same four layers)

EOF
echo "| parameter | value | effective flops per cycle | best layer | area (mm2) |"
echo "|---|---|---|---|---|"
echo "| as configured | - | $(flops "$on") | $(peak "$on") | $(area "$on") |"
for key in ofm_buffers,2 ofm_buffers,8 ofm_buffers,16 grid,8x32 grid,32x8 queue_depth,1 queue_depth,2 queue_depth,8 \
           skip_per_cycle,1 skip_per_cycle,2 skip_per_cycle,8 lanes,2 lanes_ofm,2_8; do
  r=${sens[$key]}
  name=${key%%,*}; v=${key#*,}
  case $name in
    grid) label="\`pe_rows\` x \`pe_cols\`";;
    lanes_ofm) label="\`lanes\`, \`ofm_buffers\`"; v="2, 8";;
    *) label="\`$name\`";;
  esac
  echo "| $label | $v | $(flops "$r") | $(peak "$r") | $(area "$r") |"
done
for kb in 4 64; do
  echo "| \`weight_buffer_bytes\`, \`ifm_buffer_bytes\` | $kb KB each | (no effect on time) | | $(area "${sens[buffers,$kb]}") |"
done
cat <<'EOF'

The output buffers per PE set the ceiling of the effective rate (and of the skip speedup), but
16 of them make a pass 256 output channels tall, so layer1's 64 channels leave three quarters of
the rows idle; the queues decouple a line's PEs, and one entry per PE loses a third of the rate;
a second lane raises the executed rate wherever an entry has more terms than one lane takes;
the buffer sizes move only the area. The paper's 1.09 mm2 (buffers and arithmetic, no optimised macros)
lies between the 16 KB and 64 KB buffers here.

## What the activation density moves (the same four layers)

The trained network's per-layer activation densities were not found, so the workload's inputs
stand in for them. Here the four layers' inputs are drawn at a given density instead (the
front-end's `activations.source: "published"` with `fallback_density`: spatially correlated
zeros, a spread of channel densities; the same ternary weights), each run with `--check`:

EOF
echo "| input density | useful share of the dense work | effective flops per cycle | best layer | with \`lanes\` 2, \`ofm_buffers\` 8 | best layer |"
echo "|---|---|---|---|---|---|"
useful_of() { q "SELECT printf('%.3f', 1.0 * sum(useful_macs) / sum(dense_macs)) FROM layers WHERE run_id=$1;"; }
echo "| forward pass (random weights) | $(useful_of "$on") | $(flops "$on") | $(peak "$on") | $(flops "${sens[lanes_ofm,2_8]}") | $(peak "${sens[lanes_ofm,2_8]}") |"
for d in 0.35 0.2 0.1; do
  b=${dens[$d,base]}; w=${dens[$d,wide]}
  echo "| $d | $(useful_of "$b") | $(flops "$b") | $(peak "$b") | $(flops "$w") | $(peak "$w") |"
done
echo
echo "The skipping speedup moves the same way: on inputs 0.1 dense with 8 output buffers, skipping"
echo "both operands gives ${sk_min}-${sk_max}x over skipping none (the paper: 3-6x)."
cat <<'EOF'

Sparser inputs raise the effective rate only until the buffer lines' one entry a cycle binds:
with the configured 4 output buffers the rate stays well below the 2,048 ceiling. The paper's
average comes within reach only where both unknowns move together: inputs near 0.1 dense and
more issue width per PE (two lanes and eight output buffers). Neither value is published, so
this page does not pick one: `configs/dlac.json` keeps the assumptions of the table at the top.

## Simulation speed

`axsim_bench --benchmark_filter=BM_DlacResnet34Conv` (ResNet-34's layer3.1.conv1, 115.6 M dense
MACs, on configs/dlac.json; `useful_ops_per_s` counts the terms the PEs executed):

```
EOF
echo "${speed:-(skipped: build with -DAXSIM_BENCH=ON)}"
cat <<'EOF'
```

## The same trace on the dense baseline and on SCNN

ResNet-34's conv layers from the same trace (both units read its other encodings: the dense
baseline the packed codes, SCNN its zero-run format), at the same node and clock: the dense
unit of `configs/dense.json` with 16-bit operands (16 x 16 MAC lanes, 256 multipliers, output
stationary), SCNN of `configs/scnn.json` (64 PEs of 4 x 4 multipliers: 1,024) with 32-bit
accumulators (its 24 bits saturate on these 16-bit inputs). Their outputs are not checked here:
conv1's exact sums (16-bit weights and inputs) exceed the int32 reference; both units' outputs
are checked in their own tests and pages. The guarded comparison (`axsim compare`) checks that the runs
share layers, node and clock. dLAC has no DRAM model yet, so the energy column counts on-chip
energy only (the others' DRAM left out):

EOF
onchip() {  # run, stage
  q "SELECT sum(e.dynamic_pj + e.leakage_pj) FROM energy e JOIN layers l ON l.run_id = e.run_id AND l.layer_index = e.layer_index
     WHERE e.run_id=$1 AND l.layer LIKE '$2%' AND e.component NOT LIKE '%.dram%';"
}
stage_cycles() { q "SELECT sum(cycles) FROM layers WHERE run_id=$1 AND layer LIKE '$2%';"; }
echo "| layers | dLAC cycles | speedup over dense | over SCNN | on-chip energy: dense / dLAC | SCNN / dLAC |"
echo "|---|---|---|---|---|---|"
for st in conv1 layer1 layer2 layer3 layer4 ""; do
  c=$(stage_cycles "$base" "$st"); e=$(onchip "$base" "$st")
  echo "| ${st:-all} | $c | $(ratio "$(stage_cycles "$dense" "$st")" "$c")x | $(ratio "$(stage_cycles "$scnn" "$st")" "$c")x | $(ratio "$(onchip "$dense" "$st")" "$e") | $(ratio "$(onchip "$scnn" "$st")" "$e") |"
done
echo
echo "Areas: dLAC $a16 mm2, the dense unit $(area "$dense") mm2, SCNN $(area "$scnn") mm2 (its 1,024 multipliers"
echo "and 64 x 20 KB of RAM). \`axsim compare --runs DLAC,DENSE,SCNN\` on these runs: $guard."
cat <<'EOF'

## What is not modelled, or differs from the paper

- No DRAM and no buffer capacity limit: every layer's weights and inputs are taken as on chip.
- ptWiseOp runs the ternary scaling and ReLU; batch normalisation is folded into the weights
  before quantization (the front-end's rule), and ResNet's residual additions are not run.
- No DRAM for dLAC, so its energy beside the other units is on-chip energy only.
- The workload's activation sparsity is that of a random-weight network (see above).
EOF
} > "$page"
log "wrote $page"
