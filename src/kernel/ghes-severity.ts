// CPER severities as Linux names them (CPER_SEV_*, UEFI N.2.1 Error Severity) and ghes.c's
// mapping onto its own GHES_SEV_* (ghes_severity(), T3/§5.1).
import { severityStr } from "../cper/render/linux.js";
import { SEVERITY_NAMES } from "../cper/layouts/record-header.js";

/** Linux's CPER_SEV_* (UEFI N.2.1 Error Severity), from the CPER codec's one table of severities. */
export const CPER_SEV = Object.freeze(Object.fromEntries(Object.entries(SEVERITY_NAMES).map(([v, n]) => [n.toUpperCase(), Number(v)]))) as Readonly<Record<"RECOVERABLE" | "FATAL" | "CORRECTED" | "INFORMATIONAL", number>>;
/** GHES_SEV_* (ghes.c). */
export const GHES_SEV = { NO: 0, CORRECTED: 1, RECOVERABLE: 2, PANIC: 3 } as const;

/** ghes.c ghes_severity(): CPER severity → GHES severity; unknown values panic ("Unknown, go panic"). */
export function ghesSeverity(cper: number): number {
  switch (cper) {
    case CPER_SEV.RECOVERABLE:
      return GHES_SEV.RECOVERABLE;
    case CPER_SEV.FATAL:
      return GHES_SEV.PANIC;
    case CPER_SEV.CORRECTED:
      return GHES_SEV.CORRECTED;
    case CPER_SEV.INFORMATIONAL:
      return GHES_SEV.NO;
    default:
      return GHES_SEV.PANIC;
  }
}

/** cper.c cper_severity_str() (the CPER renderer's). */
export const cperSeverityString: (cper: number) => string = severityStr;
