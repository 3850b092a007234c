#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes docs/units/cgooo.md from the runs tools/report_cgooo.sh stored (see that script)."""
import argparse
import csv
import json
import math
import sqlite3
from collections import defaultdict

CORES = [("ino", "in-order"), ("ooo", "out-of-order"), ("cgooo", "CG-OoO")]

# The authors' per-access energies, pJ: src/config/base.yaml of github.com/miladm/CG-OoO
# (HEAD 9fc8ece1), as their simulator charges them (a GRF access is its e_ram over 6 segments x 2;
# a latch access e_ff x 1 / 2; a direction lookup reads 4 predictor tables). Comparison targets,
# never inputs of the model.
AUTHORS = [
    # (structure, core, component, our actions, authors' pJ, their entry)
    ("register file", "ino", "cpu.core", ["rf_read", "rf_write"], 2.534607, "rf.simple, 90 x 64 b, 8r/4w"),
    ("register file", "ooo", "cpu.core", ["rf_read", "rf_write"], 7.649056, "rf.rf, 252 registers"),
    ("GRF segment", "cgooo", "cpu.core", ["rf_read", "rf_write"], 7.649056 / 12, "rf.grf / (6 segments x 2)"),
    ("LRF", "cgooo", "cpu.core", ["lrf_read", "lrf_write"], 0.310289, "rf.lrf, 20 registers"),
    ("reorder buffer", "ino", "cpu.core", ["rob_write", "rob_read"], 0.087344, "inoROB, 50"),
    ("reorder buffer", "ooo", "cpu.core", ["rob_write", "rob_read"], 4.066, "o3ROB, 180"),
    ("block reorder buffer", "cgooo", "cpu.core", ["rob_write", "rob_read"], 3.334, "bbROB, 30 blocks"),
    ("instruction window", "ino", "cpu.core", ["window_write", "window_read"], 0.438934, "iWindow, 10"),
    ("reservation stations (RAM)", "ooo", "cpu.core", ["window_write", "window_read"], 4.8439, "resStn ram, 64"),
    ("wake-up CAM", "ooo", "cpu.core", ["wakeup"], 3.210155, "resStn cam"),
    ("select", "ooo", "cpu.core", ["select"], 1.184757, "resStn cam2"),
    ("block window", "cgooo", "cpu.core", ["window_write", "window_read"], 0.439745, "bbWindow ram, 60"),
    ("head buffer CAM", "cgooo", "cpu.core", ["head_search"], 0.04713, "bbWinBuf cam, 4"),
    ("head buffer RAM", "cgooo", "cpu.core", ["head_read"], 0.60493, "bbWinBuf ram, 4"),
    ("rename table", "ooo", "cpu.core", ["rat_read", "rat_write"], 1.170876, "RAT"),
    ("free list", "ooo", "cpu.core", ["free_list"], 0.677302, "APR"),
    ("global rename table", "cgooo", "cpu.core", ["rat_read", "rat_write"], 1.069866, "GRAT"),
    ("global free list", "cgooo", "cpu.core", ["free_list"], 0.402384, "GAPR"),
    ("load queue CAM", "ooo", "cpu.core.lsq", ["lq_search"], 2.204357, "LQ cam, 64"),
    ("load queue RAM", "ooo", "cpu.core.lsq", ["lq_write"], 1.236428, "LQ ram"),
    ("store queue CAM", "ooo", "cpu.core.lsq", ["sq_search"], 1.315326, "SQ cam, 32"),
    ("store queue RAM", "ooo", "cpu.core.lsq", ["sq_write", "sq_read"], 1.620642, "SQ ram"),
    ("load queue CAM", "cgooo", "cpu.core.lsq", ["lq_search"], 2.204357, "LQ cam, 64"),
    ("load queue RAM", "cgooo", "cpu.core.lsq", ["lq_write"], 1.236428, "LQ ram"),
    ("store queue CAM", "cgooo", "cpu.core.lsq", ["sq_search"], 1.315326, "SQ cam, 32"),
    ("store queue RAM", "cgooo", "cpu.core.lsq", ["sq_write", "sq_read"], 1.620642, "SQ ram"),
    ("store buffer CAM", "ino", "cpu.core.lsq", ["sq_search"], 0.763521, "st_buff cam, 20"),
    ("store buffer RAM", "ino", "cpu.core.lsq", ["sq_write", "sq_read"], 1.160567, "st_buff ram"),
    ("pipeline latch", "*", "cpu.core", ["latch"], 0.5864 / 2, "e_ff x latency / 2"),
    ("ALU", "*", "cpu.core", ["int_op"], 1.040, "ALU"),
    ("FPU", "*", "cpu.core", ["fp_op"], 8.8, "FPU"),
    ("BTB", "*", "cpu.core.front_end.predictor", ["btb_lookup"], 87.126, "BTB cam, 4096"),
    ("direction predictor", "*", "cpu.core.front_end.predictor", ["direction_lookup"], 4 * 0.4060768, "4 tables x bp e_ram"),
    ("L1 data read", "*", "cpu.l1d", ["data_read"], 42.957, "L1 e_ram, 32 KB 8-way"),
]

GROUPS = [
    ("front end (predictor, L1-I)", lambda c, a: c.startswith("cpu.core.front_end") or c == "cpu.l1i"),
    ("rename", lambda c, a: c == "cpu.core" and a in ("rat_read", "rat_write", "free_list")),
    ("window, wake-up, select", lambda c, a: c == "cpu.core" and (a.startswith("window") or a.startswith("head_") or a in ("wakeup", "select"))),
    ("reorder buffer", lambda c, a: c == "cpu.core" and a.startswith("rob")),
    ("register file (GRF)", lambda c, a: c == "cpu.core" and a in ("rf_read", "rf_write")),
    ("LRF", lambda c, a: c == "cpu.core" and a.startswith("lrf_")),
    ("operand wires", lambda c, a: c == "cpu.core" and a.endswith("_wire")),
    ("execution units", lambda c, a: c == "cpu.core" and a in ("int_op", "mul_op", "div_op", "fp_op", "vector_op", "agu")),
    ("pipeline latches", lambda c, a: c == "cpu.core" and a == "latch"),
    ("load/store queues", lambda c, a: c == "cpu.core.lsq"),
    ("L1-D", lambda c, a: c == "cpu.l1d"),
    ("L2, L3", lambda c, a: c in ("cpu.l2", "cpu.l3")),
]


def onchip(c):  # DRAM is off chip
    return not c.startswith("cpu.dram")


class Db:
    def __init__(self, path):
        self.db = sqlite3.connect(path)

    def one(self, sql, *args):
        return self.db.execute(sql, args).fetchone()[0]

    def cycles(self, r):
        return self.one("SELECT sum(cycles) FROM phases WHERE run_id=?", r)

    def work(self, r):
        return self.one("SELECT sum(work) FROM phases WHERE run_id=?", r)

    def time_s(self, r):
        return self.one("SELECT sum(time_s) FROM phases WHERE run_id=?", r)

    def energy(self, r, with_dram=False):
        rows = self.db.execute("SELECT component, dynamic_pj, leakage_pj FROM energy WHERE run_id=?", (r,))
        return sum(d + l for c, d, l in rows if with_dram or onchip(c))

    def leakage(self, r):
        rows = self.db.execute("SELECT component, leakage_pj FROM energy WHERE run_id=?", (r,))
        return sum(l for c, l in rows if onchip(c))

    def actions(self, r):
        return self.db.execute(
            "SELECT component, action, count, energy_per_action_pj FROM actions WHERE run_id=?", (r,)).fetchall()


def authors_price(core, comp, action):
    for _, k, c, acts, pj, _ in AUTHORS:
        if (k == core or k == "*") and c == comp and action in acts:
            return pj
    return None


def fmt(x, d=2):
    return f"{x:,.{d}f}"


def mean(v):
    return sum(v) / len(v)


def gmean(v):
    return math.exp(mean([math.log(x) for x in v]))


def clock_text(db, runs, t_e):
    """What the OoO core's clock explains of the EIE-to-CPU speed ratio (the i7 ran at 3.5 GHz)."""
    fast = [runs.get(("eie_cpu", f), {}).get(("ooo", "spmv_alex7")) for f in ("3.125GHz", "4GHz")]
    if None in fast:
        return "The speed ratios are of the same order as the paper's sparse one, 105x. "
    r3, r4 = (db.time_s(r) / t_e for r in fast)
    return ("The speed ratios are of the same order as the paper's sparse one, 105x, and about twice it. "
            f"The clock explains little of that: the out-of-order core at 3.125 and 4 GHz (bracketing the "
            f"i7's 3.5 GHz) is {fmt(r3,0)}x and {fmt(r4,0)}x slower than EIE, because the kernel waits on "
            "DRAM, whose latency is fixed in nanoseconds (its cycle count grows with the clock). The rest, "
            f"about {fmt(r4/105,1)}-{fmt(r3/105,1)}x, is one 4-wide core running scalar gcc code against "
            "the i7's six cores with MKL, which the model does not represent. ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--runs")
    ap.add_argument("--bench")
    ap.add_argument("--eie-note", default="")
    ap.add_argument("--programs")
    ap.add_argument("--compare")
    a = ap.parse_args()
    db = Db(a.db)
    programs = a.programs.split()
    runs = defaultdict(dict)
    with open(a.runs) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            runs[(row["set"], row["variant"])][(row["core"], row["program"])] = int(row["run"])
    suite = runs[("suite", "base")]
    out = []
    w = out.append

    def ipc(r):
        return db.work(r) / db.cycles(r)

    def epi(r):
        return db.energy(r) / db.work(r)

    def epi_authors(r, core):  # our counts, the authors' prices where they have one
        e = db.energy(r)
        for comp, act, n, pj in db.actions(r):
            p = authors_price(core, comp, act)
            if p is not None:
                e += n * (p - pj)
        return e / db.work(r)

    w(HEADER)
    # Suite table.
    w("## The three cores on the program suite\n")
    w("IPC, on-chip energy per instruction (core, caches L1 to L3, leakage; DRAM excluded), the share "
      "of the in-order-to-out-of-order energy gap CG-OoO closes, (E_OoO - E_CG) / (E_OoO - E_InO), and "
      "CG-OoO's inverse energy-delay product over the OoO core's, (E x D)_OoO / (E x D)_CG, for the "
      "same instructions.\n")
    w("| program | IPC InO | IPC CG-OoO | IPC OoO | pJ/instr InO | pJ/instr CG-OoO | pJ/instr OoO | gap closed | inverse EDP vs OoO |")
    w("|---|---|---|---|---|---|---|---|---|")
    per = {}
    for p in programs:
        r = {k: suite[(k, p)] for k, _ in CORES}
        i = {k: ipc(r[k]) for k in r}
        e = {k: epi(r[k]) for k in r}
        gap = (e["ooo"] - e["cgooo"]) / (e["ooo"] - e["ino"]) if e["ooo"] != e["ino"] else float("nan")
        edp = (e["ooo"] / i["ooo"]) / (e["cgooo"] / i["cgooo"])
        per[p] = (i, e, gap, edp)
        w(f"| {p} | {fmt(i['ino'])} | {fmt(i['cgooo'])} | {fmt(i['ooo'])} | {fmt(e['ino'],1)} | "
          f"{fmt(e['cgooo'],1)} | {fmt(e['ooo'],1)} | {fmt(100*gap,0)} % | {fmt(edp)}x |")
    mi = {k: mean([per[p][0][k] for p in programs]) for k, _ in CORES}
    me = {k: mean([per[p][1][k] for p in programs]) for k, _ in CORES}
    gap_avg = (me["ooo"] - me["cgooo"]) / (me["ooo"] - me["ino"])
    edp_g = gmean([per[p][3] for p in programs])
    w(f"| **mean** | {fmt(mi['ino'])} | {fmt(mi['cgooo'])} | {fmt(mi['ooo'])} | {fmt(me['ino'],1)} | "
      f"{fmt(me['cgooo'],1)} | {fmt(me['ooo'],1)} | {fmt(100*gap_avg,0)} % (of the mean gap) | "
      f"{fmt(edp_g)}x (geometric mean) |\n")
    with open(a.compare) as f:
        cmp = f.read().rstrip()
    w(f"The same runs through `axsim compare` ({programs[0]}; baseline the OoO core; energy here is "
      "the whole run's, DRAM included):\n")
    w("```\n" + f"axsim compare --db DB --runs INO,CGOOO,OOO --baseline OOO "
      "--metrics cycles,energy_pj,speedup,energy_ratio,edp_ratio\n" + cmp + "\n```\n")
    by = {k: defaultdict(float) for k, _ in CORES}
    for k, _ in CORES:
        for p in programs:
            r = suite[(k, p)]
            n = db.work(r)
            for comp, act, cnt, pj in db.actions(r):
                for g, f in GROUPS:
                    if f(comp, act):
                        by[k][g] += cnt * pj / n / len(programs)
                        break
            by[k]["leakage (on chip)"] += db.leakage(r) / n / len(programs)
    # Authors' prices.
    ea = {k: mean([epi_authors(suite[(k, p)], k) for p in programs]) for k, _ in CORES}
    gap_a = (ea["ooo"] - ea["cgooo"]) / (ea["ooo"] - ea["ino"])
    edp_a = gmean([(epi_authors(suite[("ooo", p)], "ooo") / per[p][0]["ooo"]) /
                   (epi_authors(suite[("cgooo", p)], "cgooo") / per[p][0]["cgooo"]) for p in programs])
    w("## Against the paper\n")
    w("| claim | paper | axsim, our energies | error | axsim, the authors' per-access energies on our counts |")
    w("|---|---|---|---|---|")
    w(f"| IPC of CG-OoO / IPC of OoO | about 1 (\"at out-of-order performance\") | {fmt(mi['cgooo']/mi['ooo'])} | "
      f"{fmt(100*(mi['cgooo']/mi['ooo']-1),0)} % | same |")
    w(f"| IPC order | InO < CG-OoO ≈ OoO | {fmt(mi['ino'])} < {fmt(mi['cgooo'])} < {fmt(mi['ooo'])} | | same |")
    for label, target in (("arXiv", 64), ("TACO", 62)):
        w(f"| energy gap closed ({label}) | {target} % | {fmt(100*gap_avg,0)} % | {fmt(100*gap_avg-target,0)} points | {fmt(100*gap_a,0)} % |")
    for label, target in (("arXiv", 1.9), ("TACO", 1.8)):
        w(f"| inverse EDP over OoO ({label}) | {target}x | {fmt(edp_g)}x | {fmt(100*(edp_g/target-1),0)} % | {fmt(edp_a)}x |")
    cnt = runs[("counting", "looked")]
    ec = {"ino": mean([epi(cnt[("ino", p)]) for p in programs]),
          "cgooo": mean([epi(cnt[("cgooo", p)]) for p in programs]), "ooo": me["ooo"]}
    gap_c = (ec["ooo"] - ec["cgooo"]) / (ec["ooo"] - ec["ino"])
    edp_c = gmean([(per[p][1]["ooo"] / per[p][0]["ooo"]) /
                   (epi(cnt[("cgooo", p)]) / ipc(cnt[("cgooo", p)])) for p in programs])
    w(f"| energy gap closed, counting a read for every entry the schedulers look at each cycle "
      f"(`count_looked_entries`, the authors' counting) | 64 % | {fmt(100*gap_c,0)} % | "
      f"{fmt(100*gap_c-64,0)} points | |")
    w(f"| inverse EDP over OoO, the same counting | 1.9x | {fmt(edp_c)}x | "
      f"{fmt(100*(edp_c/1.9-1),0)} % | |")
    w("")
    w(f"With the authors' per-access energies in place of ours (the table below; our leakage and "
      f"every unmapped action kept), the mean energies per instruction are {fmt(ea['ino'],1)}, "
      f"{fmt(ea['cgooo'],1)} and {fmt(ea['ooo'],1)} pJ (InO, CG-OoO, OoO).\n")
    names = [g for g, _ in GROUPS] + ["leakage (on chip)"]
    more = {g: by["cgooo"][g] - by["ino"][g] for g in names}
    plus = sorted([g for g in names if more[g] > 0.05], key=lambda g: -more[g])
    minus = sorted([g for g in names if more[g] < -0.05], key=lambda g: more[g])
    skip = runs[("skipahead", "10")]
    mpki = mean([1000 * db.one("SELECT coalesce(sum(value), 0) FROM stats WHERE run_id=? AND "
                               "component='cpu.core.front_end' AND name='branch_mispredicts'",
                               suite[("ooo", p)]) / db.work(suite[("ooo", p)]) for p in programs])
    w("**Reading it.** ")
    w(f"*Performance*: CG-OoO reaches {fmt(100*mi['cgooo']/mi['ooo'],0)} % of the OoO core's mean IPC. "
      f"Its Skipahead depth is what holds it back where it trails (bzip2 most): looking at 10 "
      f"instructions a cycle instead of 5 raises the mean IPC to "
      f"{fmt(mean([ipc(skip[('cgooo', p)]) for p in programs]))} (the sensitivity table); gemm, with "
      "independent work in every block, gains from its 12 ALUs and passes the OoO core.")
    w(f"*Energy gap*: not reproduced, {fmt(100*gap_avg,0)} % closed against the paper's 64 %: CG-OoO "
      f"costs about what the in-order core costs. The per-access prices are not the cause: the "
      f"authors' own prices on our event counts give {fmt(100*gap_a,0)} %. By structure (next table), "
      f"CG-OoO spends {fmt(sum(more[g] for g in plus),1)} pJ an instruction more than the in-order "
      f"core on " + ", ".join(f"{g} ({fmt(more[g])})" for g in plus) +
      f" and saves {fmt(-sum(more[g] for g in minus),1)} on " +
      ", ".join(f"{g} ({fmt(-more[g])})" for g in minus) +
      ". The authors' simulator charges events this model does not (read in its source): register "
      "reads at every readiness check of a CG-OoO window (which they note may overcount), up to 20 "
      "wrong-path instructions through the whole pipeline after each misprediction, and the "
      "predictor stage's latches every cycle. The first kind is measured: charging a read for every "
      "entry the in-order window and CG-OoO's Skipahead look at each cycle (`count_looked_entries`) "
      f"gives {fmt(100*gap_c,0)} % closed"
      + (" — the paper's 64 % lies between the two counting rules, so how a simulator counts "
         "scheduler reads decides most of this figure. " if min(gap_c, gap_avg) <= 0.64 <= max(gap_c, gap_avg)
         else ". ") +
      "Wrong-path instructions are not modeled (fetch waits for a mispredicted branch; the suite "
      f"mispredicts {fmt(mpki, 1)} times per 1,000 instructions), and their share is not "
      "measured.\n")
    # Energy by structure.
    w("## Where the energy goes (mean over the programs, pJ per instruction)\n")
    w("| structure | " + " | ".join(n for _, n in CORES) + " |")
    w("|---|" + "---|" * len(CORES))
    for g in [g for g, _ in GROUPS] + ["leakage (on chip)"]:
        w(f"| {g} | " + " | ".join(fmt(by[k][g]) for k, _ in CORES) + " |")
    w("")
    # Per-access table.
    w("## Per-access energy: axsim's model beside the authors'\n")
    w("axsim prices each table from its size and ports (see Energy above); the authors' values come from "
      "their SPICE-based flow. Ratio = axsim / authors.\n")
    w("| structure | core | axsim action | axsim pJ | authors' pJ | their entry | ratio |")
    w("|---|---|---|---|---|---|---|")
    for s, k, comp, acts, pj, entry in AUTHORS:
        core = "ooo" if k == "*" else k
        r = suite[(core, programs[0])]
        ours = {act: e for c, act, n, e in db.actions(r) if c == comp}
        act = acts[0]
        if act not in ours:
            continue
        w(f"| {s} | {dict(CORES)[core] if k != '*' else 'all'} | `{act}` | {fmt(ours[act],3)} | "
          f"{fmt(pj,3)} | {entry} | {fmt(ours[act]/pj)} |")
    w("")
    # Sensitivity.
    w("## CG-OoO's sensitivity (mean over the programs)\n")
    w("| parameter | value | IPC | pJ/instr | inverse EDP vs OoO |")
    w("|---|---|---|---|---|")
    base_edp = lambda rr: gmean([(per[p][1]["ooo"] / per[p][0]["ooo"]) / (epi(rr[("cgooo", p)]) / ipc(rr[("cgooo", p)])) for p in programs])
    for param, default in (("windows", "12"), ("window_entries", "60"), ("skipahead", "5")):
        vals = sorted({v for (s, v) in runs if s == param} | {default}, key=int)
        for v in vals:
            rr = suite if v == default else runs[(param, v)]
            w(f"| `blocks.{param}` | {v}{' (paper)' if v == default else ''} | "
              f"{fmt(mean([ipc(rr[('cgooo', p)]) for p in programs]))} | "
              f"{fmt(mean([epi(rr[('cgooo', p)]) for p in programs]),1)} | {fmt(base_edp(rr))}x |")
    w("")
    # Causes.
    w("## What CG-OoO's IPC depends on (mean IPC over the programs)\n")
    w("| change | CG-OoO | OoO |")
    w("|---|---|---|")
    w(f"| none (the configs) | {fmt(mi['cgooo'])} | {fmt(mi['ooo'])} |")
    labels = {"far_segment_0": "no extra cycle for a far GRF segment",
              "one_cluster": "one cluster: any window may use any of the 12 ALUs",
              "mem_issue_2": "two loads or stores a cycle (and two L1-D requests)",
              "perfect_bp": "perfect branch prediction"}
    for v, text in labels.items():
        rr = runs[("causes", v)]
        cgv = fmt(mean([ipc(rr[("cgooo", p)]) for p in programs])) if ("cgooo", programs[0]) in rr else "–"
        oov = fmt(mean([ipc(rr[("ooo", p)]) for p in programs])) if ("ooo", programs[0]) in rr else "–"
        w(f"| {text} | {cgv} | {oov} |")
    w("")
    # EIE against CPU.
    w("## EIE against the CPU cores on Alex-7\n")
    e = runs.get(("eie_cpu", "whole"), {})
    if not e:
        w(a.eie_note + "\n")
    else:
        er = e[("eie", "spmv_alex7")]
        t_e, en_e = db.time_s(er), db.energy(er, True)
        w("The same compressed layer (EIE's Alex-7, 4096 x 4096, 9 % weights, 35.3 % activations, made by "
          "the front-end): EIE replays its trace (configs/eie.json); the CPU cores run `spmv`, the CSC "
          "kernel compiled with gcc -O2, traced whole for one call. CPU energy: on chip, and with DRAM.\n")
        w("| machine | cycles | time, µs | energy, µJ | with DRAM, µJ | EIE faster | EIE less energy (on chip) |")
        w("|---|---|---|---|---|---|---|")
        for k, n in CORES:
            r = e[(k, "spmv_alex7")]
            t, en, ed = db.time_s(r), db.energy(r), db.energy(r, True)
            w(f"| {n} core, 2 GHz | {db.cycles(r):,} | {fmt(t*1e6,1)} | {fmt(en/1e6,2)} | {fmt(ed/1e6,2)} | "
              f"{fmt(t/t_e,0)}x | {fmt(en/en_e,0)}x |")
        for f in ("3.125GHz", "4GHz"):
            r = runs.get(("eie_cpu", f), {}).get(("ooo", "spmv_alex7"))
            if r is None:
                continue
            t, en, ed = db.time_s(r), db.energy(r), db.energy(r, True)
            w(f"| out-of-order core, {f.replace('GHz', ' GHz')} | {db.cycles(r):,} | {fmt(t*1e6,1)} | "
              f"{fmt(en/1e6,2)} | {fmt(ed/1e6,2)} | {fmt(t/t_e,0)}x | {fmt(en/en_e,0)}x |")
        w(f"| EIE, 64 PEs | {db.cycles(er):,} | {fmt(t_e*1e6,1)} | {fmt(en_e/1e6,3)} | | | |\n")
        ooo = e[("ooo", "spmv_alex7")]
        n_ooo = db.work(ooo)
        w("The EIE paper (Han et al., ISCA 2016, Table IV and Fig. 6/7) measured a Core i7-5930K (22 nm, "
          "3.5 GHz, 6 cores, MKL): 1282.1 µs sparse and 6187.1 µs dense for Alex-7 at batch 1, against EIE's "
          "12.2 µs (105x and 507x), and EIE 61,533x more energy-efficient than the dense CPU run. "
          f"EIE's time here is {fmt(t_e*1e6,1)} µs ({fmt(100*(t_e*1e6/12.2-1),0)} % from the paper's 12.2). "
          f"{clock_text(db, runs, t_e)}The energy ratios are "
          "not: the i7's 73 W package power over its sparse run is "
          f"{fmt(73*1282.1e-6*1e3,1)} mJ (derived), {fmt(73*1282.1e-6/n_ooo*1e9,0)} nJ for each of the "
          f"{n_ooo:,} instructions our kernel takes, while the model prices only the structures it "
          "simulates, about 20-40 pJ an instruction (the table of energy by structure): no clock tree, "
          "control logic, uncore or idle cores, and low-standby-power cells. Read the CPU energies as the "
          "modeled structures' share, a lower bound.\n")
    # Speed.
    w("## Speed\n")
    with open(a.bench) as f:
        bench = json.load(f).get("benchmarks", [])
    if bench:
        w("Google Benchmark `BM_CpuCore` (tests/bench/cpu_bench.cpp): a 1 M-instruction synthetic loop, one thread.\n")
        w("| core | M instructions/s | M simulated cycles/s | M events/s |")
        w("|---|---|---|---|")
        for b in bench:
            w(f"| {b['name'].split('/')[1]} | {fmt(b['useful_ops_per_s']/1e6)} | "
              f"{fmt(b['sim_cycles_per_s']/1e6)} | {fmt(b['events_per_s']/1e6)} |")
        w("\ngem5's detailed (O3) CPU and ChampSim run at roughly 0.1-1 M instructions per second (their "
          "users' reports, not measured here).\n")
    else:
        w("The benchmarks were not built (-DAXSIM_BENCH=ON).\n")
    print("\n".join(out))


HEADER = open(__file__.replace("report_cgooo.py", "cgooo_page_head.md")).read()

if __name__ == "__main__":
    main()
