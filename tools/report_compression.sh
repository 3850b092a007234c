#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/validation/deep-compression.md: the compression front-end (axsim compress)
# against Deep Compression (Han, Mao, Dally, ICLR'16; docs/references.md) on the built-in
# LeNet-300-100, LeNet-5, AlexNet and VGG-16, and the three generic recipes on the two real ONNX
# models that tools/fetch_models.sh fetches (MobileNetV3 text-direction classifier, Silero VAD).
#
# Usage, from anywhere, after the build:  bash tools/report_compression.sh [OUTPUT.md]
# (OUTPUT.md defaults to docs/validation/deep-compression.md; a relative path is taken from the
# repository root.)
# Environment: AXSIM (the binary, default build/tools/axsim/axsim), AXSIM_MODELS_DIR (as in
# tools/fetch_models.sh, default build/models), REPORT_DB (keep the SQLite results here instead of
# a temporary file; compressions are appended). Needs sqlite3 >= 3.25 (window functions).
# Takes about a minute, most of it VGG-16 (about 3.5 GB of memory); runs one compression at a time.
# The page is written to a temporary file and moved into place only when everything succeeded.
# The output is deterministic: the same code gives a byte-identical page.
set -euo pipefail

source "$(dirname "$0")/report_common.sh"
report_init report_compression docs/validation/deep-compression.md "$@"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="${REPORT_DB:-$work/report.db}"
version="$("$axsim" --version)"

# A path as shown on the page: relative to the repository root when inside it.
rel() { case "$1" in "$root"/*) echo "${1#"$root"/}" ;; *) echo "$1" ;; esac; }

declare -A ids=()   # key -> compression id in $db
commands=()         # the commands, as shown on the page

# compress KEY MODEL RECIPE [ARGS...]: one `axsim compress`, its id from the last output line.
compress() {
  local key="$1" model="$2" recipe="$3"
  shift 3
  local start=$SECONDS
  log "$key: axsim compress $(rel "$model") -r $(rel "$recipe")${*:+ $*}"
  if ! "$axsim" compress "$model" -r "$recipe" -o "$work/$key.axt" --db "$db" "$@" \
      >"$work/$key.log" 2>&1; then
    cat "$work/$key.log" >&2
    die "$key: axsim compress failed"
  fi
  ids[$key]="$(sed -n 's/^compression \([0-9][0-9]*\) stored in .*/\1/p' "$work/$key.log")"
  [ -n "${ids[$key]}" ] || die "$key: no compression id in the output ($work/$key.log)"
  commands+=("axsim compress $(rel "$model") -r $(rel "$recipe") -o OUT.axt${*:+ $*}")
  log "$key: compression ${ids[$key]}, $((SECONDS - start)) s"
}

# ---------------------------------------------------------------------------------------------
# Deep Compression networks

# LeNet-5's fc layers are 5-bit in Deep Compression Table 3 (LeNet-300-100's are 6-bit, Table 2),
# and the two nets share the layer names ip1/ip2, so one recipe cannot hold both: derive LeNet-5's.
lenet_recipe="configs/recipes/deep_compression_lenet.json"
lenet5_recipe="$work/deep_compression_lenet5.json"
cat >"$lenet5_recipe" <<'EOF'
{
  "axsim_recipe": 1,
  "name": "deep-compression-lenet5",
  "reproduces": "Deep Compression Table 3: LeNet-5, paper densities, k-means 8-bit conv / 5-bit fc, 5-bit relative index, Huffman; written by tools/report_compression.sh",
  "seed": 1,
  "defaults": {
    "prune": { "density": "paper", "granularity": "fine" },
    "quantize": { "scheme": "kmeans", "bits": 5 },
    "encoding": { "format": "eie_csc", "num_pes": 1, "index_bits": 5, "pointer_bits": 32 },
    "huffman": true,
    "activations": { "source": "synthetic", "density": "paper", "bits": 8 }
  },
  "layers": {
    "kind:conv": { "quantize": { "bits": 8 } }
  }
}
EOF

compress lenet-300-100 lenet-300-100 "$lenet_recipe"
compress lenet5 lenet5 "$lenet5_recipe"
commands[${#commands[@]}-1]="axsim compress lenet5 -r deep_compression_lenet5.json -o OUT.axt   # = deep_compression_lenet.json with 5-bit fc (see below)"
compress alexnet alexnet configs/recipes/deep_compression_alexnet.json
compress vgg16 vgg16 configs/recipes/deep_compression_vgg16.json

# ---------------------------------------------------------------------------------------------
# Real ONNX models

if ! bash tools/fetch_models.sh "$models" >"$work/fetch.log" 2>&1; then
  cat "$work/fetch.log" >&2
  die "tools/fetch_models.sh failed: the ONNX models are needed for the second half of the page"
fi
mobilenet="$models/ch_ppocr_mobile_v2.0_cls_infer.onnx"
silero="$models/silero_vad_legacy.onnx"
onnx_recipes=(int8_dense fine30_kmeans4_eie coarse_filter50_int8)
for r in "${onnx_recipes[@]}"; do
  compress "mobilenet-$r" "$mobilenet" "configs/recipes/$r.json" --input x=1,3,48,192
done
for r in "${onnx_recipes[@]}"; do
  compress "silero-$r" "$silero" "configs/recipes/$r.json"
done

# ---------------------------------------------------------------------------------------------
# Queries. Paper numbers live in TEMP tables of each sqlite3 session, so the results db is only
# read. Every query prints finished Markdown lines.

# Deep Compression (Han et al., ICLR 2016, arXiv 1510.00149v5) per-layer tables, read in the paper:
# Table 2 LeNet-300-100, Table 3 LeNet-5, Table 4 AlexNet, Table 5 VGG-16; Table 1 the summary.
# Columns: #weights (as printed), weights kept % (P), weight bits (P+Q), (P+Q+H), index bits
# (P+Q), (P+Q+H), compression rate % (P+Q), (P+Q+H).
paper_sql="$work/paper.sql"
cat >"$paper_sql" <<'EOF'
CREATE TEMP TABLE paper(net TEXT, layer TEXT, w TEXT, dens REAL, dens_note TEXT, wb REAL,
                        wbh REAL, ib REAL, ibh REAL, cr REAL, crh REAL);
INSERT INTO paper VALUES
 ('lenet-300-100','ip1','235K',8,'',6,4.4,5,3.7,3.1,2.32),
 ('lenet-300-100','ip2','30K',9,'',6,4.4,5,4.3,3.8,3.04),
 ('lenet-300-100','ip3','1K',26,'',6,4.3,5,3.2,15.7,12.70),
 ('lenet-300-100','total','266K',8,' (12×)',6,5.1,5,3.7,3.1,2.49),
 ('lenet5','conv1','0.5K',66,'',8,7.2,5,1.5,78.5,67.45),
 ('lenet5','conv2','25K',12,'',8,7.2,5,3.9,6.0,5.28),
 ('lenet5','ip1','400K',8,'',5,4.5,5,4.5,2.7,2.45),
 ('lenet5','ip2','5K',19,'',5,5.2,5,3.7,6.9,6.13),
 ('lenet5','total','431K',8,' (12×)',5.3,4.1,5,4.4,3.05,2.55),
 ('alexnet','conv1','35K',84,'',8,6.3,4,1.2,32.6,20.53),
 ('alexnet','conv2','307K',38,'',8,5.5,4,2.3,14.5,9.43),
 ('alexnet','conv3','885K',35,'',8,5.1,4,2.6,13.1,8.44),
 ('alexnet','conv4','663K',37,'',8,5.2,4,2.5,14.1,9.11),
 ('alexnet','conv5','442K',37,'',8,5.6,4,2.5,14.0,9.43),
 ('alexnet','fc6','38M',9,'',5,3.9,4,3.2,3.0,2.39),
 ('alexnet','fc7','17M',9,'',5,3.6,4,3.7,3.0,2.46),
 ('alexnet','fc8','4M',25,'',5,4,4,3.2,7.3,5.85),
 ('alexnet','total','61M',11,' (9×)',5.4,4,4,3.2,3.7,2.88),
 ('vgg16','conv1_1','2K',58,'',8,6.8,5,1.7,40.0,29.97),
 ('vgg16','conv1_2','37K',22,'',8,6.5,5,2.6,9.8,6.99),
 ('vgg16','conv2_1','74K',34,'',8,5.6,5,2.4,14.3,8.91),
 ('vgg16','conv2_2','148K',36,'',8,5.9,5,2.3,14.7,9.31),
 ('vgg16','conv3_1','295K',53,'',8,4.8,5,1.8,21.7,11.15),
 ('vgg16','conv3_2','590K',24,'',8,4.6,5,2.9,9.7,5.67),
 ('vgg16','conv3_3','590K',42,'',8,4.6,5,2.2,17.0,8.96),
 ('vgg16','conv4_1','1M',32,'',8,4.6,5,2.6,13.1,7.29),
 ('vgg16','conv4_2','2M',27,'',8,4.2,5,2.9,10.9,5.93),
 ('vgg16','conv4_3','2M',34,'',8,4.4,5,2.5,14.0,7.47),
 ('vgg16','conv5_1','2M',35,'',8,4.7,5,2.5,14.3,8.00),
 ('vgg16','conv5_2','2M',29,'',8,4.6,5,2.7,11.7,6.52),
 ('vgg16','conv5_3','2M',36,'',8,4.6,5,2.3,14.8,7.79),
 ('vgg16','fc6','103M',4,'',5,3.6,5,3.5,1.6,1.10),
 ('vgg16','fc7','17M',4,'',5,4,5,4.3,1.5,1.25),
 ('vgg16','fc8','4M',23,'',5,4,5,3.4,7.1,5.24),
 ('vgg16','total','138M',7.5,' (13×)',6.4,4.1,5,3.1,3.2,2.05);
-- Table 1: overall compression (P+Q from the per-layer tables' totals), sizes, errors.
CREATE TEMP TABLE paper_net(net TEXT, label TEXT, tbl TEXT, size TEXT, x_pq REAL, x_pqh REAL,
                            err TEXT);
INSERT INTO paper_net VALUES
 ('lenet-300-100','LeNet-300-100','Table 2','1070 KB → 27 KB',32,40,'top-1 1.64 % → 1.58 %'),
 ('lenet5','LeNet-5','Table 3','1720 KB → 44 KB',33,39,'top-1 0.80 % → 0.74 %'),
 ('alexnet','AlexNet','Table 4','240 MB → 6.9 MB',27,35,'top-1/top-5 42.78/19.73 % → 42.78/19.70 %'),
 ('vgg16','VGG-16','Table 5','552 MB → 11.3 MB',31,49,'top-1/top-5 31.50/11.32 % → 31.17/10.91 %');
-- Our totals, computed as Compressed::total() does (bits per entry weighted by stored entries,
-- rates against 32-bit dense weights).
CREATE TEMP VIEW totals AS
 SELECT compression_id AS id, count(*) AS layers, sum(weights) AS weights,
        1.0 * sum(nonzeros) / sum(weights) AS density,
        sum(weight_bits * stored_entries) / max(1, sum(stored_entries)) AS wb,
        sum(weight_bits_huffman * stored_entries) / max(1, sum(stored_entries)) AS wbh,
        sum(index_bits * stored_entries) / max(1, sum(stored_entries)) AS ib,
        sum(index_bits_huffman * stored_entries) / max(1, sum(stored_entries)) AS ibh,
        sum(compressed_bytes) AS bytes, sum(compressed_bytes_huffman) AS bytes_h,
        sum(overhead_bits) / (32.0 * sum(weights)) AS overhead,
        8.0 * sum(compressed_bytes) / (32.0 * sum(weights)) AS rate,
        8.0 * sum(compressed_bytes_huffman) / (32.0 * sum(weights)) AS rate_h
 FROM compression_layers GROUP BY compression_id;
-- Per-layer fidelity rows (layer_index >= 0; -1 holds the end-to-end figures). Layers whose
-- outputs were both all zero (SQNR stored as 1e9, cosine 0: nothing was measured) are set
-- aside and counted separately.
CREATE TEMP VIEW degenerate AS
 SELECT compression_id, layer_index, layer FROM compression_fidelity
 WHERE layer_index >= 0 AND metric = 'sqnr_db' AND value >= 1e8;
CREATE TEMP VIEW good AS
 SELECT f.* FROM compression_fidelity f
 WHERE f.layer_index >= 0
   AND NOT EXISTS (SELECT 1 FROM degenerate d WHERE d.compression_id = f.compression_id
                                                AND d.layer_index = f.layer_index);
-- End-to-end figures (sequential built-in models only), one row per compression.
CREATE TEMP VIEW model_fid AS
 SELECT compression_id AS id,
        max(CASE WHEN metric = 'sqnr_db' THEN value END) AS sqnr,
        max(CASE WHEN metric = 'cosine' THEN value END) AS cosine,
        max(CASE WHEN metric = 'top1_agreement' THEN value END) AS top1,
        max(CASE WHEN metric = 'inputs' THEN value END) AS inputs
 FROM compression_fidelity WHERE layer_index < 0 GROUP BY compression_id;
CREATE TEMP VIEW medians AS
 SELECT compression_id AS id, metric, avg(value) AS median FROM (
   SELECT compression_id, metric, value,
          row_number() OVER (PARTITION BY compression_id, metric ORDER BY value) AS rn,
          count(*) OVER (PARTITION BY compression_id, metric) AS n
   FROM good)
 WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY compression_id, metric;
CREATE TEMP VIEW minima AS
 SELECT compression_id AS id, metric, min(value) AS minimum, layer AS worst, count(*) AS n
 FROM good GROUP BY compression_id, metric;
EOF

query() { { cat "$paper_sql"; echo "$1"; } | sqlite3 -batch -bail -noheader -list "$db"; }

# A paper value, or a dash when the paper has none.
pv() { echo "CASE WHEN $1 IS NULL THEN '—' ELSE printf('%g', $1) END"; }
# EXPR formatted, or a dash when VALUE is NULL (printf() would print NULL as 0).
nv() { echo "CASE WHEN $1 IS NULL THEN '—' ELSE $2 END"; }

layer_table() {  # NET ID
  local net="$1" id="$2"
  echo "| layer | weights (paper) | W % | paper | wb P+Q | paper | wb P+Q+H | paper | ib P+Q | paper | ib P+Q+H | paper | overhead % | rate P+Q % | paper | rate P+Q+H % | paper |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  query "
   SELECT '| ' || c.layer || ' | ' || printf('%,d', c.weights) || ' (' || ifnull(p.w, '—') || ')'
       || ' | ' || printf('%.2f', 100 * c.density) || ' | ' || $(pv p.dens)
       || ' | ' || printf('%.2f', c.weight_bits) || ' | ' || $(pv p.wb)
       || ' | ' || printf('%.2f', c.weight_bits_huffman) || ' | ' || $(pv p.wbh)
       || ' | ' || printf('%.2f', c.index_bits) || ' | ' || $(pv p.ib)
       || ' | ' || printf('%.2f', c.index_bits_huffman) || ' | ' || $(pv p.ibh)
       || ' | ' || printf('%.2f', 100.0 * c.overhead_bits / (32.0 * c.weights))
       || ' | ' || printf('%.2f', 100 * c.rate) || ' | ' || $(pv p.cr)
       || ' | ' || printf('%.2f', 100 * c.rate_huffman) || ' | ' || $(pv p.crh) || ' |'
   FROM compression_layers c LEFT JOIN paper p ON p.net = '$net' AND p.layer = c.layer
   WHERE c.compression_id = $id ORDER BY c.layer_index;
   SELECT '| **total** | ' || printf('%,d', t.weights) || ' (' || p.w || ')'
       || ' | ' || printf('%.2f (%.1f×)', 100 * t.density, 1 / t.density) || ' | ' || printf('%g', p.dens) || p.dens_note
       || ' | ' || printf('%.2f', t.wb) || ' | ' || $(pv p.wb)
       || ' | ' || printf('%.2f', t.wbh) || ' | ' || $(pv p.wbh)
       || ' | ' || printf('%.2f', t.ib) || ' | ' || $(pv p.ib)
       || ' | ' || printf('%.2f', t.ibh) || ' | ' || $(pv p.ibh)
       || ' | ' || printf('%.2f', 100 * t.overhead)
       || ' | ' || printf('%.2f (%.1f×)', 100 * t.rate, 1 / t.rate) || ' | ' || printf('%g', p.cr)
       || ' | ' || printf('%.2f (%.1f×)', 100 * t.rate_h, 1 / t.rate_h) || ' | ' || printf('%g', p.crh) || ' |'
   FROM totals t JOIN paper p ON p.net = '$net' AND p.layer = 'total' WHERE t.id = $id;"
}

summary_row() {  # NET ID
  local net="$1" id="$2"
  query "
   SELECT '| ' || n.label || ' | ' || printf('%.1f M', t.weights / 1e6)
       || ' | ' || printf('%.2f', 100 * t.density)
       || ' | ' || printf('%.1f', 1 / t.rate) || '× | ' || printf('%g', n.x_pq) || '× | '
       || printf('%+.0f %%', 100 * ((1 / t.rate) / n.x_pq - 1))
       || ' | ' || printf('%.1f', 1 / t.rate_h) || '× | ' || printf('%g', n.x_pqh) || '× | '
       || printf('%+.0f %%', 100 * ((1 / t.rate_h) / n.x_pqh - 1))
       || ' | ' || CASE WHEN 4.0 * t.weights >= 1e7
                        THEN printf('%.1f MB → %.2f MB', 4.0 * t.weights / 1e6, t.bytes_h / 1e6)
                        ELSE printf('%.0f KB → %.1f KB', 4.0 * t.weights / 1e3, t.bytes_h / 1e3) END
       || ' | ' || n.size
       || ' | ' || printf('%.1f / %.1f', ms.minimum, md.median)
       || ' | ' || $(nv e.sqnr "printf('%.1f / %.3f / %.2f (%d)', e.sqnr, e.cosine, e.top1, e.inputs)") || ' |'
   FROM totals t, paper_net n
   LEFT JOIN minima ms ON ms.id = t.id AND ms.metric = 'sqnr_db'
   LEFT JOIN medians md ON md.id = t.id AND md.metric = 'sqnr_db'
   LEFT JOIN model_fid e ON e.id = t.id
   WHERE t.id = $id AND n.net = '$net';"
}

onnx_rows() {  # KEY-PREFIX
  local prefix="$1" r id
  for r in "${onnx_recipes[@]}"; do
    id="${ids[$prefix-$r]}"
    query "
     SELECT '| \`' || c.recipe_name || '\` | ' || t.layers || ' | ' || printf('%,d', t.weights)
         || ' | ' || printf('%.1f', 100 * t.density)
         || ' | ' || printf('%.1f', 100 * t.rate) || ' | ' || printf('%.1f', 100 * t.rate_h)
         || ' | **' || printf('%.1f', 1 / t.rate_h) || '×**'
         || ' | ' || ifnull(s.n, 0) || ' + ' || (SELECT count(*) FROM degenerate d WHERE d.compression_id = t.id)
         || ' | ' || $(nv s.minimum "printf('%.1f (%s)', s.minimum, s.worst)")
         || ' | ' || $(nv sm.median "printf('%.1f', sm.median)")
         || ' | ' || $(nv k.minimum "printf('%.4f', k.minimum)")
         || ' | ' || $(nv km.median "printf('%.4f', km.median)")
         || ' | ' || $(nv p.minimum "printf('%.2f / %.2f (%d)', p.minimum, pm.median, p.n)") || ' |'
     FROM totals t JOIN compressions c ON c.id = t.id
     LEFT JOIN minima s ON s.id = t.id AND s.metric = 'sqnr_db'
     LEFT JOIN medians sm ON sm.id = t.id AND sm.metric = 'sqnr_db'
     LEFT JOIN minima k ON k.id = t.id AND k.metric = 'cosine'
     LEFT JOIN medians km ON km.id = t.id AND km.metric = 'cosine'
     LEFT JOIN minima p ON p.id = t.id AND p.metric = 'top1_agreement'
     LEFT JOIN medians pm ON pm.id = t.id AND pm.metric = 'top1_agreement'
     WHERE t.id = $id;"
  done
}

onnx_header() {
  echo "| recipe | layers | weights | W % | rate P+Q % | rate P+Q+H % | compression | fidelity layers (+ degenerate) | SQNR dB min (layer) | median | cosine min | median | top-1 agreement min / median (layers) |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
}

degenerate_list() {  # KEY-PREFIX: layers set aside under any of the recipes
  local prefix="$1" r list=""
  for r in "${onnx_recipes[@]}"; do list="$list${list:+, }${ids[$prefix-$r]}"; done
  query "SELECT group_concat(layer, ', ') FROM (SELECT layer, min(layer_index) AS i FROM degenerate
         WHERE compression_id IN ($list) GROUP BY layer ORDER BY i);"
}

unknown_count() {  # KEY: "N of M" layers without fidelity (input size unknown)
  query "SELECT sum(NOT EXISTS (SELECT 1 FROM compression_fidelity f
                               WHERE f.compression_id = c.compression_id
                                 AND f.layer_index = c.layer_index)) || ' of ' || count(*)
         FROM compression_layers c WHERE c.compression_id = ${ids[$1]};"
}

# ---------------------------------------------------------------------------------------------
# The page

nets=(lenet-300-100 lenet5 alexnet vgg16)
tmp_page="$work/page.md"
{
  cat <<EOF
# Validation: compression front-end against Deep Compression

<!-- Generated file: do not edit by hand. Regenerate with: bash tools/report_compression.sh -->

Generated by \`bash tools/report_compression.sh\` with \`$version\`; every number below comes
from the SQLite results of these commands (\`--db\` omitted), run in this order:

\`\`\`
EOF
  printf '%s\n' "${commands[@]}"
  cat <<EOF
\`\`\`

What the front-end does and how each column is computed: [../compression.md](../compression.md).
Paper numbers: Deep Compression (Han, Mao, Dally, ICLR 2016, arXiv 1510.00149v5,
[references](../references.md#han2016deepcompression)) Tables 1-5, read in the paper's text [T].

## What is compared, and what cannot match

- **Weights are synthetic.** The built-in models have the papers' layer shapes and per-layer
  densities, but their weights are seeded Laplace noise (\`workloads/model/zoo.cpp\`), not the
  trained, pruned and retrained Caffe weights. The recipes prune each layer by magnitude to the
  paper's density ("density": "paper"), so **density matches by construction**; k-means weight
  sharing uses the paper's bit widths, so **P+Q bit widths match by construction** (the index
  is a fixed field too). What is measured is the cost of the index (padding entries where a gap
  overflows the relative index), the pointer/codebook overhead, and Huffman coding.
- **Huffman gains depend on the distributions.** Deep Compression Huffman-codes the weight
  codes and indices of a network retrained after pruning and quantization (Huffman saves it
  20-30 %). Ours come from Laplace noise with the small weights pruned away and
  from a uniformly random sparsity pattern, so their entropies differ: the P+Q+H bit columns
  differ from the paper's in both directions, layer by layer.
- **Accuracy is not measured.** Without trained weights and a dataset there is no top-1 error
  to compare with Table 1. The fidelity columns compare the compressed network with the
  uncompressed synthetic one (see [../compression.md](../compression.md#fidelity)): per layer on
  synthetic inputs, and end to end (the reference executor runs both networks on seeded
  inputs; top-1 agreement = how often the two argmax outputs agree). Nothing is retrained after
  pruning, so errors on heavily pruned layers are large and compound through the network; this
  says nothing about the paper's accuracy, which depends on retraining.
- **Codebook size.** k-means with b bits keeps code 0 for pruned weights, so it has 2^b − 1
  shared weights (255 for 8 bits, 31 for 5 bits) where the paper has 2^b.
- **Overhead counted.** Rates are compressed bytes / 32-bit dense weight bytes, with the
  codebook (32 bits per entry) and the EIE column pointers (32 bits per column, one PE)
  included; biases are in neither.

## Overall compression

Paper: Table 1 and the totals of Tables 2-5. "Δ" is ours / paper − 1 on the compression factor.

| network | weights | W % | ours P+Q | paper P+Q | Δ | ours P+Q+H | paper P+Q+H | Δ | ours size (fp32 → P+Q+H) | paper size | layer SQNR dB min / median | end to end: SQNR dB / cosine / top-1 agreement (inputs) |
|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
EOF
  for n in "${nets[@]}"; do summary_row "$n" "${ids[$n]}"; done
  cat <<EOF

Paper accuracy (Table 1, reference → compressed), not reproducible here: LeNet-300-100 top-1
error 1.64 % → 1.58 %; LeNet-5 0.80 % → 0.74 %; AlexNet top-1/top-5 42.78/19.73 % →
42.78/19.70 %; VGG-16 31.50/11.32 % → 31.17/10.91 %.

## Per-layer tables

Columns as in the paper: weights kept (W %), bits per stored weight and per stored index before
(P+Q) and after Huffman (P+Q+H), and the compression rate (compressed / dense 32-bit size, %).
Ours first, the paper's value beside it; the weight count in brackets is the paper's.
Bits per stored entry include the padding entries of the relative index. "overhead %" (ours
only) is the part of the P+Q rate spent on the codebook (32 bits per entry) and the column
pointers (32 bits × (columns + 1), one PE). It is what separates our P+Q rate from the paper's
on the small layers: the paper's small-layer rates are matched by the entries plus the codebook
alone, e.g. LeNet-300-100 \`ip3\` (100 × 10, 26 %): 260 entries × (6 + 5) bits + 2⁶ × 32 codebook
bits = 4,908 bits = 15.3 % of 32,000, paper 15.7 %; LeNet-5 \`ip2\`: 950 × 10 + 2⁵ × 32 bits = 6.6 %,
paper 6.9 % [D]. So Deep Compression evidently counts the codebook but not the pointer array,
which costs 101 × 32 bits (10.1 %) and 501 × 32 bits (10.0 %) on those two layers here.
EOF
  for n in "${nets[@]}"; do
    label="$(query "SELECT label || ' (Deep Compression ' || tbl || ')' FROM paper_net WHERE net = '$n';")"
    rname="$(query "SELECT recipe_name FROM compressions WHERE id = ${ids[$n]};")"
    rpath="$(query "SELECT recipe_path FROM compressions WHERE id = ${ids[$n]};")"
    case "$rpath" in "$work"/*) rpath="$(basename "$rpath") (written by this script, below)" ;; esac
    printf '\n### %s\n\nRecipe `%s`, %s.\n\n' "$label" "$rname" "$(rel "$rpath")"
    layer_table "$n" "${ids[$n]}"
  done
  cat <<EOF

LeNet-5's recipe \`deep-compression-lenet5\` is \`configs/recipes/deep_compression_lenet.json\` with
5-bit instead of 6-bit fully connected layers, as Table 3 has them; the script writes it to a
temporary file because the two LeNets share the layer names \`ip1\` and \`ip2\`.

## Real ONNX models

Both models come from \`tools/fetch_models.sh\` (pinned by SHA-256). There are no published
compression numbers for them: the three generic recipes show the spread, not a target.

| recipe | what it does |
|---|---|
| \`int8_dense\` | no pruning, symmetric per-channel int8, dense packed |
| \`fine30_kmeans4_eie\` | 30 % fine-grained magnitude pruning, 4-bit k-means, EIE CSC over 64 PEs (16-bit pointers) |
| \`coarse_filter50_int8\` | filter-level pruning to 50 %, symmetric per-channel int8, bitmask |

Fidelity columns: per-layer figures on synthetic inputs (density 0.5), summarised over the
layers that have them; ONNX models are not sequential, so there is no end-to-end figure.
"fidelity layers" counts the layers with a measurement; "+ degenerate" counts layers whose
original and compressed outputs were both exactly zero (stored as SQNR 10⁹ dB and cosine 0,
nothing measured), which are left out of the minima and medians. That happens when a layer's
synthetic input is all zero (a squeeze-and-excitation conv with two inputs at density 0.5) and,
currently, when a strided conv whose input size is unknown is evaluated on an empty input
([../compression.md](../compression.md#known-gaps)). Top-1
agreement exists for fc and LSTM layers of at most 20 M weights (agreement of the argmax output
over 16 synthetic inputs; for an LSTM the argmax is over the 4H gate pre-activations).

### MobileNetV3 text-direction classifier (PaddleOCR \`ch_ppocr_mobile_v2.0_cls_infer.onnx\`)

Input fixed with \`--input x=1,3,48,192\` (the file leaves H and W symbolic).

EOF
  onnx_header
  onnx_rows mobilenet
  deg="$(degenerate_list mobilenet)"
  cat <<EOF

Degenerate layers: ${deg:-none}. The per-channel int8 recipes pay 64 bits of scale and zero
point per output channel, which on the 3×3 depthwise rows (9 weights, 72 bits) nearly doubles
their size. The EIE recipe stores 64 × (columns + 1) 16-bit pointers per layer whatever its
size, so on this 124 K-weight network the pointers alone outweigh the weights.

### Silero VAD v4 (\`silero_vad_legacy.onnx\`)

No \`--input\`: ONNX shape inference does not resolve the convolution input lengths of this
model (its layers sit in an \`If\` branch), even with \`--input input=1,512\`. The \`then\`
branch (16 kHz model) is read. $(unknown_count silero-int8_dense) layers have no fidelity figure
(input size unknown); the two LSTM layers always have one. Replaying these traces fails for the
same reason (\`axsim run\` needs every conv's input size).

EOF
  onnx_header
  onnx_rows silero
  deg="$(degenerate_list silero)"
  cat <<EOF

Degenerate layers: ${deg:-none}.
EOF
} >"$tmp_page"

mkdir -p "$(dirname "$page")"
mv "$tmp_page" "$page"
log "wrote $page"
[ -n "${REPORT_DB:-}" ] && log "results kept in $REPORT_DB"
exit 0
