#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Markdown table of the unit benchmarks (tests/bench, Google Benchmark JSON) before and after a
change: wall time per iteration and the rates the benchmarks report (simulated cycles, events
and useful work per second), the median over the files given for each side.

Usage: tools/bench_compare.py --before a1.json [a2.json ...] --after b1.json [b2.json ...]
Run both binaries alternately so that machine noise hits both sides alike, e.g.
  for r in 1 2 3; do old/axsim_bench --benchmark_format=json > a$r.json
                     new/axsim_bench --benchmark_format=json > b$r.json; done
"""
import argparse
import json
import re
import statistics


def load(paths):
    runs = {}
    for path in paths:
        with open(path) as f:
            for b in json.load(f)["benchmarks"]:
                if b.get("run_type", "iteration") != "iteration":
                    continue
                runs.setdefault(b["name"], []).append(b)
    return runs


def median(runs, key):
    values = [b[key] for b in runs if key in b]
    return statistics.median(values) if values else None


def ms(b):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
    return b["real_time"] * scale


def fmt_rate(v):
    if v is None:
        return "–"
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if v >= div:
            return f"{v / div:.3g} {unit}"
    return f"{v:.3g}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", nargs="+", required=True)
    ap.add_argument("--after", nargs="+", required=True)
    args = ap.parse_args()
    before, after = load(args.before), load(args.after)
    print("| benchmark | ms before | ms after | speed-up | sim cycles/s after | events/s after"
          " | useful work/s before | useful work/s after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in after:
        if name not in before:
            continue
        t0 = statistics.median(ms(b) for b in before[name])
        t1 = statistics.median(ms(b) for b in after[name])
        label = re.sub(r"/iterations:\d+$", "", name)
        print(f"| `{label}` | {t0:.1f} | {t1:.1f} | {t0 / t1:.2f}x"
              f" | {fmt_rate(median(after[name], 'sim_cycles_per_s'))}"
              f" | {fmt_rate(median(after[name], 'events_per_s'))}"
              f" | {fmt_rate(median(before[name], 'useful_ops_per_s'))}"
              f" | {fmt_rate(median(after[name], 'useful_ops_per_s'))} |")


if __name__ == "__main__":
    main()
