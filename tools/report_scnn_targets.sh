#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sourced by tools/report_scnn.sh: the page's table of every paper target beside its measurement
# and error, the SparseA / SparseW ablation and the sensitivity runs. Uses the report's q, rid,
# md and $work (sweep.txt, written by the density-sweep section).

# Sums over a run's layers (an optional SQL condition on the layer name `layer`).
cyc() { q "SELECT coalesce(sum(cycles), 0) FROM layers WHERE run_id=$1 ${2:+AND $2};"; }
enj() { q "SELECT coalesce(sum(energy_pj), 0) FROM layer_totals WHERE run_id=$1 ${2:+AND $2};"; }
# The layers the paper evaluates per network: AlexNet's and VGG-16's conv layers, GoogLeNet's
# inception modules (Parashar et al., ISCA 2017).
evaluated() { [ "$1" = googlenet ] && echo "layer LIKE 'inception%'" || true; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.4f", a / b }'; }

# One row: target, paper value, ours, how the error reads (ratio: ours/paper - 1; bound: holds
# when ours <= paper), runs, and the measured cause of an error beyond 15 %.
target_row() {
  local what="$1" paper="$2" ours="$3" kind="$4" runs="$5" cause="${6:-}"
  if [ -z "$ours" ]; then echo "| $what | $paper | (not measured: a run failed) | | | $runs |"; return; fi
  awk -v w="$what" -v p="$paper" -v o="$ours" -v k="$kind" -v r="$runs" -v c="$cause" 'BEGIN {
    if (k == "bound") { printf "| %s | %s | %.3g | %s | | %s |\n", w, p, o, o <= p + 0 ? "holds" : "**violated**", r; exit }
    e = 100 * (o / p - 1); far = e > 15 || e < -15
    printf "| %s | %s | %.3g | %+.0f %%%s | %s | %s |\n", w, p, o, e, far ? " **>15 %**" : "", far ? c : "", r }'
}

# Measured figures the causes quote: SCNN's speedup over a DCNN run and an energy ratio, on a
# network's evaluated layers; an energy ratio counting the DRAM's accesses only.
spd() { local a b; a=$(rid "$2"); b=$(rid "$1"); [ -n "$a" ] && [ -n "$b" ] || { echo "?"; return; }
  awk -v d="$(cyc "$a" "$(evaluated "${3:-}")")" -v s="$(cyc "$b" "$(evaluated "${3:-}")")" 'BEGIN { printf "%.2fx", d / s }'; }
enr() { local a b; a=$(rid "$1"); b=$(rid "$2"); [ -n "$a" ] && [ -n "$b" ] || { echo "?"; return; }
  awk -v x="$(enj "$a" "$(evaluated "${3:-}")")" -v y="$(enj "$b" "$(evaluated "${3:-}")")" 'BEGIN { printf "%.2f", x / y }'; }
# 64 x 16 against 4 x 256: how much faster the 64-PE run is, and utilisation under relaxations.
gpct() { local a b; a=$(rid "$1"); b=$(rid "$2"); [ -n "$a" ] && [ -n "$b" ] || { echo "?"; return; }
  awk -v x="$(cyc "$b")" -v y="$(cyc "$a")" 'BEGIN { printf "%+.0f %%", 100 * (x / y - 1) }'; }
util() { local a; a=$(rid "$1"); [ -n "$a" ] || { echo "?"; return; }
  q "SELECT printf('%.0f %%', 100 * sum(utilization * cycles) / sum(cycles)) FROM layers WHERE run_id=$a;"; }
gutil() {
  if [ "$1" = "64 x 16" ]; then
    echo "the weight-FIFO lockstep (relaxed: $(util googlenet_scnn_deepfifo)) and partly filled vectors on small planes (both structures relaxed: $(util googlenet_scnn_free))"
  else
    echo "the 2-deep crossbar queues (8 deep: $(util googlenet_4pe_q8); both structures relaxed: $(util googlenet_4pe_free))"
  fi
}

# Views of a run's energy: the same action counts with some left out (energy does not feed back
# into timing, so a view equals a run with those actions priced at zero). all: the model;
# access: the DRAM's accesses only (no background, no refresh: as papers count DRAM); onchip: no
# DRAM at all; core: on chip without SCNN's per-product scatter path (coordinate computation,
# crossbar, accumulator read-modify-write), each product then costing what DCNN's MAC does.
view_drop() {
  case "$1" in
    all) echo "0" ;;
    access) echo "(component LIKE '%.dram' AND (action LIKE '%standby%' OR action LIKE '%powerdown%' OR action = 'refresh'))" ;;
    onchip) echo "component LIKE '%.dram'" ;;
    core) echo "(component LIKE '%.dram' OR (component LIKE 'scnn.pe%' AND action IN ('coordinate', 'crossbar', 'accumulator_read', 'accumulator_write')))" ;;
  esac
}
views="access onchip core"
view_name() {
  case "$1" in
    access) echo "DRAM accesses only" ;; onchip) echo "on chip only" ;;
    core) echo "on chip without SCNN's scatter path" ;;
  esac
}
# Per layer of run $1 (SQL condition $3 on `layer`): layer_index|energy in view $2.
layer_view() {
  q "SELECT e.layer_index, sum(e.dynamic_pj + e.leakage_pj) - coalesce((SELECT sum(a.energy_pj) FROM actions a
       WHERE a.run_id=e.run_id AND a.layer_index=e.layer_index AND $(view_drop "$2")), 0)
     FROM energy e JOIN layers l ON l.run_id=e.run_id AND l.layer_index=e.layer_index
     WHERE e.run_id=$1 ${3:+AND $3} GROUP BY e.layer_index;"
}
# Per layer of network $1 in view $2: DCNN / SCNN and DCNN-opt / SCNN energy.
layer_ratios() {
  local m="$1" S D O; S=$(rid "${m}_scnn"); D=$(rid "${m}_dcnn"); O=$(rid "${m}_dcnn_opt")
  [ -n "$S" ] && [ -n "$D" ] && [ -n "$O" ] || return 0
  local f; f=$(evaluated "$m")
  # One query at a time (concurrent readers can find the results database locked).
  local d o s; d=$(layer_view "$D" "$2" "$f" | sort); o=$(layer_view "$O" "$2" "$f" | sort)
  s=$(layer_view "$S" "$2" "$f" | sort)
  join -t'|' <(echo "$d") <(echo "$o") | join -t'|' - <(echo "$s") | awk -F'|' '$4 > 0 { print $2 / $4 "|" $3 / $4 }'
}
# Extremes over the three networks' layers in view $1: min and max of DCNN / SCNN, then of
# DCNN-opt / SCNN.
layer_extremes() {
  for m in alexnet googlenet vgg16; do layer_ratios "$m" "$1"; done |
    awk -F'|' 'NR == 1 { a = b = $1; c = d = $2 } { if ($1 < a) a = $1; if ($1 > b) b = $1; if ($2 < c) c = $2; if ($2 > d) d = $2 }
      END { if (NR) printf "%.2f %.2f %.2f %.2f", a, b, c, d }'
}
# Field $1 (1-4) of layer_extremes in every view, as the causes quote them.
extremes_in_views() {
  local v out=""; for v in $views; do
    out="$out${out:+, }$(view_name "$v") $(layer_extremes "$v" | awk -v k="$1" '{ print $k }')"
  done; echo "$out"
}
# Network energy ratio $1 (d/s, d/o or o/s) in view $2, averaged over the three networks.
mean_view() {
  local m S D O n=0 sum=0 x y
  for m in alexnet googlenet vgg16; do
    S=$(rid "${m}_scnn"); D=$(rid "${m}_dcnn"); O=$(rid "${m}_dcnn_opt"); [ -n "$S" ] && [ -n "$D" ] && [ -n "$O" ] || continue
    local f; f=$(evaluated "$m")
    case "$1" in d/s) x=$D y=$S ;; d/o) x=$D y=$O ;; o/s) x=$O y=$S ;; esac
    sum=$(awk -v s="$sum" -v a="$(layer_view "$x" "$2" "$f" | awk -F'|' '{ t += $2 } END { print t }')" \
              -v b="$(layer_view "$y" "$2" "$f" | awk -F'|' '{ t += $2 } END { print t }')" 'BEGIN { print s + a / b }')
    n=$((n + 1))
  done
  awk -v s="$sum" -v n="$n" 'BEGIN { if (n) printf "%.2f", s / n }'
}
means_in_views() {
  local v out=""; for v in $views; do out="$out${out:+, }$(view_name "$v") $(mean_view "$1" "$v")"; done; echo "$out"
}
# The density where SCNN's energy falls below DCNN-opt's ($1 = o) or DCNN's (d) on the sweep,
# in view $2.
crossing_view() {
  local d S X
  for d in $sweep; do
    S=$(rid "gsweep_${d}_scnn"); X=$(rid "gsweep_${d}_dcnn$([ "$1" = o ] && echo _opt)")
    [ -n "$S" ] && [ -n "$X" ] || continue
    echo "$d|$(layer_view "$S" "$2" | awk -F'|' '{ t += $2 } END { print t }')|$(layer_view "$X" "$2" | awk -F'|' '{ t += $2 } END { print t }')"
  done | awk -F'|' '{ n++; d[n] = $1; v[n] = $2 / $3 }
    END { for (i = 1; i < n; ++i) { a = v[i]; b = v[i + 1]
            if (a > 1 && b <= 1) { printf "%.2f", d[i] + (1 - a) * (d[i + 1] - d[i]) / (b - a); exit } } print "none" }'
}
# SCNN's scatter-path energy (coordinates, crossbar, accumulator read-modify-write) over its
# multiply-add energy, in run key $1.
scatter_x() {
  local a; a=$(rid "$1"); [ -n "$a" ] || { echo "?"; return; }
  q "SELECT printf('%.1f', sum(CASE WHEN action IN ('coordinate', 'crossbar', 'accumulator_read', 'accumulator_write')
       THEN energy_pj END) / sum(CASE WHEN action = 'multiply_add' THEN energy_pj END))
     FROM actions WHERE run_id=$a AND component LIKE 'scnn.pe%';"
}
# SCNN's speedup over DCNN on network $1's evaluated layers if every layer took only its busiest
# PE's vector pairs (partly filled F x I vectors and load imbalance alone: no stall, no wait).
fill_bound() {
  local S D f; S=$(rid "${1}_scnn"); D=$(rid "${1}_dcnn"); [ -n "$S" ] && [ -n "$D" ] || { echo "?"; return; }
  f=$(evaluated "$1")
  awk -v d="$(cyc "$D" "$f")" -v p="$(q "SELECT sum(v) FROM (SELECT max(p) v FROM (SELECT s.layer_index, s.component, sum(s.value) p
        FROM stats s JOIN layers l ON l.run_id=s.run_id AND l.layer_index=s.layer_index
        WHERE s.run_id=$S AND s.component LIKE 'scnn.pe%' AND s.name='multiply_cycles' ${f:+AND $f}
        GROUP BY 1, 2) GROUP BY layer_index);")" 'BEGIN { printf "%.2fx", d / p }'
}
# DCNN's multiplier utilisation over the three networks' evaluated layers (dense MACs / 1,024 per cycle).
dcnn_busy() {
  local m D n=0 c=0 f
  for m in alexnet googlenet vgg16; do D=$(rid "${m}_dcnn"); [ -n "$D" ] || continue; f=$(evaluated "$m")
    n=$(awk -v a="$n" -v b="$(q "SELECT sum(dense_macs) FROM layers WHERE run_id=$D ${f:+AND $f};")" 'BEGIN { print a + b }')
    c=$(awk -v a="$c" -v b="$(cyc "$D" "$f")" 'BEGIN { print a + b }'); done
  awk -v n="$n" -v c="$c" 'BEGIN { if (c > 0) printf "%.0f %%", 100 * n / (1024 * c) }'
}
mean_of() { echo "$@" | tr -d x | awk '{ s = 0; for (i = 1; i <= NF; ++i) s += $i; printf "%.2fx", s / NF }'; }
# Run key $1's energy in action $3 over run key $2's.
action_x() {
  local a b; a=$(rid "$1"); b=$(rid "$2"); [ -n "$a" ] && [ -n "$b" ] || { echo "?"; return; }
  q "SELECT printf('%.2f', (SELECT sum(energy_pj) FROM actions WHERE run_id=$a AND action='$3')
       / (SELECT sum(energy_pj) FROM actions WHERE run_id=$b AND action='$3'));"
}
# Whole-run energy of run key $1 over run key $2 in each view.
runs_in_views() {
  local a b v out=""; a=$(rid "$1"); b=$(rid "$2"); [ -n "$a" ] && [ -n "$b" ] || { echo "?"; return; }
  for v in $views; do
    out="$out${out:+, }$(view_name "$v") $(awk -v x="$(layer_view "$a" "$v" | awk -F'|' '{ t += $2 } END { print t }')" \
      -v y="$(layer_view "$b" "$v" | awk -F'|' '{ t += $2 } END { print t }')" 'BEGIN { printf "%.2f", x / y }')"
  done; echo "$out"
}

# The density (interpolated) where a sweep column crosses 1; column as in sweep.txt
# (density|d.c|o.c|s.c|d.c/s.c|o.c/s.c|s.e/d.e|s.e/o.e).
crossing() {
  awk -F'|' -v col="$1" -v above="$2" '{ n++; d[n] = $1; v[n] = $col }
    END { for (i = 1; i < n; ++i) { a = v[i]; b = v[i + 1]
            if ((above && a < 1 && b >= 1) || (!above && a > 1 && b <= 1)) { printf "%.3f", d[i] + (1 - a) * (d[i + 1] - d[i]) / (b - a); exit } } }' \
    "$work/sweep.txt"
}
sweep_at() { awk -F'|' -v d="$1" -v col="$2" '$1 == d { print $col }' "$work/sweep.txt"; }

targets_table() {
  echo "## Every target beside its measurement"
  echo
  echo "Paper values are [T] (read in the paper's text,"
  echo "[Parashar et al., ISCA 2017](../references.md#parashar2017scnn)). Error = ours / paper - 1."
  echo "Factors are DCNN (or DCNN-opt, SparseW, SparseA) over SCNN: above 1 SCNN is better. For an"
  echo "error beyond 15 %, the next column quotes the runs that measure where it comes from: the"
  echo "sensitivity table below, the sweep's bound table (*From the ideal to the configured SCNN*) and"
  echo "its energy tables. Energy *views* are the same runs' energy with some actions left out (energy"
  echo "does not feed back into timing, so a view equals a run with those actions priced at zero):"
  echo "*DRAM accesses only* drops the DRAM's background and refresh (papers count DRAM accesses),"
  echo "*on chip only* drops the DRAM, and *on chip without SCNN's scatter path* also drops SCNN's"
  echo "per-product coordinate computation, crossbar and accumulator read-modify-write, leaving each"
  echo "product the multiply-add DCNN's MAC costs. A paper value between two views says which"
  echo "energy the difference is in."
  echo
  echo "| target | paper | ours | error | where the difference comes from (measured) | runs |"
  echo "|---|---|---|---|---|---|"
  local m s d o sp="" en="" eo="" n=0
  for m in alexnet googlenet vgg16; do
    s=$(rid "${m}_scnn"); d=$(rid "${m}_dcnn"); o=$(rid "${m}_dcnn_opt")
    [ -n "$s" ] && [ -n "$d" ] && [ -n "$o" ] || continue
    local f; f=$(evaluated "$m")
    sp="$sp $(ratio "$(cyc "$d" "$f")" "$(cyc "$s" "$f")")"
    en="$en $(ratio "$(enj "$d" "$f")" "$(enj "$s" "$f")")"
    eo="$eo $(ratio "$(enj "$d" "$f")" "$(enj "$o" "$f")")"
    n=$((n + 1))
  done
  local a; a=$(echo "$sp" | awk '{ print $1 }')
  target_row "AlexNet speedup over DCNN (conv layers)" 2.37 "$a" ratio "alexnet_scnn, alexnet_dcnn" \
    "assumed structures: crossbar queues 8 deep instead of 2 give $(spd alexnet_scnn_q8 alexnet_dcnn alexnet), a 1,000-entry weight FIFO (no chunk lockstep) $(spd alexnet_scnn_fifo1000 alexnet_dcnn alexnet)"
  mean() { echo "$1" | awk -v n="$n" '{ s = 0; for (i = 1; i <= NF; ++i) s += $i; if (n == 3) printf "%.4f", s / NF }'; }
  target_row "mean speedup over DCNN, AlexNet / GoogLeNet (inception) / VGG-16" 2.7 "$(mean "$sp")" ratio "{alexnet,googlenet,vgg16}_{scnn,dcnn}" \
    "the same assumed structures on every network: GoogLeNet's inception modules with queues 8 deep $(spd googlenet_scnn_q8 googlenet_dcnn googlenet), FIFO 1,000 $(spd googlenet_scnn_fifo1000 googlenet_dcnn googlenet) (as configured $(spd googlenet_scnn googlenet_dcnn googlenet)); VGG-16 with queues 8 deep $(spd vgg16_scnn_q8 vgg16_dcnn vgg16), FIFO 1,000 $(spd vgg16_scnn_fifo1000 vgg16_dcnn vgg16); AlexNet as above. Both relaxed (queues 64 deep, no chunk lockstep): AlexNet / GoogLeNet / VGG-16 $(spd alexnet_scnn_free alexnet_dcnn alexnet) / $(spd googlenet_scnn_free googlenet_dcnn googlenet) / $(spd vgg16_scnn_free vgg16_dcnn vgg16), mean $(mean_of "$(spd alexnet_scnn_free alexnet_dcnn alexnet) $(spd googlenet_scnn_free googlenet_dcnn googlenet) $(spd vgg16_scnn_free vgg16_dcnn vgg16)"); partly filled F x I vectors and load imbalance alone (each layer's busiest PE's vector pairs) bound it at $(fill_bound alexnet) / $(fill_bound googlenet) / $(fill_bound vgg16), mean $(mean_of "$(fill_bound alexnet) $(fill_bound googlenet) $(fill_bound vgg16)"), against a DCNN that keeps its multipliers $(dcnn_busy) busy"
  target_row "mean energy DCNN / SCNN" 2.3 "$(mean "$en")" ratio "same" \
    "views of the same runs, mean of the three: $(means_in_views d/s); on AlexNet SCNN's scatter path costs $(scatter_x alexnet_scnn)x its multiplies' energy, and the DRAM the rest of the difference"
  target_row "mean energy DCNN / DCNN-opt" 2.0 "$(mean "$eo")" ratio "{...}_dcnn_opt" \
    "DCNN-opt only gates multiplies and compresses DRAM traffic; views of the same runs, mean of the three: $(means_in_views d/o): what DCNN-opt saves is bounded by the multiplies' share of DCNN's energy (energy-by-action table)"
  local per; per=$(for m in alexnet googlenet vgg16; do
      s=$(rid "${m}_scnn"); d=$(rid "${m}_dcnn"); o=$(rid "${m}_dcnn_opt"); [ -n "$s" ] && [ -n "$d" ] && [ -n "$o" ] || continue
      q "SELECT d.energy_pj / s.energy_pj, o.energy_pj / s.energy_pj FROM layer_totals s
         JOIN layer_totals d ON d.run_id=$d AND d.layer_index=s.layer_index
         JOIN layer_totals o ON o.run_id=$o AND o.layer_index=s.layer_index
         WHERE s.run_id=$s $( [ "$m" = googlenet ] && echo "AND s.layer LIKE 'inception%'");"
    done | awk -F'|' 'NR == 1 { a = b = $1; c = d = $2 } { if ($1 < a) a = $1; if ($1 > b) b = $1; if ($2 < c) c = $2; if ($2 > d) d = $2 }
      END { if (NR) printf "%s %s %s %s", a, b, c, d }')
  target_row "per-layer energy DCNN / SCNN, lowest" 0.89 "$(echo "$per" | awk '{ print $1 }')" ratio "same" \
    "views of the same runs: $(extremes_in_views 1) (the input layers, dense activations, as the paper's worst cases)"
  target_row "per-layer energy DCNN / SCNN, highest" 4.7 "$(echo "$per" | awk '{ print $2 }')" ratio "same" \
    "views of the same runs: $(extremes_in_views 2)"
  target_row "per-layer energy DCNN-opt / SCNN, lowest" 0.76 "$(echo "$per" | awk '{ print $3 }')" ratio "same" \
    "views of the same runs: $(extremes_in_views 3)"
  target_row "per-layer energy DCNN-opt / SCNN, highest" 1.9 "$(echo "$per" | awk '{ print $4 }')" ratio "same" \
    "views of the same runs: $(extremes_in_views 4)"
  if [ -s "$work/sweep.txt" ]; then
    local S1 S2 D1 D2 b1 b2; S1=$(rid gsweep_1.0_scnn); S2=$(rid gsweep_0.1_scnn); D1=$(rid gsweep_1.0_dcnn); D2=$(rid gsweep_0.1_dcnn)
    if [ -n "$S1" ] && [ -n "$S2" ] && [ -n "$D1" ] && [ -n "$D2" ]; then
      b1=$(awk -v d="$(cyc "$D1")" -v p="$(pairs_bound "$S1" max)" 'BEGIN { printf "%.2fx", d / p }')
      b2=$(awk -v d="$(cyc "$D2")" -v p="$(pairs_bound "$S2" max)" 'BEGIN { printf "%.1fx", d / p }')
    fi
    target_row "GoogLeNet sweep 1.0/1.0: SCNN performance / DCNN's" 0.79 "$(sweep_at 1.0 5)" ratio "gsweep_1.0_*" \
      "partly filled F x I vectors and load imbalance alone (the busiest PE's vector pairs) bound it at ${b1:-?}, the fill lost on the 14 x 14 and 7 x 7 planes, where our output-stationary DCNN stays busy and the paper's planar-tiled one would not (sweep text); crossbar queues 8 deep give $(spd gsweep_1.0_scnn_q8 gsweep_1.0_dcnn) (bound table)"
    target_row "GoogLeNet sweep 1.0/1.0: energy SCNN / DCNN" 1.33 "$(sweep_at 1.0 7)" ratio "gsweep_1.0_*" \
      "8-bit weights: with 16-bit weights (20-bit entries, as the paper) it is $(enr gsweep16_1.0_scnn gsweep16_1.0_dcnn); views of the same runs: $(runs_in_views gsweep_1.0_scnn gsweep_1.0_dcnn)"
    target_row "density below which SCNN is faster than DCNN" 0.85 "$(crossing 5 1)" ratio "gsweep_*" \
      "follows from the 1.0/1.0 speed (row above)"
    target_row "density below which SCNN uses less energy than DCNN" 0.83 "$(crossing 7 0)" ratio "gsweep_*" \
      "follows from the 1.0/1.0 energy (8-bit weights, row above); the sweep's runs in views: $(v=""; for w in $views; do v="$v${v:+, }$(view_name "$w") $(crossing_view d "$w")"; done; echo "$v")"
    target_row "density below which SCNN uses less energy than DCNN-opt" 0.6 "$(crossing 8 0)" ratio "gsweep_*" \
      "the sweep's runs in views: $(v=""; for w in $views; do v="$v${v:+, }$(view_name "$w") $(crossing_view o "$w")"; done; echo "$v")"
    target_row "GoogLeNet sweep 0.1/0.1: speedup over DCNN" 24 "$(sweep_at 0.1 5)" ratio "gsweep_0.1_*" \
      "vector fill and load imbalance alone allow ${b2:-?}; the assumed drain rates and weight-FIFO chunks cost the rest (bound table: $(spd gsweep_0.1_scnn_fifodrain gsweep_0.1_dcnn) with both relaxed)"
    target_row "GoogLeNet sweep 0.1/0.1: energy SCNN / DCNN" 0.06 "$(sweep_at 0.1 7)" ratio "gsweep_0.1_*" \
      "views of the same runs: $(runs_in_views gsweep_0.1_scnn gsweep_0.1_dcnn)"
    target_row "GoogLeNet sweep 0.1/0.1: energy SCNN / DCNN-opt" 0.23 "$(sweep_at 0.1 8)" ratio "gsweep_0.1_*" \
      "views of the same runs: $(runs_in_views gsweep_0.1_scnn gsweep_0.1_dcnn_opt)"
  fi
  local g4 g64; g64=$(rid googlenet_scnn); g4=$(rid googlenet_4pe)
  if [ -n "$g64" ] && [ -n "$g4" ]; then
    target_row "PE granularity: 64 x 16 faster than 4 x 256 on GoogLeNet by" 0.11 \
      "$(awk -v a="$(cyc "$g4")" -v b="$(cyc "$g64")" 'BEGIN { printf "%.4f", a / b - 1 }')" ratio "googlenet_scnn, googlenet_4pe" \
      "assumed structures that cost the two designs differently; 64 x 16's lead without the weight-FIFO lockstep: $(gpct googlenet_scnn_deepfifo googlenet_4pe_deepfifo), with 8-deep crossbar queues: $(gpct googlenet_scnn_q8 googlenet_4pe_q8), with both relaxed: $(gpct googlenet_scnn_free googlenet_4pe_free) (partly filled vectors on small planes), on forward-pass activations: $(gpct google_ref_scnn google_ref_4pe) (PE granularity table)"
    local u; for u in "$g64|0.59|64 x 16" "$g4|0.35|4 x 256"; do
      target_row "PE granularity: multiplier utilisation, ${u##*|}" "$(echo "$u" | cut -d'|' -f2)" \
        "$(q "SELECT sum(utilization * cycles) / sum(cycles) FROM layers WHERE run_id=${u%%|*};")" ratio "same" \
        "$(gutil "${u##*|}")"
    done
  fi
  local S A W; S=$(rid gsweep_0.4_scnn); A=$(rid gsweep_0.4_scnn_sparse_a); W=$(rid gsweep_0.4_scnn_sparse_w)
  if [ -n "$S" ] && [ -n "$A" ] && [ -n "$W" ]; then
    target_row "0.4/0.4: speedup over SCNN-SparseW" 1.7 "$(ratio "$(cyc "$W")" "$(cyc "$S")")" ratio "gsweep_0.4_scnn{,_sparse_w}" \
      "the weight-FIFO chunk lockstep, which costs SCNN more than SparseW (whose dense activations give each chunk more work): both with a 1,000-entry FIFO give $(spd gsweep_0.4_scnn_fifo1000 gsweep_0.4_scnn_sparse_w_fifo1000)"
    target_row "0.4/0.4: speedup over SCNN-SparseA" 2.6 "$(ratio "$(cyc "$A")" "$(cyc "$S")")" ratio "gsweep_0.4_scnn{,_sparse_a}"
    target_row "0.4/0.4: energy SparseW / SCNN" 1.6 "$(ratio "$(enj "$W")" "$(enj "$S")")" ratio "same" \
      "both fetch the same compressed weights, which dilutes the difference; views of the same runs: $(runs_in_views gsweep_0.4_scnn_sparse_w gsweep_0.4_scnn)"
    target_row "0.4/0.4: energy SparseA / SCNN" 2.1 "$(ratio "$(enj "$A")" "$(enj "$S")")" ratio "same" \
      "every part of SCNN's energy grows by about the same factor in SparseA, so no view moves the ratio: it multiplies every weight ($(action_x gsweep_0.4_scnn_sparse_a gsweep_0.4_scnn multiply_add)x the multiply-adds, each through the scatter path), fetches every weight ($(action_x gsweep_0.4_scnn_sparse_a gsweep_0.4_scnn read_burst)x the DRAM reads) and runs $(ratio "$(cyc "$A")" "$(cyc "$S")" | awk '{ printf "%.2f", $1 }')x longer (the DRAM's background and refresh); views of the same runs: $(runs_in_views gsweep_0.4_scnn_sparse_a gsweep_0.4_scnn)"
  fi
  local F; F=$(rid alexfc_scnn)
  if [ -n "$F" ]; then
    target_row "fc layers: useful products per cycle / 1,024, at most (AlexNet fc6-8, highest layer)" 0.25 \
      "$(q "SELECT max(u / (1024.0 * l.cycles)) FROM layers l JOIN (SELECT layer_index, sum(value) u FROM stats
            WHERE run_id=$F AND component LIKE 'scnn.pe%' AND name='useful_products' GROUP BY 1) p
            ON p.layer_index=l.layer_index WHERE l.run_id=$F;")" bound "alexfc_scnn"
  fi
  echo
}

sensitivity_table() {
  echo "## Sensitivity: what the assumptions and stand-ins cost"
  echo
  echo "Each row changes one thing against section 1's run and gives SCNN's cycles and its speedup"
  echo "over DCNN on the same trace (the evaluated layers: conv, GoogLeNet's inception modules)."
  echo
  echo "| network | change | SCNN cycles | speedup over DCNN | as configured |"
  echo "|---|---|---|---|---|"
  sens() {  # network, change, scnn run key, dcnn run key (default section 1's)
    local m="$1" S B D; S=$(rid "$3"); B=$(rid "${m}_scnn"); D=$(rid "${4:-${m}_dcnn}")
    [ -n "$S" ] && [ -n "$B" ] && [ -n "$D" ] || { echo "| $m | $2 | (a run failed) | | |"; return; }
    local f; f=$(evaluated "$m"); local base_d; base_d=$(rid "${m}_dcnn")
    awk -v m="$m" -v c="$2" -v s="$(cyc "$S" "$f")" -v d="$(cyc "$D" "$f")" -v b="$(cyc "$B" "$f")" -v bd="$(cyc "$base_d" "$f")" \
      'BEGIN { printf "| %s | %s | %d | %.2fx | %.2fx |\n", m, c, s, d / s, bd / b }'
  }
  sens alexnet "\`product_queue_depth\` 2 -> 8" alexnet_scnn_q8
  sens alexnet "\`weight_fifo_entries\` 50 -> 1000 (no chunk lockstep)" alexnet_scnn_fifo1000
  sens alexnet "activation zeros at independent positions" alex_iid_scnn alex_iid_dcnn
  sens vgg16 "\`product_queue_depth\` 2 -> 8" vgg16_scnn_q8
  sens vgg16 "\`weight_fifo_entries\` 50 -> 1000" vgg16_scnn_fifo1000
  sens googlenet "\`product_queue_depth\` 2 -> 8" googlenet_scnn_q8
  sens googlenet "\`weight_fifo_entries\` 50 -> 1000" googlenet_scnn_fifo1000
  sens googlenet "random-weight forward-pass activations instead of the published input densities" google_ref_scnn google_ref_dcnn
  echo
}
