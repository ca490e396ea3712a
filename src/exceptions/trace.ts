// The step-by-step trace every PE operation returns: which register changed,
// from what to what, and which pseudocode step did it and why.
import { hex } from "../arch/bits.js";
import { UNKNOWN, type MaybeUnknown } from "../sysregs/types.js";

export interface TraceStep {
  /** Pseudocode function or step, e.g. "AArch64.TakeException: ReportException". */
  readonly step: string;
  /** Register or PSTATE field changed; null for a decision that changes nothing. */
  readonly register: string | null;
  /** Old and new value as text ("0x..." or "UNKNOWN"); null for decisions. */
  readonly before: string | null;
  readonly after: string | null;
  readonly why: string;
}

export type Trace = readonly TraceStep[];

/** An empty trace, shared (returned when tracing is off). */
export const NO_TRACE: Trace = Object.freeze([]);

export function showValue(v: MaybeUnknown | number): string {
  if (v === UNKNOWN) return "UNKNOWN";
  return hex(v);
}

export function renderTrace(trace: Trace): string {
  const lines: string[] = [];
  for (const s of trace) {
    if (s.register === null) lines.push(`  ${s.step}: ${s.why}`);
    else lines.push(`  ${s.step}: ${s.register} ${s.before} -> ${s.after}  (${s.why})`);
  }
  return lines.join("\n");
}
