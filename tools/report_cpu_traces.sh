#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/cpu-traces.md: how to make a CPU instruction trace, what is in it, the
# format, ChampSim exchange, the program suite (regenerated and compared with its manifest), and
# the checks and speed of the trace tool, measured here: the instruction count against Valgrind's
# own (lackey) on a whole bzip2 run, the tool's slowdown over the native run, packing and reading
# speed, and a ChampSim round trip through the cpu unit.
#
# Usage, after the build:  bash tools/report_cpu_traces.sh [OUTPUT.md]  (default docs/cpu-traces.md)
# Environment: AXSIM as tools/report_common.sh says; CPU_SUITE, the traces' folder (default
# build/cpu_suite, made by tools/cpu_suite/make_suite.sh when it has no manifest).
# Takes about three minutes (the suite traced twice, one bzip2 run traced whole: a raw stream of
# about 760 MB in a temporary folder; the same run simulated whole and from simpoints).
set -euo pipefail

source "$(dirname "$0")/report_common.sh"
report_init report_cpu_traces docs/cpu-traces.md "$@"

suite="${CPU_SUITE:-$root/build/cpu_suite}"
[ -f "$suite/manifest.tsv" ] || { log "tracing the program suite"; bash tools/cpu_suite/make_suite.sh "$suite" >&2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py() { python3 -c "$1"; }
secs() {  # median wall seconds of 3 runs of a command (output discarded)
  python3 - "$@" <<'PY'
import subprocess, sys, time
t = []
for _ in range(3):
    t0 = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True); t.append(time.perf_counter() - t0)
print('%.3f' % sorted(t)[1])
PY
}

log "the suite traced again and compared with its manifest"
if bash tools/cpu_suite/make_suite.sh --check "$suite" > "$work/check.txt" 2>&1; then
  check="all $(grep -c identical "$work/check.txt") traces were identical, byte for byte"
else
  check="DIFFERENT: $(grep -v identical "$work/check.txt" | tr '\n' ' ')"
fi

log "the suite's instruction mix"
suite_rows=$(tail -n +2 "$suite/manifest.tsv" | while IFS=$'\t' read -r name start window cmd sum; do
  "$axsim" cputrace show "$suite/$name.axct" > "$work/$name.show"
  python3 - "$work/$name.show" "$name" "$start" "$cmd" "$(du -k "$suite/$name.axct" | cut -f1)" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
name, start, cmd, kib = sys.argv[2:]
n = int(re.search(r'^instructions (\d+) \((\d+) distinct\)', text, re.M).group(1))
distinct = int(re.search(r'^instructions \d+ \((\d+) distinct\)', text, re.M).group(1))
cls = {m.group(1): int(m.group(2)) for m in re.finditer(r'^  (\w+) +(\d+) ', text, re.M)}
loads = int(re.search(r'^loads +(\d+)', text, re.M).group(1))
stores = int(re.search(r'^stores +(\d+)', text, re.M).group(1))
br, taken = map(int, re.search(r'^branches +(\d+) \((\d+) taken\)', text, re.M).groups())
pct = lambda k: '%.1f' % (100.0 * k / n)
what = {"bzip2": "`bzip2 -9 -c text.txt`", "xz": "`xz -6 -T1 -c text.txt`",
        "sqlite3": "`sqlite3 -batch -init query.sql :memory: .quit`", "cc1": "gcc's `cc1 -quiet -O2 gemm.c`",
        "spmv": "`tools/cpu_suite/spmv.c` at -O2 on EIE's Alex-7 (4096 x 4096, 9 % weights, 35.3 % inputs) compressed by axsim's front-end (`tools/cpu_suite/alex7.json`, `alex7_recipe.json`, `axsim inspect --csc`)",
        "gemm": "`tools/cpu_suite/gemm.c` at -O2: 192 x 192 x 192 single-precision GEMM, blocked by 32"}.get(name, '`%s`' % cmd)
print('| %s | %s | `%s` | %s | %s | %s | %s | %s | %s | %.3f | %.3f | %.1f %% | %s |' % (
    name, what, start, f'{distinct:,}', pct(cls.get('alu', 0)), pct(cls.get('load', 0)), pct(cls.get('store', 0)),
    pct(cls.get('branch_cond', 0)), pct(cls.get('float', 0) + cls.get('vector', 0)), loads / n, stores / n,
    100.0 * taken / max(br, 1), kib))
PY
done)

log "a whole bzip2 run: native, under Valgrind, traced, packed, read; lackey's count"
lib="$(bash tools/axtrace/build.sh "$root/build/axtrace")"
text="$suite/work/text.txt"
native=$(secs bzip2 -9 -c "$text")
none=$(secs valgrind --tool=none bzip2 -9 -c "$text")
t0=$(date +%s.%N)
env -i PATH=/usr/bin:/bin LC_ALL=C VALGRIND_LIB="$lib" valgrind -q --tool=axtrace \
  --show-below-main=yes --vex-guest-chase=no --start= \
  --out="$work/bz.raw" bzip2 -9 -c "$text" > /dev/null
traced=$(py "print('%.2f' % ($(date +%s.%N) - $t0))")
raw_mb=$(py "print('%.0f' % ($(stat -c %s "$work/bz.raw") / 1e6))")
t0=$(date +%s.%N)
"$axsim" cputrace pack "$work/bz.raw" -o "$work/bz.axct" --start "" > "$work/pack.txt"
packed=$(py "print('%.1f' % ($(date +%s.%N) - $t0))")
rm -f "$work/bz.raw"
count=$(sed -n 's/.*: \([0-9]*\) instructions.*/\1/p' "$work/pack.txt")
axct_mb=$(py "print('%.1f' % ($(stat -c %s "$work/bz.axct") / 1e6))")
shown=$(secs "$axsim" cputrace show "$work/bz.axct")
# The same environment and translation options as the traced run: the client's environment sets
# its stack's alignment (string routines' instruction counts follow it), and lackey counts a few
# thousand instructions more when Valgrind chases across branches into one superblock.
env -i PATH=/usr/bin:/bin LC_ALL=C VALGRIND_LIB="$lib" valgrind --tool=lackey \
  --vex-guest-chase=no bzip2 -9 -c "$text" > /dev/null 2> "$work/lackey.txt" || true
lackey=$(sed -n 's/.*guest instrs: *\([0-9,]*\)$/\1/p' "$work/lackey.txt" | tr -d ,)
same=$([ "$lackey" = "$count" ] && echo "the same count" || echo "DIFFERENT counts")
mips() { py "print('%.1f' % ($count / $1 / 1e6))"; }
bits=$(py "print('%.1f' % ($(stat -c %s "$work/bz.axct") * 8.0 / $count))")

log "ChampSim round trip of the bzip2 window through the cpu unit"
"$axsim" cputrace champsim "$suite/bzip2.axct" -o "$work/bz.champsim.xz" > /dev/null
"$axsim" cputrace import-champsim "$work/bz.champsim.xz" -o "$work/bz_back.axct" > "$work/import.txt"
cyc() { "$axsim" run configs/cpu_holiswap.json --trace "$1" --db "$work/cs.db" | awk '$2 == "trace" { print $5 }'; }
cs_orig=$(cyc "$suite/bzip2.axct"); cs_back=$(cyc "$work/bz_back.axct")
cs_diff=$(py "print('%+.2f' % (100.0 * ($cs_back / $cs_orig - 1)))")
kinds_same=no
diff <("$axsim" cputrace show "$suite/bzip2.axct" | grep -E "^  (branch_cond|jump|jump_indirect|call|call_indirect|return) |^loads|^stores|^branches") \
     <("$axsim" cputrace show "$work/bz_back.axct" | grep -E "^  (branch_cond|jump|jump_indirect|call|call_indirect|return) |^loads|^stores|^branches") \
     > /dev/null && kinds_same=yes

log "SimPoint sampling of the whole bzip2 run against its full simulation"
run_db="$work/sample.db"
sim_run() {  # TRACE -> run id (configs/cpu_holiswap.json)
  "$axsim" run configs/cpu_holiswap.json --trace "$1" --db "$run_db" > /dev/null
  sqlite3 -batch -noheader "$run_db" "SELECT max(id) FROM runs;"
}
cpi_of() {  # RUN -> weighted CPI of its simpoints (the whole run: one phase of weight 1)
  sqlite3 -batch -noheader "$run_db" "SELECT printf('%.4f', sum(s.value * p.cycles * 1.0 / p.work))
    FROM phases p JOIN stats s ON s.run_id = p.run_id AND s.layer_index = p.phase_index
    WHERE p.run_id = $1 AND s.component = 'cpu' AND s.name = 'window_weight' AND p.kind IN ('trace', 'simpoint');"
}
miss_of() {  # RUN -> weighted L1-D misses per 1,000 instructions
  sqlite3 -batch -noheader "$run_db" "SELECT printf('%.2f', sum(w.value * m.value * 1000.0 / p.work))
    FROM phases p JOIN stats w ON w.run_id = p.run_id AND w.layer_index = p.phase_index
      AND w.component = 'cpu' AND w.name = 'window_weight'
    JOIN (SELECT run_id, layer_index, sum(value) AS value FROM stats WHERE component = 'cpu.l1d'
          AND name IN ('read_misses', 'write_misses') GROUP BY run_id, layer_index) m
      ON m.run_id = p.run_id AND m.layer_index = p.phase_index
    WHERE p.run_id = $1 AND p.kind IN ('trace', 'simpoint');"
}
wall_of() { sqlite3 -batch -noheader "$run_db" "SELECT printf('%.1f', wall_seconds) FROM runs WHERE id = $1;"; }
insns_of() { sqlite3 -batch -noheader "$run_db" "SELECT sum(work) FROM phases WHERE run_id = $1;"; }
interval=1000000
(cd "$suite/work" && bash "$root/tools/axtrace/trace.sh" "$work/bz_full.axct" \
   --start __libc_start_call_main -- bzip2 -9 -c text.txt) > /dev/null 2>&1
(cd "$suite/work" && bash "$root/tools/axtrace/trace.sh" "$work/bz.bb" --bbv $interval \
   --start __libc_start_call_main -- bzip2 -9 -c text.txt) > /dev/null 2>&1
full=$(sim_run "$work/bz_full.axct")
full_cpi=$(cpi_of "$full"); full_miss=$(miss_of "$full")
sample_rows="" cpi_errors=""
for warm in 0 200000 1000000; do
  "$axsim" cputrace simpoints "$work/bz.bb" --interval $interval --warmup $warm -o "$work/sp_$warm.json" > "$work/sp_$warm.txt"
  k=$(sed -n 's/.*, \([0-9]*\) clusters.*/\1/p' "$work/sp_$warm.txt")
  (cd "$suite/work" && bash "$root/tools/axtrace/trace.sh" "$work/bz_sp_$warm.axct" \
     --simpoints "$work/sp_$warm.json" --start __libc_start_call_main -- bzip2 -9 -c text.txt) > /dev/null 2>&1
  r=$(sim_run "$work/bz_sp_$warm.axct")
  cpi_errors+="$(py "print(abs($(cpi_of "$r") / $full_cpi - 1))") "
  sample_rows+="| $(py "print(f'{$warm:,}')") | $k | $(py "print(f'{$(insns_of "$r") / 1e6:.1f}')") M | $(wall_of "$r") s | $(cpi_of "$r") | $(py "print('%+.1f' % (100.0 * ($(cpi_of "$r") / $full_cpi - 1)))") % | $(miss_of "$r") | $(py "print('%+.1f' % (100.0 * ($(miss_of "$r") / $full_miss - 1)))") % |"$'\n'
done
samples_n=$(wc -l < "$work/bz.bb")
warm_trend=$(py "e=[float(x) for x in '$cpi_errors'.split()]; print('falls as the warm-up grows' if all(a > b for a, b in zip(e, e[1:])) else 'does not fall steadily with the warm-up')")

log "writing $page"
{
cat <<'MD'
# CPU instruction traces

<!-- Generated by tools/report_cpu_traces.sh: edit the script, not this page. -->

The CPU models replay traces of real x86-64 programs: every executed instruction with its
address, bytes, class, registers and memory accesses. Today that is the `cpu` unit, an in-order
core over a cache hierarchy with HoLiSwap L1s ([units/holiswap.md](units/holiswap.md)); the
CG-OoO core and its baselines are next. This page says how to make a trace, what is in it, and
how it was checked. The numbers below were measured by the script on this machine (2 cores).

## Making a trace

```
bash tools/axtrace/trace.sh bzip2.axct --start __libc_start_call_main --count 1000000 \
  -- bzip2 -c README.md
axsim cputrace show bzip2.axct --list 20
```

`tools/axtrace/trace.sh OUT.axct [--start FUNC] [--skip N] [--count N] -- PROGRAM ARGS...`:

- runs PROGRAM under Valgrind with **axtrace**, a Valgrind tool of ours (`tools/axtrace/axtrace.c`,
  built on first use by `tools/axtrace/build.sh` from the Debian `valgrind` package's tool headers
  and static core libraries, into `build/axtrace`);
- records from the entry of function FUNC (default `main`; empty: from the first instruction,
  the dynamic loader included), skips N instructions, then records N (`--count`, 0: to the end;
  when the window is full the program is stopped);
- packs the raw stream into the trace format below (`axsim cputrace pack`) as it arrives, through
  a pipe (no raw file on disk), with a header naming the program, its arguments, the binary's
  SHA-256, Valgrind's version and every shared library the binary loads with its Debian package
  and version;
- refuses (exit 2, no file) a window in which nothing was recorded, such as a start function
  that never ran.

The program runs with a fixed, minimal environment (`env -i PATH=/usr/bin:/bin LC_ALL=C`) in the
current directory: the same binary, arguments and inputs give the same trace, byte for byte, in
any directory (Valgrind lays out the program's memory itself, so addresses repeat from run to
run). The script runs `valgrind.bin` directly: Debian's `/usr/bin/valgrind` is a shell wrapper
whose shell adds `PWD` to the program's environment, which moved every stack address with the
length of the directory's name. Across machines the traces are the same when the Debian package
versions (recorded in the header) are, and when Valgrind offers the program the same CPU
(its x86-64 CPUID model follows the host's vector extensions, and glibc picks its `memcpy` and
`strlen` by them): an assumption for any two AVX2 hosts, not checked on a second machine yet.

**Where to start.** Debian's binaries are stripped, so `main` has no symbol there and
`--start main` never matches (the trace is then empty). `__libc_start_call_main`, glibc's
function that calls `main`, is named: starting there records a handful of glibc instructions and
then `main`. Symbol versions are ignored (`__libc_start_main` matches
`__libc_start_main@@GLIBC_2.34`). Valgrind reads a static executable's symbols only if it has a
writable data segment mapped from the file (a program with `.bss` alone has none).

MD
cat <<MD
**Speed** (\`bzip2 -9\` on the suite's 256 KiB text, the whole run from its first instruction,
$(py "print(f'{$count / 1e6:.1f}')") M instructions): native $native s; under Valgrind with no tool $none s
($(py "print('%.0f' % ($none / $native))")x); under axtrace, every instruction recorded, $traced s ($(py "print('%.0f' % ($traced / $native))")x native,
$(mips "$traced") M instructions/s) into a $raw_mb MB raw stream. \`axsim cputrace pack\` alone takes
$packed s on it ($(mips "$packed") M instructions/s; the xz compression at preset 1) and writes $axct_mb MB
($bits bits per instruction, memory addresses included). \`axsim cputrace show\` reads it back in
$shown s ($(mips "$shown") M instructions/s). \`trace.sh\` runs axtrace and the packer side by side
through a pipe, so no raw file is written and the packing bounds the time.

MD
cat <<'MD'
**Licence.** axtrace links Valgrind's core (GPL-2.0) and is GPL-2.0-or-later
(`tools/axtrace/LICENSE`); it is a separate program that axsim (Apache-2.0) does not link. The
traces are data.

## What the tool records, and what is derived

| field | how |
|---|---|
| instruction address and length | Valgrind's IR marks each guest instruction (`Ist_IMark`) |
| instruction bytes | read from the guest code when the block is translated |
| memory accesses: address, size, load or store | each load, store, guarded load or store (only when its guard holds), compare-and-swap (a load and a store), load-linked/store-conditional and helper call with memory effects in the IR, with the address computed at run time |
| class and registers | decoded from the bytes by [Capstone](https://www.capstone-engine.org/) (Debian `libcapstone-dev`) when the trace is packed: `cs_regs_access` gives every register read and written, implicit ones included (`mul rcx` reads rax, rcx and writes rax, rdx, flags) |
| branch taken and target | the next instruction's address: taken when it is not the branch's fall-through |

Register ids: 0-15 the integer registers in encoding order (rax, rcx, rdx, rbx, rsp, rbp, rsi,
rdi, r8-r15; al, ax, eax and rax are one register), 16 the flags, 17 the segment registers, 18
the x87 state, 19 the SSE control register, 20 any other, 32-63 the vector registers (xmm, ymm,
zmm 0-31, one register per number). The instruction pointer is not listed.

Classes: `alu`, `load` (a data move that only reads memory: `mov`, `pop`, `vmovdqu`, ...),
`store` (one that only writes it: `mov` to memory, `push`), `multiply`, `divide`, `float`
(x87, and SSE/AVX arithmetic on `ss`/`sd`/`ps`/`pd`), `vector` (other instructions with
128-bit or wider operands), `branch_cond` (jcc, jrcxz, loop), `jump`, `jump_indirect`, `call`,
`call_indirect`, `return`, `syscall`, `nop` (`nop`, `endbr64`, prefetches), `other`. An
arithmetic instruction with a memory operand (`add rax, [rsi]`) is `alu` with a load access: the
accesses, not the class, say what touches memory.

Not recorded: instructions in the kernel, the values of registers and memory, and child
processes (a child the program forks runs on untraced; checked with a program that forks and
computes in both processes: the trace holds the parent's instructions only, and it packs). A guest
instruction that Valgrind splits (a `rep movs` runs one iteration per execution) appears once per
iteration.

## The trace format (`.axct`, versions 1 and 2)

All integers little-endian.

| bytes | content |
|---|---|
| 8 | `AXCPUTR1` |
| 4 | format version: 1, or 2 for a sampled trace (windows) |
| 4 | header length L |
| L | header, JSON: `axsim_cpu_trace` (1), `program`, `args`, `tool`, `start`, `skip`, `instructions`, `meta` (a list of `[key, value]` pairs: `binary`, `binary_sha256`, `valgrind`, `library` ...); version 2 also `windows`, a list of `first`, `count`, `weight` and `role` (`simpoint`, `warmup` or `window`) |
| 4 | CRC-32 (IEEE 802.3) of the header |
| rest | one xz stream (liblzma, preset 1 as axsim writes it, its own CRC-64 check) of records |

Records in the xz stream, each starting with a one-byte tag:

| tag | content |
|---|---|
| `S` | a static instruction, before its first execution: u64 pc, u8 length n, n bytes, u8 class (order as listed above, `other` = 0 ... `nop` = 15), u8 sources, u8 destinations, the register ids, u8 memory operations, per operation u8 size in bytes and u8 direction (0 load, 1 store). Statics are numbered from 0 in order of appearance. |
| `I` | an execution: u32 static number, u8 accesses, per access u8 operation (index into the static's operations) and u64 address |
| `W` | version 2: the start of a window, before its first `I`: u32 window index (0, 1, ...), u64 its first instruction, counted from the start function's entry |
| `E` | the end: u64 instructions, equal to the header's |

A reader checks every field: tags, lengths (1 to 15 bytes), classes, static numbers seen before
use, operation indices within the static, register ids below 64, window records in order with
each window's count as the header says, the end count against the stream and the header, no
bytes after the end, and the two checksums; damage is refused with exit 2 naming the file and the
byte (header) or the decompressed-stream offset. `axsim cputrace pack` checks axtrace's raw stream
the same way, naming the raw file and byte. Both readers, the ChampSim importer and the sampling
files' parsers are fuzzed (`fuzz.cputrace`, [fuzzing.md](fuzzing.md)).


## ChampSim traces

`axsim cputrace champsim FILE.axct -o NAME.xz [--load-type]` writes the same instructions in
ChampSim's trace format, xz-compressed as ChampSim reads it: one record per instruction as its
`inc/trace_instruction.h` lays it out (u64 ip, u8 is_branch, u8 branch_taken, u8
destination_registers[2], u8 source_registers[4], u64 destination_memory[2], u64
source_memory[4]: 64 bytes; `--load-type` appends the u8 load_type, written 0, that newer
ChampSim versions read: 65 bytes, which older ones cannot parse).

ChampSim has no branch-kind field: it infers the kind from the registers an instruction reads
and writes, with three special ids (stack pointer 6, flags 25, instruction pointer 26). So each
branch is written with the pattern of its class, not its real registers: a direct jump writes
26; an indirect jump writes 26 and reads its other registers (a jump through memory gets a
placeholder register so that it stays indirect); a conditional branch reads 26 and 25 and
writes 26 (`jrcxz` and `loop` included, though they read rcx, not the flags); a direct call
reads and writes 26 and 6; an indirect call also reads its other registers; a return reads 6
and writes 26 and 6. Other instructions keep their registers, the trace's ids + 32 (so none is
0, ChampSim's "no register", nor a special id), the stack pointer as 6 and the flags as 25.
Loads go to `source_memory`, stores to `destination_memory`; registers and accesses beyond
ChampSim's slots (2 destinations, 4 sources, 2 stores, 4 loads) are left out and counted. A
test (`ChampSim.BranchPatternsReadBackAsTheirKinds`) applies ChampSim's inference rules to the
records of six branch kinds and checks each comes back as itself.

`axsim cputrace import-champsim NAME.xz -o FILE.axct [--load-type]` reads a ChampSim trace
(64-byte records, or 65 with `--load-type`) into a CPU trace that the `cpu` unit runs. A record
has no instruction bytes, length, opcode or access size, so these are inferred, and the
header's `meta` says so:
- **Length**: the distance to the next record's ip, where the instruction falls through to it
  (no taken branch, 1 to 15 bytes); else 4 bytes. The bytes are zeros of that length.
- **Class**: the branch kind by ChampSim's own rules; else a load, a store or an ALU
  instruction by its memory operands. Multiplies, divides and floating point come back as ALU
  instructions.
- **Accesses**: one byte each, so an access touches its line only, as in ChampSim.
- **Registers**: 6, 25 and 26 are the stack pointer, the flags and the instruction pointer (left
  out). Ids 32-95 (what the exporter writes) are the trace's own. Other ids, from other tracers,
  are folded into ids 21-31, so two of their registers may share an id.

MD
cat <<MD
The suite's bzip2 window, exported and imported back, keeps its branch kinds, loads, stores and
taken branches exactly: $([ "$kinds_same" = yes ] && echo "checked here, the same" || echo "NOT the same here").
On \`configs/cpu_holiswap.json\` it runs in $cs_back cycles against $cs_orig ($cs_diff %), from the
classes and lengths the import infers. Tests: \`ChampSim.*\` in \`tests/workloads/cpu_trace_test.cpp\`,
and the fuzz target (\`fuzz.cputrace\`).

## Sampling (SimPoint)

A long run is simulated from a few representative windows instead of whole:

\`\`\`
bash tools/axtrace/trace.sh run.bb --bbv 1000000 --start __libc_start_call_main -- bzip2 -9 -c text.txt
axsim cputrace simpoints run.bb --interval 1000000 --warmup 200000 -o run.simpoints.json
bash tools/axtrace/trace.sh run.axct --simpoints run.simpoints.json --start __libc_start_call_main -- bzip2 -9 -c text.txt
axsim run configs/cpu_holiswap.json --trace run.axct --db runs.db
\`\`\`

1. **Profile.** \`--bbv N\` runs the program under axtrace without recording it and writes one
   basic-block vector per interval of N instructions, counted from the same start as the trace.
   The vectors are in SimPoint's text format, one entry per static instruction with its
   executions in the interval, so a block weighs its executions times its size.
2. **Choose.** \`axsim cputrace simpoints\` follows SimPoint 3.0 (Hamerly, Perelman, Lau, Calder,
   JILP 2005). Each vector is normalised and projected onto 15 random directions (seeded). It
   runs k-means for k = 1 to \`--max-k\` (k-means++ seeding) and scores each k with Pelleg and
   Moore's BIC. It takes the smallest k whose BIC reaches 90 % of the range, and in each cluster
   the interval nearest the centre, weighted by the cluster's share of the intervals. With
   \`--warmup W\`, a warm-up window of W instructions goes before each simpoint (weight 0, clipped
   at the window before).
3. **Trace the windows.** \`--simpoints FILE\` records only those windows and stops the program
   after the last. Each window starts with a \`W\` record, and the header lists the windows with
   their weights and roles (format version 2).
4. **Run.** The \`cpu\` unit runs one phase per window, in order (\`NAME.warmup2\`,
   \`NAME.simpoint3\`), and stores the weight as the stat \`cpu.window_weight\`. Cache contents
   carry over from window to window; statistics do not. Fetch never reads a branch's target
   across a window's end. The run's estimate is the weighted sum over the simpoint phases, such
   as CPI = sum of weight x cycles / instructions.

Checked on the whole \`bzip2 -9\` run ($samples_n intervals of 1 M instructions), against its
full simulation on \`configs/cpu_holiswap.json\`: CPI $full_cpi, $full_miss L1-D misses per
1,000 instructions, $(wall_of "$full") s.

| warm-up before each simpoint | k | instructions simulated | wall | CPI | CPI error | L1-D misses / 1k | error |
|---|---|---|---|---|---|---|---|
$sample_rows
The CPI error $warm_trend. Without a warm-up, each window starts with the L2 (2 MB) and L3 (8 MB)
contents that the previous window left, not those the skipped instructions would have left.
The L1-D miss rate needs little warm-up (32 KB fill within a few thousand instructions), so its
error comes from the choice of intervals.

## The program suite

\`bash tools/cpu_suite/make_suite.sh [OUTDIR]\` (default \`build/cpu_suite\`, about 10 s) traces six
deterministic programs on pinned inputs that \`tools/cpu_suite/make_inputs.py\` makes from a fixed
seed (256 KiB of English-like text; an SQLite workload of two tables, 22,000 inserts, an index
and a join with GROUP BY), plus one layer that axsim's own front-end compresses (EIE's Alex-7) for
the sparse kernel. Each is a window of \`WINDOW\` instructions (default 2,000,000), and
\`manifest.tsv\` holds each trace's SHA-256. \`--check\` traces them again and compares: run by
this script, $check.

| trace | program | starts at | distinct instructions | ALU % | load % | store % | cond. branch % | float + vector % | loads / instr. | stores / instr. | taken branches | size (KiB) |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
$suite_rows

(Percentages of the window's instructions; classes not listed make up the rest: jumps, calls,
returns, nops. Taken branches: of all branch instructions. Debian packages: bzip2 1.0.8,
xz-utils 5.4.1, sqlite3 3.40.1, gcc 12; each trace's header names every library and version.)

## Checked how

- **Against Valgrind's own count.** Lackey (Valgrind's example tool, independent of axtrace)
  counted $(py "print(f'{$lackey:,}')") guest instructions for the whole \`bzip2 -9\` run above, and axtrace from
  the first instruction recorded $(py "print(f'{$count:,}')"): $same. Both ran with the same
  environment (\`env -i\`) and \`--vex-guest-chase=no\` (what \`trace.sh\` uses): with chasing,
  lackey counts about 1,900 more. On \`loop.S\` both count 4,005 (checked by the test below on
  every run).
- \`tests/tools/cpu/loop.S\`, a program whose trace is known exactly, traced and packed by
  \`tests/tools/cputrace_test.sh\` (ctest \`cli.cputrace_loop\`): 4,005 instructions, 2,004 ALU,
  1,000 stores at the expected addresses, 1,000 loads, 1,000 conditional branches of which 999
  taken, 1 system call. A window (\`--skip 2 --count 100\`) records exactly 100 instructions and
  50 accesses. The raw stream packs the same from standard input and through \`trace.sh\`'s pipe.
  A start function that never runs makes \`trace.sh\` exit 2 with no file, and \`show\` of a raw
  file exits 2 naming it. The same test runs the trace on the \`cpu\` unit with both L1 policies
  and checks hand counts (1,000 loads and stores, 126 distinct L1-D lines).
- \`tests/workloads/cpu_trace_test.cpp\`: the format's round trip; damage to the magic, version,
  header and compressed body refused with the offset; the class and registers of 16 known
  encodings; the raw packer merging retranslations of one instruction and refusing damage; the
  ChampSim export's branch patterns and the import.
MD
} > "$page"
log "done"
