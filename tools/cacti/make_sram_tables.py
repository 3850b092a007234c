#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Regenerates configs/tech/sram/cacti7_<node>nm.json: SRAM read/write energy, leakage, area
and timing from CACTI 7 runs over a grid of array sizes, for the on-chip cost model.

CACTI 7 (Balasubramonian, Kahng, Muralimanohar, Shafiee, Srinivas, "CACTI 7: New Tools for
Interconnect Exploration in Innovative Off-Chip Memories", ACM TACO 14(2), 2017) is not a build
dependency: the tables are committed data, and this script is how they were made.

  tools/cacti/make_sram_tables.py CACTI_DIR [OUT_DIR]

CACTI_DIR is a built checkout of https://github.com/HewlettPackard/cacti at commit
1ffd8dfb10303d306ecd8d215320aea07651e878 (`make opt`; the binary is CACTI_DIR/cacti).
Each grid point is one scratch RAM (CACTI "ram": no tags), one bank, 1 read-write port or one
exclusive read plus one exclusive write port, at 360 K, optimised for energy-delay^2 within 20 %
of the fastest cycle, as CACTI's shipped cache.cfg does. The grid is words x width: CACTI
needs at least 32 rows, so smaller arrays are register files in the cost model.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

CACTI_COMMIT = "1ffd8dfb10303d306ecd8d215320aea07651e878"
NODES_UM = {45: 0.045, 32: 0.032, 22: 0.022}
# Cell and peripheral transistor types (CACTI's ITRS device models): name -> (cells, periphery).
FLAVORS = {
    "lstp": ("itrs-lstp", "itrs-lstp"),
    "lstp-lop": ("itrs-lstp", "itrs-lop"),
    "lop": ("itrs-lop", "itrs-lop"),
    "hp": ("itrs-hp", "itrs-hp"),
}
PORTS = {"1rw": (1, 0, 0), "1r1w": (0, 1, 1)}
WORDS = [2 ** e for e in range(5, 21)]  # 32 .. 1M words
WIDTHS_BITS = [8, 16, 32, 64, 128, 256, 512]
MAX_CAPACITY_BYTES = 16 << 20

FIELDS = {
    "read_pj": (r"Total dynamic read energy per access \(nJ\):\s*(\S+)", 1000.0),
    "write_pj": (r"Total dynamic write energy per access \(nJ\):\s*(\S+)", 1000.0),
    "leak_mw": (r"Total leakage power of a bank \(mW\):\s*(\S+)", 1.0),
    "gate_leak_mw": (r"Total gate leakage power of a bank \(mW\):\s*(\S+)", 1.0),
    "access_ns": (r"Access time \(ns\):\s*(\S+)", 1.0),
    "cycle_ns": (r"Cycle time \(ns\):\s*(\S+)", 1.0),
}


def config_text(template, capacity, width_bytes, tech_um, flavor, ports):
    rw, rd, wr = ports
    subs = {
        r"^-size \(bytes\) .*": f"-size (bytes) {capacity}",
        r"^-block size \(bytes\) .*": f"-block size (bytes) {width_bytes}",
        r"^-associativity .*": "-associativity 1",
        r"^-read-write port .*": f"-read-write port {rw}",
        r"^-exclusive read port .*": f"-exclusive read port {rd}",
        r"^-exclusive write port .*": f"-exclusive write port {wr}",
        r"^-UCA bank count .*": "-UCA bank count 1",
        r"^-technology \(u\) .*": f"-technology (u) {tech_um}",
        r"^-output/input bus width .*": f"-output/input bus width {width_bytes * 8}",
        r"^-operating temperature \(K\) .*": "-operating temperature (K) 360",
        r"^-cache type .*": '-cache type "ram"',
        r"^-Add ECC .*": '-Add ECC - "false"',
        r"^-Print level .*": '-Print level (DETAILED, CONCISE) - "CONCISE"',
        r"^-Print input parameters .*": '-Print input parameters - "false"',
    }
    text = template
    for pattern, value in subs.items():
        text, n = re.subn(pattern, value, text, flags=re.M)
        if n != 1:
            sys.exit(f"cache.cfg: expected one line matching {pattern}, found {n}")
    cells, periphery = FLAVORS[flavor]
    text = re.sub(r'^(-(Data|Tag) array cell type - )"itrs-hp"', rf'\1"{cells}"', text, flags=re.M)
    return re.sub(r'^(-(Data|Tag) array peripheral type - )"itrs-hp"', rf'\1"{periphery}"', text,
                  flags=re.M)


def run_point(cacti_dir, template, tech_um, flavor, ports, words, width_bits):
    capacity = words * width_bits // 8
    if capacity > MAX_CAPACITY_BYTES or width_bits < 8:
        return None
    cfg = config_text(template, capacity, width_bits // 8, tech_um, flavor, ports)
    with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as f:
        f.write(cfg)
        path = f.name
    try:
        out = subprocess.run([os.path.join(cacti_dir, "cacti"), "-infile", path], cwd=cacti_dir,
                             capture_output=True, text=True, timeout=300).stdout
    finally:
        os.unlink(path)
    vals = {}
    for key, (pattern, scale) in FIELDS.items():
        m = re.search(pattern, out)
        if not m:
            return None
        vals[key] = float(m.group(1)) * scale
    m = re.search(r"Cache height x width \(mm\):\s*(\S+) x (\S+)", out)
    if not m:
        return None
    return {
        "read_pj": round(vals["read_pj"], 6),
        "write_pj": round(vals["write_pj"], 6),
        "leakage_mw": round(vals["leak_mw"] + vals["gate_leak_mw"], 6),
        "area_um2": round(float(m.group(1)) * float(m.group(2)) * 1e6, 3),
        "access_ns": round(vals["access_ns"], 6),
        "cycle_ns": round(vals["cycle_ns"], 6),
    }


def node_table(cacti_dir, template, node_nm, pool):
    tables = {}
    for flavor in FLAVORS:
        for port_name, ports in PORTS.items():
            futures = [[pool.submit(run_point, cacti_dir, template, NODES_UM[node_nm], flavor, ports,
                                    w, b) for b in WIDTHS_BITS] for w in WORDS]
            grid = [[f.result() for f in row] for row in futures]
            tables[f"{flavor}/{port_name}"] = {
                key: [[p[key] if p else None for p in row] for row in grid]
                for key in ("read_pj", "write_pj", "leakage_mw", "area_um2", "access_ns",
                            "cycle_ns")
            }
    return {
        "model": "CACTI 7.0",
        "source": ("CACTI 7 (Balasubramonian et al., ACM TACO 14(2), 2017), commit "
                   f"{CACTI_COMMIT}, run by tools/cacti/make_sram_tables.py: scratch RAM, one "
                   "bank, 360 K, ED^2 within 20 % of the fastest cycle"),
        "node_nm": node_nm,
        "flavors": {k: {"cells": c, "periphery": p} for k, (c, p) in FLAVORS.items()},
        "words": WORDS,
        "widths_bits": WIDTHS_BITS,
        "note": "rows are words, columns widths; null where CACTI finds no organisation or the "
                "capacity exceeds 16 MiB",
        "tables": tables,
    }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cacti_dir = sys.argv[1]
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "configs", "tech", "sram")
    with open(os.path.join(cacti_dir, "cache.cfg")) as f:
        template = f.read()
    os.makedirs(out_dir, exist_ok=True)
    with ThreadPoolExecutor(max_workers=int(os.environ.get("JOBS", "2"))) as pool:
        for node_nm in NODES_UM:
            table = node_table(cacti_dir, template, node_nm, pool)
            path = os.path.join(out_dir, f"cacti7_{node_nm}nm.json")
            with open(path, "w") as f:
                json.dump(table, f, indent=None, separators=(",", ":"))
                f.write("\n")
            print(f"wrote {path}", flush=True)


if __name__ == "__main__":
    main()
