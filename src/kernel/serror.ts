// Host SError: arch/arm64/kernel/traps.c do_serror(), arm64_is_fatal_ras_serror(), arm64_serror_panic();
// asm/traps.h arm64_is_ras_serror(), arm64_ras_serror_get_severity(). kernel.md §2, table T1.
import { has } from "../linux/boundaries.js";
import { Trace, type Actor, type Decision } from "./decision.js";
import { serrorPanicLine } from "../sysregs/esr/index.js";
import { AET, AET_NAMES } from "../arch/ras.js";
import type { SyndromeInput } from "./esr-input.js";
import { panicLine } from "./format.js";
import type { KernelVersion } from "../linux/version.js";
import { hexDigits } from "../arch/bits.js";

/** ESR_ELx.AET encodings (asm/esr.h), declared once in src/arch/ras.ts. */
export { AET, AET_NAMES };
export const ESR_FSC_SERROR = 0x11;

/** Where arm64_serror_panic() is called from (the backtrace signature, kernel.md §2.1). */
export type SerrorVerdict = "continue" | "panic from do_serror" | "panic inside arm64_is_fatal_ras_serror";

export interface SerrorClass {
  /** T1 row 1..9. */
  readonly row: number;
  readonly verdict: SerrorVerdict;
  /** Severity after arm64_ras_serror_get_severity() (UC when not RAS or DFSC≠0x11). */
  readonly severity: number;
  readonly why: string;
}

/** asm/traps.h arm64_is_ras_serror(): not RAS when IDS is set or the CPU lacks FEAT_RAS. */
export function arm64IsRasSerror(s: SyndromeInput, ras: boolean): boolean {
  return !s.ids && ras;
}

/** asm/traps.h arm64_ras_serror_get_severity(). */
export function rasSerrorSeverity(s: SyndromeInput, ras: boolean): number {
  if (!arm64IsRasSerror(s, ras)) return AET.UC;
  if (s.fsc !== ESR_FSC_SERROR) return AET.UC; // "AET is RES0 if DFSC is not SError"
  return s.aet;
}

interface T1Row {
  readonly row: number;
  readonly when: (s: SyndromeInput, ras: boolean) => boolean;
  readonly verdict: SerrorVerdict;
  readonly why: (s: SyndromeInput) => string;
}


/** kernel.md table T1 rows 1-9, in the order the kernel tests them (first match wins). */
export const T1_ROWS: readonly T1Row[] = [
  { row: 1, when: (s) => s.ids, verdict: "panic from do_serror", why: () => "ESR.IDS=1: IMPLEMENTATION DEFINED syndrome, not a RAS SError" },
  { row: 2, when: (_s, ras) => !ras, verdict: "panic from do_serror", why: () => "CPU without FEAT_RAS: not a RAS SError" },
  { row: 3, when: (s) => s.fsc !== ESR_FSC_SERROR, verdict: "panic inside arm64_is_fatal_ras_serror", why: (s) => `DFSC=0x${hexDigits(s.fsc, 2)} is not 0x11 (AET is RES0): severity forced to UC` },
  { row: 4, when: (s) => s.aet === AET.UC, verdict: "panic inside arm64_is_fatal_ras_serror", why: () => "AET=UC (uncontainable): error has been silently propagated" },
  { row: 5, when: (s) => s.aet === AET.UEU, verdict: "panic from do_serror", why: () => "AET=UEU (unrecoverable): the CPU can't make progress" },
  { row: 6, when: (s) => s.aet === AET.UER, verdict: "panic from do_serror", why: () => "AET=UER (recoverable): the CPU can't make progress, the exception may have been imprecise" },
  { row: 7, when: (s) => s.aet === AET.UEO, verdict: "continue", why: () => "AET=UEO (restartable): the CPU can make progress" },
  { row: 8, when: (s) => s.aet === AET.CE, verdict: "continue", why: () => "AET=CE (corrected): the CPU can make progress" },
  { row: 9, when: () => true, verdict: "panic inside arm64_is_fatal_ras_serror", why: (s) => `AET=0b${s.aet.toString(2).padStart(3, "0")} is reserved: default case` },
];

/** T1 rows 1-9: the RAS-era (≥4.16) classification, also used by KVM (T6 K1-K4). */
export function classifySerror(s: SyndromeInput, ras: boolean): SerrorClass {
  const r = T1_ROWS.find((x) => x.when(s, ras))!;
  return { row: r.row, verdict: r.verdict, severity: rasSerrorSeverity(s, ras), why: r.why(s) };
}

export interface SerrorInput {
  readonly syndrome: SyndromeInput;
  readonly kernel: KernelVersion;
  /** FEAT_RAS (ARM64_HAS_RAS_EXTN). */
  readonly ras: boolean;
  readonly cpu: number;
  /** Which kernel runs this (a guest kernel's lines are prefixed). Default host. */
  readonly actor?: Actor;
}

const DO_SERROR = "arch/arm64/kernel/traps.c do_serror()";
const IS_FATAL = "arch/arm64/kernel/traps.c arm64_is_fatal_ras_serror()";

/** arm64_serror_panic(): taint (≥6.17), the pr_crit line, regs dump (not reproduced), nmi_panic(). */
export function serrorPanic(t: Trace, s: SyndromeInput, kernel: KernelVersion, cpu: number, rule: string, from: string): void {
  if (has(kernel, "taintMachineCheck")) {
    t.act({ kind: "taint", actor: t.actor, flag: "TAINT_MACHINE_CHECK" });
    t.step(rule, "arch/arm64/kernel/traps.c arm64_serror_panic()", "add_taint(TAINT_MACHINE_CHECK)");
  }
  t.print(serrorPanicLine(s.decoded, { kernel, cpu })); // "SError Interrupt on CPU%d, code 0x%016lx -- %s"
  t.print(panicLine("Asynchronous SError Interrupt"));
  t.act({ kind: "panic", actor: t.actor, message: "Asynchronous SError Interrupt" });
  t.decide("panic", rule, `arch/arm64/kernel/traps.c arm64_serror_panic() (called ${from})`, 'nmi_panic(regs, "Asynchronous SError Interrupt")');
}

/** do_serror() for an SError taken from EL0 or EL1 (mode-blind: no signal path exists). T1. */
export function doSerror(input: SerrorInput, trace?: Trace): Decision {
  const t = trace ?? new Trace(input.actor ?? "host");
  const s = input.syndrome;
  if (!has(input.kernel, "rasSerror")) {
    // v4.14: every SError vector is an invalid entry -> bad_mode() (T1 row 10).
    t.step("T1.10", "arch/arm64/kernel/entry.S el{0,1}_error_invalid", "SError vector is an invalid entry (inv_entry BAD_ERROR); ESR not decoded");
    t.print(serrorPanicLine(s.decoded, { kernel: input.kernel, cpu: input.cpu })); // bad_mode(): "Bad mode in Error handler detected on CPU%d, code 0x%08x -- %s"
    t.print(panicLine("bad mode"));
    t.act({ kind: "panic", actor: t.actor, message: "bad mode" });
    t.decide("panic", "T1.10", "arch/arm64/kernel/traps.c bad_mode()", 'panic("bad mode")');
    return t.finish();
  }
  const c = classifySerror(s, input.ras);
  const rule = `T1.${c.row}`;
  if (c.verdict === "continue") {
    t.decide("running", rule, IS_FATAL, `${c.why}: returns false; do_serror() returns, nothing logged, no signal`);
  } else {
    t.step(rule, c.row <= 2 ? "arch/arm64/include/asm/traps.h arm64_is_ras_serror()" : IS_FATAL, c.why);
    serrorPanic(t, s, input.kernel, input.cpu, rule, c.verdict === "panic from do_serror" ? `from ${DO_SERROR}` : `inside ${IS_FATAL}`);
  }
  return t.finish();
}
