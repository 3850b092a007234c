#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sourced by tools/report_scnn.sh: the page's table of every paper target beside its measurement
# and error, the SparseA / SparseW ablation and the sensitivity runs. Uses the report's q, rid,
# md and $work (sweep.txt, written by the density-sweep section).

# Sums over a run's layers (an optional SQL condition on the layer name `layer`).
cyc() { q "SELECT coalesce(sum(cycles), 0) FROM layers WHERE run_id=$1 ${2:+AND $2};"; }
enj() { q "SELECT coalesce(sum(energy_pj), 0) FROM layer_totals WHERE run_id=$1 ${2:+AND $2};"; }
# The layers the paper evaluates per network: AlexNet's and VGG-16's conv layers, GoogLeNet's
# inception modules (papers.md 2.4).
evaluated() { [ "$1" = googlenet ] && echo "layer LIKE 'inception%'" || true; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.4f", a / b }'; }

# One row: target, paper value, ours, how the error reads (ratio: ours/paper - 1; bound: holds
# when ours <= paper), runs.
target_row() {
  local what="$1" paper="$2" ours="$3" kind="$4" runs="$5"
  if [ -z "$ours" ]; then echo "| $what | $paper | (not measured: a run failed) | | $runs |"; return; fi
  awk -v w="$what" -v p="$paper" -v o="$ours" -v k="$kind" -v r="$runs" 'BEGIN {
    if (k == "bound") { printf "| %s | %s | %.3g | %s | %s |\n", w, p, o, o <= p + 0 ? "holds" : "**violated**", r; exit }
    e = 100 * (o / p - 1); flag = (e > 15 || e < -15) ? " **>15 %**" : ""
    printf "| %s | %s | %.3g | %+.0f %%%s | %s |\n", w, p, o, e, flag, r }'
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
  echo "Paper values are [T] (read in the paper's text, papers.md 2.5). Error = ours / paper - 1;"
  echo "errors beyond 15 % are explained by the sensitivity runs below. Factors are DCNN (or"
  echo "DCNN-opt, SparseW, SparseA) over SCNN: above 1 SCNN is better."
  echo
  echo "| target | paper | ours | error | runs |"
  echo "|---|---|---|---|---|"
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
  target_row "AlexNet speedup over DCNN (conv layers)" 2.37 "$a" ratio "alexnet_scnn, alexnet_dcnn"
  mean() { echo "$1" | awk -v n="$n" '{ s = 0; for (i = 1; i <= NF; ++i) s += $i; if (n == 3) printf "%.4f", s / NF }'; }
  target_row "mean speedup over DCNN, AlexNet / GoogLeNet (inception) / VGG-16" 2.7 "$(mean "$sp")" ratio "{alexnet,googlenet,vgg16}_{scnn,dcnn}"
  target_row "mean energy DCNN / SCNN" 2.3 "$(mean "$en")" ratio "same"
  target_row "mean energy DCNN / DCNN-opt" 2.0 "$(mean "$eo")" ratio "{...}_dcnn_opt"
  local per; per=$(for m in alexnet googlenet vgg16; do
      s=$(rid "${m}_scnn"); d=$(rid "${m}_dcnn"); o=$(rid "${m}_dcnn_opt"); [ -n "$s" ] && [ -n "$d" ] && [ -n "$o" ] || continue
      q "SELECT d.energy_pj / s.energy_pj, o.energy_pj / s.energy_pj FROM layer_totals s
         JOIN layer_totals d ON d.run_id=$d AND d.layer_index=s.layer_index
         JOIN layer_totals o ON o.run_id=$o AND o.layer_index=s.layer_index
         WHERE s.run_id=$s $( [ "$m" = googlenet ] && echo "AND s.layer LIKE 'inception%'");"
    done | awk -F'|' 'NR == 1 { a = b = $1; c = d = $2 } { if ($1 < a) a = $1; if ($1 > b) b = $1; if ($2 < c) c = $2; if ($2 > d) d = $2 }
      END { if (NR) printf "%s %s %s %s", a, b, c, d }')
  target_row "per-layer energy DCNN / SCNN, lowest" 0.89 "$(echo "$per" | awk '{ print $1 }')" ratio "same"
  target_row "per-layer energy DCNN / SCNN, highest" 4.7 "$(echo "$per" | awk '{ print $2 }')" ratio "same"
  target_row "per-layer energy DCNN-opt / SCNN, lowest" 0.76 "$(echo "$per" | awk '{ print $3 }')" ratio "same"
  target_row "per-layer energy DCNN-opt / SCNN, highest" 1.9 "$(echo "$per" | awk '{ print $4 }')" ratio "same"
  if [ -s "$work/sweep.txt" ]; then
    target_row "GoogLeNet sweep 1.0/1.0: SCNN performance / DCNN's" 0.79 "$(sweep_at 1.0 5)" ratio "gsweep_1.0_*"
    target_row "GoogLeNet sweep 1.0/1.0: energy SCNN / DCNN" 1.33 "$(sweep_at 1.0 7)" ratio "gsweep_1.0_*"
    target_row "density below which SCNN is faster than DCNN" 0.85 "$(crossing 5 1)" ratio "gsweep_*"
    target_row "density below which SCNN uses less energy than DCNN" 0.83 "$(crossing 7 0)" ratio "gsweep_*"
    target_row "density below which SCNN uses less energy than DCNN-opt" 0.6 "$(crossing 8 0)" ratio "gsweep_*"
    target_row "GoogLeNet sweep 0.1/0.1: speedup over DCNN" 24 "$(sweep_at 0.1 5)" ratio "gsweep_0.1_*"
    target_row "GoogLeNet sweep 0.1/0.1: energy SCNN / DCNN" 0.06 "$(sweep_at 0.1 7)" ratio "gsweep_0.1_*"
    target_row "GoogLeNet sweep 0.1/0.1: energy SCNN / DCNN-opt" 0.23 "$(sweep_at 0.1 8)" ratio "gsweep_0.1_*"
  fi
  local g4 g64; g64=$(rid googlenet_scnn); g4=$(rid googlenet_4pe)
  if [ -n "$g64" ] && [ -n "$g4" ]; then
    target_row "PE granularity: 64 x 16 faster than 4 x 256 on GoogLeNet by" 0.11 \
      "$(awk -v a="$(cyc "$g4")" -v b="$(cyc "$g64")" 'BEGIN { printf "%.4f", a / b - 1 }')" ratio "googlenet_scnn, googlenet_4pe"
    local u; for u in "$g64|0.59|64 x 16" "$g4|0.35|4 x 256"; do
      target_row "PE granularity: multiplier utilisation, ${u##*|}" "$(echo "$u" | cut -d'|' -f2)" \
        "$(q "SELECT sum(utilization * cycles) / sum(cycles) FROM layers WHERE run_id=${u%%|*};")" ratio "same"
    done
  fi
  local S A W; S=$(rid gsweep_0.4_scnn); A=$(rid gsweep_0.4_scnn_sparse_a); W=$(rid gsweep_0.4_scnn_sparse_w)
  if [ -n "$S" ] && [ -n "$A" ] && [ -n "$W" ]; then
    target_row "0.4/0.4: speedup over SCNN-SparseW" 1.7 "$(ratio "$(cyc "$W")" "$(cyc "$S")")" ratio "gsweep_0.4_scnn{,_sparse_w}"
    target_row "0.4/0.4: speedup over SCNN-SparseA" 2.6 "$(ratio "$(cyc "$A")" "$(cyc "$S")")" ratio "gsweep_0.4_scnn{,_sparse_a}"
    target_row "0.4/0.4: energy SparseW / SCNN" 1.6 "$(ratio "$(enj "$W")" "$(enj "$S")")" ratio "same"
    target_row "0.4/0.4: energy SparseA / SCNN" 2.1 "$(ratio "$(enj "$A")" "$(enj "$S")")" ratio "same"
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
  sens googlenet "random-weight forward-pass activations instead of the 45 % stand-in" google_ref_scnn google_ref_dcnn
  sens googlenet "weights pruned to 40 % instead of dense" google_w40_scnn google_w40_dcnn
  echo
}
