// RAS error records as error sources: a node (memory controller, cache) records
// an error in ERR<n> and signals it (arch.md §2.6-§2.7; ERR<n>CTLR/FR per TF-A
// ras_arch.h). Signals: a synchronous External abort on the consuming access,
// an SError (IDS=0, DFSC 0x11, AET from the error type), and fault-handling /
// error-recovery interrupts (marked pending on the PE).
import { hex, insertLo } from "../arch/bits.js";
import { AET } from "../arch/ras.js";
import type { ErrRecordReg } from "../sysregs/decl.js";
import { syncExternalAbort, type ErrorType } from "./abort.js";
import { ERR_CTLR_F, ERR_FR_F, ERR_STATUS_F, SERROR_ISS } from "./fields.js";
import { takePendingInterrupts } from "./interrupts.js";
import type { PEState as PE } from "./state.js";

/** Error kinds a node records: an uncorrected type (UET), a deferred error, or a corrected one. */
export type RecordedType = ErrorType | "DE";

export interface RecordedError {
  readonly type: RecordedType;
  /** ERR<n>STATUS.SERR (architected primary error code, 0x00-0x15). */
  readonly serr: number;
  readonly ierr?: number;
  /** ERR<n>ADDR; sets AV. */
  readonly addr?: bigint;
  /** ERR<n>MISC0.. values; sets MV. */
  readonly misc?: readonly bigint[];
  /** ERR<n>STATUS.PN: the data was poisoned. */
  readonly pn?: boolean;
  /** ERR<n>STATUS.CE value for a corrected error (default 0b10: at least one corrected error). */
  readonly ce?: 1 | 2 | 3;
  /** In-band signal: "sea" on the consuming access, "serror", or "none" (default). */
  readonly signal?: "sea" | "serror" | "none";
  /** The consuming access, for "sea". */
  readonly access?: { readonly va?: bigint; readonly write?: boolean; readonly fetch?: boolean };
  /** ISS.EA classification (IMPLEMENTATION DEFINED; default 0). */
  readonly ea?: 0 | 1;
}

/** ERR<n>STATUS.UET encoding (arch.md §2.7; TF-A ERROR_STATUS_UET_*). */
export const UET_OF: Readonly<Record<ErrorType, number>> = { UC: 0b00, UEU: 0b01, UEO: 0b10, UER: 0b11, CE: 0 };
/**
 * SError ISS.AET for an error type (arch.md §1.4 AET table; SAIL94 AArch64.EncodeAsyncErrorSyndrome).
 * A deferred error has no AET of its own: armras reports it as UEO (not yet consumed).
 */
export const AET_OF: Readonly<Record<RecordedType, number>> = { ...AET, DE: AET.UEO };

/** Overwrite priority: uncorrected > deferred > corrected (RAS architecture; see docs/exceptions.md). */
const PRIORITY: Readonly<Record<RecordedType, number>> = { UC: 3, UEU: 3, UEO: 3, UER: 3, DE: 2, CE: 1 };

const MISC: readonly ErrRecordReg[] = ["MISC0", "MISC1", "MISC2", "MISC3"];

/** SError ISS the core reports for a RAS error: IDS=0, AET, EA, DFSC=0x11 (IESB added when taken by an implicit ESB). */
export function rasSErrorIss(type: RecordedType, ea: 0 | 1 = 0): number {
  let iss = insertLo(0, SERROR_ISS.DFSC, 0x11);
  iss = insertLo(iss, SERROR_ISS.AET, AET_OF[type]);
  iss = insertLo(iss, SERROR_ISS.EA, ea);
  return iss >>> 0;
}

/** Whether a control is in effect: ERR<n>FR says 0 not supported, 1 controllable (use CTLR), 2 always on. */
function control(fr: number, ctlr: number): boolean {
  return fr === 2 || ((fr === 1 || fr === 3) && ctlr === 1);
}

const get = (v: number, f: { loMask: number; lsb: number }): number => ((v & f.loMask) >>> f.lsb) >>> 0;

/** Records `err` in ERR<n> and signals it. */
export function recordError(pe: PE, n: number, err: RecordedError): void {
  const rec = pe.regs.errRecord(n);
  const name = (r: ErrRecordReg): string => `ERR${n}${r}`;
  const step = `record error in ERR${n}`;
  const fr = Number(rec.read("FR") & 0xffff_ffffn);
  const ctlr = Number(rec.read("CTLR") & 0xffff_ffffn);
  const frEd = get(fr, ERR_FR_F.ED);
  if (frEd !== 0 && !control(frEd, get(ctlr, ERR_CTLR_F.ED))) {
    pe.note(step, `ERR${n}CTLR.ED=0: error detection disabled, nothing recorded or signalled`);
    return;
  }
  const uncorrected = PRIORITY[err.type] === 3;
  const inBand = err.signal !== undefined && err.signal !== "none" && control(get(fr, ERR_FR_F.UE), get(ctlr, ERR_CTLR_F.UE));
  if (err.signal !== undefined && err.signal !== "none" && !inBand) pe.note(step, `ERR${n}CTLR.UE=0 (or FR.UE not supported): in-band ${err.signal} reporting disabled`);

  // ---- ERR<n>STATUS, with the overwrite rules ----
  const old = Number(rec.read("STATUS") & 0xffff_ffffn);
  const wasValid = get(old, ERR_STATUS_F.V) === 1;
  const oldPriority = !wasValid ? 0 : get(old, ERR_STATUS_F.UE) ? 3 : get(old, ERR_STATUS_F.DE) ? 2 : get(old, ERR_STATUS_F.CE) ? 1 : 0;
  const overwrite = !wasValid || PRIORITY[err.type] > oldPriority;
  let s = wasValid ? old : 0;
  s = insertLo(s, ERR_STATUS_F.V, 1);
  if (wasValid) s = insertLo(s, ERR_STATUS_F.OF, 1);
  if (uncorrected) s = insertLo(s, ERR_STATUS_F.UE, 1);
  if (err.type === "DE") s = insertLo(s, ERR_STATUS_F.DE, 1);
  if (err.type === "CE" && get(s, ERR_STATUS_F.CE) === 0) s = insertLo(s, ERR_STATUS_F.CE, err.ce ?? 0b10);
  if (overwrite) {
    s = insertLo(s, ERR_STATUS_F.UET, uncorrected ? UET_OF[err.type as ErrorType] : 0);
    s = insertLo(s, ERR_STATUS_F.SERR, err.serr);
    s = insertLo(s, ERR_STATUS_F.IERR, err.ierr ?? 0);
    s = insertLo(s, ERR_STATUS_F.PN, err.pn ? 1 : 0);
    s = insertLo(s, ERR_STATUS_F.ER, inBand ? 1 : 0);
    s = insertLo(s, ERR_STATUS_F.AV, err.addr !== undefined ? 1 : 0);
    s = insertLo(s, ERR_STATUS_F.MV, err.misc !== undefined && err.misc.length > 0 ? 1 : 0);
  }
  const why = !wasValid
    ? `${err.type} error, SERR ${hex(err.serr, 2)}`
    : overwrite
      ? `${err.type} error over a lower-priority valid record: syndrome overwritten, OF=1`
      : `${err.type} error over a valid record of equal or higher priority: syndrome kept, OF=1`;
  pe.setReg(name("STATUS"), BigInt(s >>> 0), step, why);
  if (overwrite && err.addr !== undefined) pe.setReg(name("ADDR"), err.addr, step, "address of the error (AV=1)");
  if (overwrite && err.misc) err.misc.forEach((v, i) => pe.setReg(name(MISC[i]!), v, step, "IMPLEMENTATION DEFINED syndrome (MV=1)"));

  // ---- interrupts ----
  const isDE = err.type === "DE";
  if (uncorrected && control(get(fr, ERR_FR_F.UI), get(ctlr, ERR_CTLR_F.UI))) raise(pe, "ERI", n, "uncorrected error, ERR<n>CTLR.UI=1");
  if (isDE && pe.features.FEAT_RASv1p1 && get(ctlr, ERR_CTLR_F.DUI) === 1) raise(pe, "ERI", n, "deferred error, ERR<n>CTLR.DUI=1");
  if ((uncorrected || isDE) && control(get(fr, ERR_FR_F.FI), get(ctlr, ERR_CTLR_F.FI))) raise(pe, "FHI", n, "ERR<n>CTLR.FI=1");
  if (err.type === "CE" && control(get(fr, ERR_FR_F.CFI), get(ctlr, ERR_CTLR_F.CFI))) raise(pe, "FHI", n, "corrected error, ERR<n>CTLR.CFI=1");

  // ---- in-band signal ----
  if (!inBand) return;
  if (err.signal === "sea") {
    syncExternalAbort(pe, { ...err.access, errorType: err.type as ErrorType, ea: err.ea ?? 0 }, `ERR${n} reports the error on the consuming access`);
    return;
  }
  const iss = rasSErrorIss(err.type, err.ea ?? 0);
  pe.traceState(step, "pending SError", pe.serrorPending ? "1" : "0", "1", `SError with syndrome ${hex(iss)} (IDS=0, AET=${AET_OF[err.type].toString(2).padStart(3, "0")}, DFSC=0x11)`);
  pe.serrorPending = true;
  pe.serrorISS = iss;
  takePendingInterrupts(pe);
}

function raise(pe: PE, kind: "FHI" | "ERI", record: number, why: string): void {
  pe.rasInterrupts.push({ kind, record, why });
  pe.traceState(`record error in ERR${record}`, `${kind === "FHI" ? "fault handling" : "error recovery"} interrupt`, "-", "pending", why);
}
