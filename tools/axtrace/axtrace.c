/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * axtrace: a Valgrind tool that records every executed guest instruction of an x86-64 program,
 * with its memory accesses, for axsim's CPU models (docs/cpu-traces.md). It is a program of its
 * own, apart from axsim: it links Valgrind's core, which is GPL-2.0, so it is GPL-2.0-or-later
 * (tools/axtrace/LICENSE); the trace files it writes are data.
 *
 * The raw stream it writes (`axsim cputrace pack` turns it into axsim's CPU trace format),
 * little-endian:
 *   "AXTRRAW1", u32 0 (reserved)
 *   records, each starting with a one-byte tag:
 *     'S' a static instruction, before its first execution: u32 id, u64 pc, u8 length, the
 *         instruction's bytes (length of them), u8 memory operations, and per memory operation
 *         u8 size in bytes and u8 kind (0 load, 1 store), in the order the IR performs them
 *     'I' an executed instruction: u32 id
 *     'M' a memory access of the last 'I': u8 operation index, u64 address (a guarded access
 *         whose guard is false writes none)
 *     'W' with --windows: the start of a window: u32 window index, u64 its first instruction
 *         (counted from the start function's entry)
 *     'E' the end: u64 instructions recorded
 * Whether a branch was taken, and where to, is the next 'I' record's pc (within a window).
 *
 * With --bbv=N it records nothing of that: it profiles the run for SimPoint-style sampling and
 * writes, for each interval of N instructions from the start, a line of SimPoint's basic-block
 * vector format with one entry per instruction address executed in it ("T:id:count :id:count"),
 * ids from 1 in order of first translation (each block's instructions count its executions, so
 * a block's weight is its executions times its size, as in SimPoint).
 */
#include "pub_tool_basics.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_machine.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_vki.h"

/* ---- options ------------------------------------------------------------------------------- */

static const HChar* clo_out = "axtrace.raw";
static const HChar* clo_start = "main"; /* function whose entry starts the recording; "": at once */
static Long clo_skip = 0;               /* instructions skipped after the start */
static Long clo_count = 0;              /* instructions recorded, then the program stops; 0: all */
static const HChar* clo_windows = "";   /* "FIRST+COUNT,...": windows instead of skip and count */
static Long clo_bbv = 0;                /* profile mode: interval size in instructions; 0: off */

static Bool ax_process_cmd_line_option(const HChar* arg) {
  if VG_STR_CLO(arg, "--out", clo_out) {}
  else if VG_STR_CLO(arg, "--start", clo_start) {}
  else if VG_BINT_CLO(arg, "--skip", clo_skip, 0, 1LL << 62) {}
  else if VG_BINT_CLO(arg, "--count", clo_count, 0, 1LL << 62) {}
  else if VG_STR_CLO(arg, "--windows", clo_windows) {}
  else if VG_BINT_CLO(arg, "--bbv", clo_bbv, 0, 1LL << 40) {}
  else return False;
  return True;
}

static void ax_print_usage(void) {
  VG_(printf)(
      "    --out=FILE     the raw trace [axtrace.raw]\n"
      "    --start=FUNC   start at the entry of function FUNC; empty: at the first instruction [main]\n"
      "    --skip=N       skip N instructions after the start [0]\n"
      "    --count=N      record N instructions, then end the program (0: to its end) [0]\n"
      "    --windows=F+C,...  record windows of C instructions from the F-th after the start,\n"
      "                   each marked by a 'W' record, then end the program (instead of skip, count)\n"
      "    --bbv=N        write basic-block vectors of N-instruction intervals to --out instead\n");
}

static void ax_print_debug_usage(void) { VG_(printf)("    (none)\n"); }

/* ---- the output buffer ---------------------------------------------------------------------- */

#define BUF_BYTES (1 << 20)
static UChar* buf;
static Int buf_used;
static Int out_fd = -1;

static void flush(void) {
  Int off = 0;
  while (off < buf_used) {
    const Int n = VG_(write)(out_fd, buf + off, buf_used - off);
    if (n <= 0) {
      VG_(umsg)("axtrace: cannot write %s\n", clo_out);
      VG_(exit)(2);
    }
    off += n;
  }
  buf_used = 0;
}

static void put(const void* p, Int n) {
  if (buf_used + n > BUF_BYTES) flush();
  VG_(memcpy)(buf + buf_used, p, n);
  buf_used += n;
}
static void put8(UChar v) { put(&v, 1); }
static void put32(UInt v) { put(&v, 4); }
static void put64(ULong v) { put(&v, 8); }

/* ---- static instructions -------------------------------------------------------------------- */

#define MAX_MEM 32

typedef struct {
  Addr pc;
  UChar len, nmem;
  UChar mem_size[MAX_MEM], mem_kind[MAX_MEM];
  Bool checked; /* whether it is the start function's entry has been looked up */
  Bool starts;  /* the entry of the start function */
  UInt bbv_id;  /* --bbv: the id of its pc (a retranslation keeps it), from 0 */
} Insn;

static Insn* insns;
static UInt n_insns, cap_insns;

static UInt bbv_id_of(Addr pc);

static UInt new_insn(Addr pc, UChar len) {
  if (n_insns == cap_insns) {
    cap_insns = cap_insns ? 2 * cap_insns : 4096;
    insns = VG_(realloc)("axtrace.insns", insns, cap_insns * sizeof(Insn));
  }
  Insn* in = &insns[n_insns];
  VG_(memset)(in, 0, sizeof(Insn));
  in->pc = pc, in->len = len;
  if (clo_bbv) in->bbv_id = bbv_id_of(pc);
  return n_insns++;
}

/* Written when the superblock's instrumentation is done, before any of it runs. */
static void write_static(UInt id) {
  const Insn* in = &insns[id];
  put8('S');
  put32(id);
  put64(in->pc);
  put8(in->len);
  put((const void*)in->pc, in->len); /* the code is mapped in this address space */
  put8(in->nmem);
  for (UChar i = 0; i < in->nmem; ++i) put8(in->mem_size[i]), put8(in->mem_kind[i]);
}

/* ---- run-time helpers ----------------------------------------------------------------------- */

static Bool recording = False, finished = False, in_window = False;
static ULong executed = 0, recorded = 0;

/* The windows recorded: --windows, or the one window --skip and --count describe (count 0: to
 * the end). Sorted and disjoint (checked when the options are read). */
#define MAX_WINDOWS 4096
static ULong win_first[MAX_WINDOWS], win_count[MAX_WINDOWS];
static Int n_windows = 0, cur_window = 0;

static void write_end(void) {
  put8('E');
  put64(recorded);
  flush();
  VG_(close)(out_fd);
  out_fd = -1;
  finished = True;
}

/* Whether symbol `fn` is `name`, a version suffix aside ("__libc_start_main@@GLIBC_2.34"). */
static Bool same_symbol(const HChar* fn, const HChar* name) {
  const Int n = (Int)VG_(strlen)(name);
  return VG_(strncmp)(fn, name, n) == 0 && (fn[n] == 0 || fn[n] == '@');
}

/* Whether `in` is the start function's entry. Looked up when it first runs, not when it is
 * instrumented: the executable's symbols may not be read yet when its first blocks are. */
static Bool is_start(Insn* in) {
  if (!in->checked) {
    const HChar* fn;
    in->checked = True;
    in->starts = clo_start[0] == 0 ||
                 (VG_(get_fnname_if_entry)(VG_(current_DiEpoch)(), in->pc, &fn) && same_symbol(fn, clo_start));
  }
  return in->starts;
}

/* ---- profile mode (--bbv) -------------------------------------------------------------------- */

static ULong* bbv_count;
static UInt* touched;
static UInt bbv_cap, n_touched, cap_touched, n_bbv_ids;
static ULong in_interval, intervals;
static VgHashTable* bbv_ids; /* pc -> id: a retranslated instruction keeps its id */

typedef struct {
  struct _VgHashNode* next;
  UWord key; /* the pc */
  UInt id;
} PcId;

static UInt bbv_id_of(Addr pc) {
  PcId* n = VG_(HT_lookup)(bbv_ids, (UWord)pc);
  if (!n) {
    n = VG_(malloc)("axtrace.pcid", sizeof(PcId));
    n->key = (UWord)pc, n->id = n_bbv_ids++;
    VG_(HT_add_node)(bbv_ids, n);
  }
  return n->id;
}

static void write_interval(void) {
  HChar s[48];
  put8('T');
  for (UInt k = 0; k < n_touched; ++k) {
    const UInt t = touched[k];
    put(s, VG_(sprintf)(s, ":%u:%llu ", t + 1, bbv_count[t]));
    bbv_count[t] = 0;
  }
  put8('\n');
  n_touched = 0, in_interval = 0, ++intervals;
}

static void count_bbv(UInt id) {
  if (id >= bbv_cap) {
    const UInt cap = id + 4096;
    bbv_count = VG_(realloc)("axtrace.bbv", bbv_count, cap * sizeof(ULong));
    VG_(memset)(bbv_count + bbv_cap, 0, (cap - bbv_cap) * sizeof(ULong));
    bbv_cap = cap;
  }
  if (bbv_count[id]++ == 0) {
    if (n_touched == cap_touched) {
      cap_touched = cap_touched ? 2 * cap_touched : 4096;
      touched = VG_(realloc)("axtrace.touched", touched, cap_touched * sizeof(UInt));
    }
    touched[n_touched++] = id;
  }
  if (++in_interval == (ULong)clo_bbv) write_interval();
}

/* ---- run-time helpers ----------------------------------------------------------------------- */

static VG_REGPARM(1) void on_insn(UWord id) {
  if (finished) return;
  if (!recording) {
    if (!is_start(&insns[id])) return;
    recording = True;
  }
  const ULong i = executed++;
  if (clo_bbv) {
    count_bbv(insns[id].bbv_id);
    return;
  }
  while (cur_window < n_windows && win_count[cur_window] &&
         i >= win_first[cur_window] + win_count[cur_window])
    ++cur_window;
  if (cur_window == n_windows) {
    write_end();
    VG_(umsg)("axtrace: %llu instructions recorded into %s; the program is stopped\n", recorded, clo_out);
    VG_(exit)(0);
  }
  in_window = i >= win_first[cur_window];
  if (!in_window) return;
  if (clo_windows[0] && i == win_first[cur_window]) {
    put8('W');
    put32((UInt)cur_window);
    put64(i);
  }
  put8('I');
  put32((UInt)id);
  ++recorded;
}

static VG_REGPARM(2) void on_mem(UWord op, Addr addr) {
  if (!recording || finished || !in_window || clo_bbv) return;
  put8('M');
  put8((UChar)op);
  put64(addr);
}

/* ---- instrumentation ------------------------------------------------------------------------ */

static void add_call(IRSB* sb, const HChar* name, void* fn, Int regparms, IRExpr** args, IRExpr* guard) {
  IRDirty* di = unsafeIRDirty_0_N(regparms, name, VG_(fnptr_to_fnentry)(fn), args);
  if (guard) di->guard = guard;
  addStmtToIRSB(sb, IRStmt_Dirty(di));
}

/* A memory operation of instruction `id`: its size and kind, and a call that records it. */
static void add_mem(IRSB* sb, UInt id, IRExpr* addr, Int size, UChar kind, IRExpr* guard) {
  Insn* in = &insns[id];
  if (in->nmem >= MAX_MEM) return;
  const UChar op = in->nmem++;
  in->mem_size[op] = (UChar)size, in->mem_kind[op] = kind;
  add_call(sb, "on_mem", on_mem, 2, mkIRExprVec_2(mkIRExpr_HWord(op), addr), guard);
}

/* Adds the recording calls in front of statement `st` of instruction `id`. */
static void add_mem_calls(IRSB* sb, UInt id, IRStmt* st) {
  switch (st->tag) {
    case Ist_WrTmp:
      if (st->Ist.WrTmp.data->tag == Iex_Load)
        add_mem(sb, id, st->Ist.WrTmp.data->Iex.Load.addr, sizeofIRType(st->Ist.WrTmp.data->Iex.Load.ty), 0, NULL);
      break;
    case Ist_Store:
      add_mem(sb, id, st->Ist.Store.addr, sizeofIRType(typeOfIRExpr(sb->tyenv, st->Ist.Store.data)), 1, NULL);
      break;
    case Ist_StoreG: {
      IRStoreG* g = st->Ist.StoreG.details;
      add_mem(sb, id, g->addr, sizeofIRType(typeOfIRExpr(sb->tyenv, g->data)), 1, g->guard);
      break;
    }
    case Ist_LoadG: {
      IRLoadG* g = st->Ist.LoadG.details;
      IRType wide = Ity_INVALID, loaded = Ity_INVALID;
      typeOfIRLoadGOp(g->cvt, &wide, &loaded);
      add_mem(sb, id, g->addr, sizeofIRType(loaded), 0, g->guard);
      break;
    }
    case Ist_CAS: {
      IRCAS* c = st->Ist.CAS.details;
      const Int size = sizeofIRType(typeOfIRExpr(sb->tyenv, c->dataLo)) * (c->dataHi ? 2 : 1);
      add_mem(sb, id, c->addr, size, 0, NULL);
      add_mem(sb, id, c->addr, size, 1, NULL);
      break;
    }
    case Ist_LLSC: {
      const Bool store = st->Ist.LLSC.storedata != NULL;
      IRType t = store ? typeOfIRExpr(sb->tyenv, st->Ist.LLSC.storedata) : typeOfIRTemp(sb->tyenv, st->Ist.LLSC.result);
      add_mem(sb, id, st->Ist.LLSC.addr, sizeofIRType(t), store ? 1 : 0, NULL);
      break;
    }
    case Ist_Dirty: {
      IRDirty* d = st->Ist.Dirty.details;
      if (d->mFx == Ifx_Read || d->mFx == Ifx_Modify) add_mem(sb, id, d->mAddr, d->mSize, 0, NULL);
      if (d->mFx == Ifx_Write || d->mFx == Ifx_Modify) add_mem(sb, id, d->mAddr, d->mSize, 1, NULL);
      break;
    }
    default:
      break;
  }
}

static IRSB* ax_instrument(VgCallbackClosure* closure, IRSB* sb_in, const VexGuestLayout* layout,
                           const VexGuestExtents* vge, const VexArchInfo* arch, IRType gw, IRType hw) {
  IRSB* sb = deepCopyIRSBExceptStmts(sb_in);
  Int i = 0;
  while (i < sb_in->stmts_used && sb_in->stmts[i]->tag != Ist_IMark) addStmtToIRSB(sb, sb_in->stmts[i++]);
  UInt first = n_insns, id = 0;
  for (; i < sb_in->stmts_used; ++i) {
    IRStmt* st = sb_in->stmts[i];
    if (st->tag == Ist_IMark) {
      id = new_insn((Addr)st->Ist.IMark.addr, (UChar)st->Ist.IMark.len);
      addStmtToIRSB(sb, st);
      add_call(sb, "on_insn", on_insn, 1, mkIRExprVec_1(mkIRExpr_HWord(id)), NULL);
      continue;
    }
    add_mem_calls(sb, id, st);
    addStmtToIRSB(sb, st);
  }
  if (!clo_bbv)
    for (UInt k = first; k < n_insns; ++k) write_static(k);
  return sb;
}

/* ---- set-up and end ------------------------------------------------------------------------- */

/* A forked child runs on under Valgrind with a copy of this tool's state: it must neither record
 * nor flush the parent's buffered records into the shared file. Only the parent is traced. */
static void in_child(ThreadId tid) {
  (void)tid;
  buf_used = 0;
  out_fd = -1;
  finished = True;
}

/* Reads --windows (or --skip and --count) into win_first and win_count. */
static void read_windows(void) {
  if (!clo_windows[0]) {
    win_first[0] = (ULong)clo_skip, win_count[0] = (ULong)clo_count, n_windows = 1;
    return;
  }
  const HChar* p = clo_windows;
  while (*p) {
    HChar* end;
    const ULong first = VG_(strtoull10)(p, &end);
    if (end == p || *end != '+' || n_windows == MAX_WINDOWS) break;
    p = end + 1;
    const ULong count = VG_(strtoull10)(p, &end);
    if (end == p || count == 0 || first + count < first ||
        (n_windows && (first < win_first[n_windows - 1] ||
                       first - win_first[n_windows - 1] < win_count[n_windows - 1])))
      break;
    win_first[n_windows] = first, win_count[n_windows] = count, ++n_windows;
    p = end;
    if (*p == ',') ++p;
    else if (*p) break;
  }
  if (*p || n_windows == 0) {
    VG_(umsg)("axtrace: --windows: expected FIRST+COUNT,... sorted, disjoint, counts above 0, at "
              "most %d, at \"%s\"\n", MAX_WINDOWS, p);
    VG_(exit)(2);
  }
}

static void ax_post_clo_init(void) {
  VG_(atfork)(NULL, NULL, in_child);
  read_windows();
  SysRes r = VG_(open)(clo_out, VKI_O_CREAT | VKI_O_TRUNC | VKI_O_WRONLY, 0644);
  if (sr_isError(r)) {
    VG_(umsg)("axtrace: cannot create %s\n", clo_out);
    VG_(exit)(2);
  }
  out_fd = (Int)sr_Res(r);
  buf = VG_(malloc)("axtrace.buf", BUF_BYTES);
  if (clo_bbv) {  /* a text file of vectors */
    bbv_ids = VG_(HT_construct)("axtrace.bbv_ids");
    return;
  }
  put("AXTRRAW1", 8);
  put32(0);
}

static void ax_fini(Int exitcode) {
  if (out_fd < 0) return;
  if (clo_bbv) {
    if (in_interval) write_interval();  /* the last, shorter interval */
    flush();
    VG_(close)(out_fd);
    VG_(umsg)("axtrace: %llu instructions in %llu intervals profiled into %s\n", executed,
              intervals, clo_out);
    return;
  }
  write_end();
  VG_(umsg)("axtrace: %llu instructions recorded into %s\n", recorded, clo_out);
}

static void ax_pre_clo_init(void) {
  VG_(details_name)("axtrace");
  VG_(details_version)("1");
  VG_(details_description)("instruction traces for axsim's CPU models");
  VG_(details_copyright_author)("Copyright (C) the axsim authors; GPL-2.0-or-later");
  VG_(details_bug_reports_to)("the axsim repository");
  VG_(basic_tool_funcs)(ax_post_clo_init, ax_instrument, ax_fini);
  VG_(needs_command_line_options)(ax_process_cmd_line_option, ax_print_usage, ax_print_debug_usage);
}

VG_DETERMINE_INTERFACE_VERSION(ax_pre_clo_init)
