#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Mutation campaign against the real axsim command line (docs/cli-campaign.md).

Mutates every input kind (configs, tech tables, recipes, sweep specs, traces, ONNX, .npz, results
databases, command-line numbers), runs the matching axsim command on each case in a fresh
directory with AXSIM_NO_CACHE=1 and a timeout, and classifies the outcome. Pass: exit 0, or exit
2 with a message naming the mutated file. Anything else is a failure; failures are deduplicated
(class + top frames from --asan-binary when given, else class + normalised message), the first
input of each kept under --findings-dir/cases/ with a one-line repro, and appended to
--findings-dir/cli.md as found. Standard library only; seeded and reproducible.
"""
import argparse
import collections
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_campaign_formats as fmt  # noqa: E402
import cli_campaign_mutators as mut  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAW = ["std::bad_alloc", "basic_string", "vector::", "json.exception", "what():",
       "terminate called", "max_size()", "std::length_error", "std::out_of_range",
       "stoi", "stoul", "stod", "bad_optional", "bad_variant"]
SANITIZER = re.compile(r"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|"
                       r"SUMMARY: UndefinedBehaviorSanitizer")
FILE_NAMED = re.compile(r"\S+\.(json|axt|onnx|npz|npy|db)\b")
FRAME = re.compile(r"#\d+ 0x[0-9a-f]+ in (.+?) (\S+:\d+|\(\S+\))\n")
UNIT_OF = {"dense": "dense", "eie": "eie", "scnn": "scnn"}
TRACE_RECIPES = {"dense": "int8_dense.json", "eie": "fine30_kmeans4_eie.json",
                 "scnn": "scnn_paper.json"}
ONNX_ARGS = {"ch_ppocr_mobile_v2.0_cls_infer.onnx": ["--input", "x=1,3,48,192"],
             "silero_vad_legacy.onnx": ["--input", "input=1,512", "--input-value", "sr=16000",
                                        "--input-value", "h=0", "--input-value", "c=0"]}
CLI_EDGES = ["0", "-1", "2147483648", "9223372036854775808", "1e300", "-1e-300", "", "nan",
             "x" * 5000, "0/0", "1/0", "2/1", "-1/2", "4294967297/4294967298"]


def run(binary, args, cwd, timeout):
    env = dict(os.environ, AXSIM_NO_CACHE="1", ASAN_OPTIONS="detect_leaks=0:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    try:
        p = subprocess.run([binary] + args, cwd=cwd, env=env, capture_output=True,
                           timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return None, "", (e.stderr or b"").decode(errors="replace")


def classify(rc, out, err, named):
    """None when the case passes, else the failure class."""
    if rc is None:
        return "hang"
    if SANITIZER.search(err):
        return "sanitizer"
    if rc < 0:
        return "signal " + signal.Signals(-rc).name
    text = out + err
    for r in RAW:
        if r in text:
            return "raw message"
    if rc == 1:
        return "exit 1 (documented for simulation failures: check)"
    if rc not in (0, 2):
        return "exit %d" % rc
    if rc == 2 and named and not FILE_NAMED.search(err):
        return "message names no file"
    return None


def frames(err):
    """The top three frames in axsim's own code (sources are relative to the build folder)."""
    out = []
    for fn, loc in FRAME.findall(err):
        if loc.startswith(("/usr", "(")) or "_deps/" in loc or "sysdeps" in loc:
            continue
        loc = re.sub(r"^(\.\./)+", "", loc.split("/work/")[-1])
        out.append("%s %s" % (fn.split("(")[0][-70:], loc))
    return out[:3]


def normalise(text):
    line = next((x for x in reversed(text.strip().splitlines()) if x.strip()), "")
    line = re.sub(r"/tmp/\S+?/", "", line)
    return re.sub(r"\d+", "N", line)[:120]


class Seeds:
    """Valid inputs of every kind, made once under work/seeds."""

    def __init__(self, binary, work, models_dir, timeout):
        self.dir = os.path.join(work, "seeds")
        shutil.rmtree(self.dir, ignore_errors=True)
        cfg = os.path.join(self.dir, "configs")
        shutil.copytree(os.path.join(ROOT, "configs"), cfg)
        for name in os.listdir(os.path.join(cfg, "sweeps")):
            trim_sweep(os.path.join(cfg, "sweeps", name))
        self.files = collections.defaultdict(list)
        for sub, kind in (("", "config"), ("tech", "tech"), ("recipes", "recipe"),
                          ("sweeps", "sweep")):
            for n in sorted(os.listdir(os.path.join(cfg, sub))):
                if n.endswith(".json"):
                    self.files[kind].append(os.path.join("configs", sub, n).replace("//", "/"))
        self.tech_config = {}
        for c in self.files["config"]:
            tech = json.load(open(os.path.join(self.dir, c))).get("tech", "")
            if "dcnn" not in c:  # dcnn's recipe needs a model that runs; -w tiny cannot
                self.tech_config.setdefault("configs/" + tech, c)
        for model in ("tiny", "lenet5"):
            for unit, recipe in TRACE_RECIPES.items():
                name = "%s_%s.axt" % (model, unit)
                rc, _, err = run(binary, ["compress", model, "-r", "configs/recipes/" + recipe,
                                          "-o", name, "--db", "seed.db"], self.dir, timeout * 3)
                if rc == 0:
                    self.files["trace"].append(name)
                else:
                    print("seed trace %s failed: %s" % (name, err.strip()[-200:]))
        for n in sorted(os.listdir(models_dir)) if os.path.isdir(models_dir) else []:
            if n.endswith(".onnx"):
                shutil.copy(os.path.join(models_dir, n), self.dir)
                self.files["onnx"].append(n)
        with open(os.path.join(self.dir, "small.npz"), "wb") as f:
            f.write(fmt.seed_npz())
        self.files["npz"].append("small.npz")
        self.files["db"].append("seed.db")
        self.files["cli"].append("")


def trim_sweep(path):
    """Shipped sweeps keep their axes but only two values each, so a case runs in seconds."""
    spec = json.load(open(path))
    for axis in spec.get("axes", []):
        if "range" in axis:
            r = axis.pop("range")
            axis["values"] = [r["from"], r["from"] * r.get("times", 2)]
        axis["values"] = axis["values"][:2]
    json.dump(spec, open(path, "w"), indent=1)


def unit_config(trace):
    return "configs/%s.json" % trace.rsplit("_", 1)[1].split(".")[0]


def commands(rng, kind, target, seeds):
    """The axsim command lines for one case; the mutated file is `target`."""
    db = ["--db", "r.db"]
    if kind == "config":
        w = ["-w", "tiny"] if rng.random() < 0.6 and "dcnn" not in target else []
        return [["run", target] + w + db]
    if kind == "tech":
        return [["run", seeds.tech_config.get(target, "configs/dense.json"), "-w", "tiny"] + db]
    if kind == "recipe":
        return [["compress", rng.choice(["tiny", "lenet5"]), "-r", target, "-o", "o.axt"] + db]
    if kind == "sweep":
        return [["sweep", target, "-j", "1"] + db]
    if kind == "trace":
        return [["inspect", target], ["run", unit_config(target), "--trace", target] + db]
    if kind == "onnx":
        return [["compress", target, "-r", "configs/recipes/int8_dense.json", "-o", "o.axt"] +
                ONNX_ARGS.get(target, []) + db]
    if kind == "npz":
        return [["compress", target, "-r", "configs/recipes/int8_dense.json", "-o", "o.axt"] + db]
    if kind == "db":
        return [["query", "--db", target, "failures"], ["merge", "out.db", target]]
    return [cli_command(rng)]


def cli_command(rng):
    e = rng.choice(CLI_EDGES)
    which = rng.randrange(4)
    if which == 0:
        key = rng.choice(["seed", "watchdog_cycles", "clocks.core", "unit.params.pe_rows",
                          "unit.params.pe_cols", "unit.params.macs_per_pe", "unit.clock",
                          "unit.type", "unit.params.dram.bytes_per_cycle", "workload", "k" * 50000])
        return ["run", "configs/dense.json", "-w", "tiny", "--set", key + "=" + e, "--db", "r.db"]
    if which == 1:
        return ["sweep", "configs/sweeps/dense_lenet5_500.json", "-j", e, "--db", "r.db"]
    if which == 2:
        return ["sweep", "configs/sweeps/dense_lenet5_500.json", "-j", "1", "--shard", e,
                "--db", "r.db"]
    return ["query", "--db", "seed.db", rng.choice(["failures", "runs", "x" * 5000, ""]), e]


MUTATORS = {"config": mut.mutate_json, "tech": mut.mutate_json, "recipe": mut.mutate_json,
            "sweep": mut.mutate_json, "trace": mut.mutate_trace, "onnx": fmt.mutate_onnx,
            "npz": fmt.mutate_npz, "db": mut.mutate_bytes}


class Campaign:
    def __init__(self, a, seeds):
        self.a, self.seeds = a, seeds
        self.ran = collections.Counter()
        self.failed = collections.Counter()
        self.sites = {}
        os.makedirs(os.path.join(a.findings_dir, "cases"), exist_ok=True)
        self.report = os.path.join(a.findings_dir, "cli.md")
        if os.path.exists(self.report):  # a resumed campaign does not report known sites again
            for sig in re.findall(r"^- signature: (.*)$", open(self.report).read(), re.M):
                self.sites[sig] = 0

    def timeout_of(self, args):
        """A sweep runs several points, each up to a whole EIE benchmark set without the
        workload cache (about 10 s): it gets 4 times the timeout before it counts as a hang."""
        return self.a.timeout * (4 if args and args[0] == "sweep" else 1)

    def case(self, index):
        rng = random.Random("%d/%d" % (self.a.seed, index))
        kind = rng.choice(self.a.kinds)
        target = rng.choice(self.seeds.files[kind])
        case_dir = tempfile.mkdtemp(prefix="case-", dir=self.a.work)
        try:
            self.prepare(case_dir, rng, kind, target)
            desc = self.desc
            for args in commands(rng, kind, target, self.seeds):
                rc, out, err = run(self.a.binary, args, case_dir, self.timeout_of(args))
                self.ran[kind] += 1
                named = [os.path.basename(target)] if kind != "cli" else []
                cls = classify(rc, out, err, named)
                if cls:
                    self.failure(index, kind, desc, args, cls, rc, out, err, case_dir)
        finally:
            shutil.rmtree(case_dir, ignore_errors=True)

    def prepare(self, case_dir, rng, kind, target):
        for n in os.listdir(self.seeds.dir):
            src = os.path.join(self.seeds.dir, n)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(case_dir, n))
            elif n != os.path.basename(target) or kind == "cli":
                if n.endswith(".onnx"):
                    continue
                shutil.copy(src, case_dir)
        self.desc = "command-line value"
        if kind == "cli":
            return
        data = open(os.path.join(self.seeds.dir, target), "rb").read()
        data, self.desc = MUTATORS[kind](rng, data)
        with open(os.path.join(case_dir, target), "wb") as f:
            f.write(data)

    def failure(self, index, kind, desc, args, cls, rc, out, err, case_dir):
        self.failed[kind] += 1
        site = frames(err)
        if not site and os.path.exists(self.a.asan_binary) and cls != "message names no file":
            _, _, aerr = run(self.a.asan_binary, args, case_dir, self.timeout_of(args) * 3)
            site = frames(aerr)
            if SANITIZER.search(aerr) and cls in ("raw message", "exit 2"):
                cls += " + sanitizer"
        where = " | ".join(site) if site else normalise(out + err)
        if not site and (rc is None or rc < 0):  # no message: tell crashes apart by mutation
            where = "%s: %s" % (kind, re.sub(r"\d+", "N", re.sub(r"/\S*", "", desc))[:60])
        sig = "%s | %s | %s" % (cls, args[0], where)
        if sig in self.sites:
            self.sites[sig] += 1
            return
        self.sites[sig] = 1
        ident = hashlib.sha1(sig.encode()).hexdigest()[:10]
        keep = os.path.join(self.a.findings_dir, "cases", ident)
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(case_dir, keep, ignore=shutil.ignore_patterns("r.db*", "out.db*", "o.axt*"))
        quoted = " ".join("'%s'" % x if (" " in x or not x) else x for x in args)
        if len(quoted) > 300:
            quoted = quoted[:300] + "...(see repro.sh)"
        repro = "cd %s && AXSIM_NO_CACHE=1 timeout %d %s %s" % (
            keep, self.timeout_of(args), self.a.binary, quoted)
        with open(os.path.join(keep, "repro.sh"), "w") as f:
            f.write("cd %s && AXSIM_NO_CACHE=1 timeout %d %s %s\n" % (
                keep, self.timeout_of(args), self.a.binary, " ".join("'%s'" % x for x in args)))
        tail = (out + err).strip()[-400:].replace("\n", "\n    ")
        with open(self.report, "a") as f:
            f.write("\n### %s: `axsim %s` on %s (case %d, seed %d)\n" % (
                cls, args[0], kind, index, self.a.seed))
            f.write("- mutation: %s\n- exit: %s\n- repro: `%s`\n- input: %s\n" % (
                desc, "timeout" if rc is None else rc, repro, keep))
            f.write("- signature: %s\n" % sig)
            f.write("- top frames: %s\n- output tail:\n\n    %s\n" % (
                "; ".join(site) if site else "(none: %s)" % where, tail))
        print("NEW %s: %s [%s]" % (cls, where, desc), flush=True)


def add_frames(a):
    """--frames: re-runs every kept case on --asan-binary and appends its top frames to cli.md."""
    cases = os.path.join(a.findings_dir, "cases")
    with open(os.path.join(a.findings_dir, "cli.md"), "a") as report:
        for ident in sorted(os.listdir(cases)):
            line = open(os.path.join(cases, ident, "repro.sh")).read().strip()
            args = [x.strip("'") for x in re.findall(r"'[^']*'", line.split(" axsim ", 1)[-1])]
            scratch = tempfile.mkdtemp(prefix="frames-")
            shutil.copytree(os.path.join(cases, ident), scratch, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("r.db*", "out.db*", "o.axt*"))
            rc, out, err = run(a.asan_binary, args, scratch, a.timeout)
            shutil.rmtree(scratch, ignore_errors=True)
            site = frames(err)
            kind = "sanitizer: " if SANITIZER.search(err) else ""
            msg = re.search(r"(runtime error: .*|ERROR: AddressSanitizer: \S+)", err)
            report.write("\n- frames of case %s under ASan+UBSan (exit %s): %s%s%s\n" % (
                ident, rc, kind, msg.group(1)[:160] + "; " if msg else "",
                "; ".join(site) if site else "(no frames)"))
            print(ident, rc, site, flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--binary", default=os.path.join(ROOT, "build/tools/axsim/axsim"))
    p.add_argument("--asan-binary", default="", help="ASan+UBSan axsim: top frames of failures")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cases", type=int, default=200)
    p.add_argument("--first", type=int, default=0, help="index of the first case (to resume)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds; longer is a hang")
    p.add_argument("--kinds", default="config,tech,recipe,sweep,trace,onnx,npz,db,cli")
    p.add_argument("--models-dir", default=os.path.join(ROOT, "build/models"))
    p.add_argument("--work", default="", help="scratch folder (default: a new temp folder)")
    p.add_argument("--findings-dir", default=os.path.join(ROOT, "build/cli-campaign"))
    p.add_argument("--minutes", type=float, default=0, help="stop after this long (0: no limit)")
    p.add_argument("--frames", action="store_true", help="only re-run kept cases on --asan-binary")
    a = p.parse_args()
    a.binary = os.path.abspath(a.binary)
    a.asan_binary = os.path.abspath(a.asan_binary) if a.asan_binary else ""
    if a.frames:
        return add_frames(a)
    a.work = a.work or tempfile.mkdtemp(prefix="axsim-cli-campaign-")
    os.makedirs(a.work, exist_ok=True)
    seeds = Seeds(a.binary, a.work, a.models_dir, a.timeout)
    a.kinds = [k for k in a.kinds.split(",") if seeds.files[k]]
    c = Campaign(a, seeds)
    start = time.time()
    for i in range(a.first, a.first + a.cases):
        if a.minutes and time.time() - start > a.minutes * 60:
            break
        c.case(i)
        if (i + 1) % 50 == 0:
            print("%d cases, %d failing runs, %d distinct" % (
                i + 1 - a.first, sum(c.failed.values()), len(c.sites)), flush=True)
    print("runs per kind:", dict(c.ran))
    print("failing runs per kind:", dict(c.failed))
    print("distinct failures: %d" % len(c.sites))
    for sig, n in sorted(c.sites.items(), key=lambda x: -x[1]):
        print("  %4d  %s" % (n, sig))
    return 1 if c.sites else 0


if __name__ == "__main__":
    sys.exit(main())
