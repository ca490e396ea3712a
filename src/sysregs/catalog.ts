// Every declared register, with lookups by name and by MRS/MSR encoding.
// Data only: imports nothing from src/sysregs/esr/ (the ESR codec imports this
// to name registers in EC 0x18 syndromes).
import type { RegisterDef, ErrRecordReg } from "./decl.js";
import type { SysRegEncoding } from "./types.js";
import { DISR_EL1, VDISR_EL2 } from "./registers/disr.js";
import { ELR_EL1, ELR_EL2, ELR_EL3 } from "./registers/elr.js";
import * as ERR from "./registers/err-record.js";
import { ESR_EL1, ESR_EL2, ESR_EL3 } from "./registers/esr.js";
import { FAR_EL1, FAR_EL2, FAR_EL3 } from "./registers/far.js";
import { HCR_EL2 } from "./registers/hcr-el2.js";
import { ISR_EL1 } from "./registers/isr-el1.js";
import { SCR_EL3 } from "./registers/scr-el3.js";
import { SCTLR_EL1, SCTLR_EL2, SCTLR_EL3 } from "./registers/sctlr.js";
import { CNTHCTL_EL2, CPTR_EL2, TCR_EL2 } from "./registers/el2-vhe.js";
import { MIDR_EL1, MPIDR_EL1 } from "./registers/id.js";
import { SPSR_EL1, SPSR_EL2, SPSR_EL3 } from "./registers/spsr.js";
import { VBAR_EL1, VBAR_EL2, VBAR_EL3 } from "./registers/vbar.js";
import { VSESR_EL2 } from "./registers/vsesr-el2.js";

/** System registers reachable by MRS/MSR, in a stable display order. */
export const SYSTEM_REGISTERS = [
  ESR_EL1, ESR_EL2, ESR_EL3,
  FAR_EL1, FAR_EL2, FAR_EL3,
  ELR_EL1, ELR_EL2, ELR_EL3,
  SPSR_EL1, SPSR_EL2, SPSR_EL3,
  VBAR_EL1, VBAR_EL2, VBAR_EL3,
  SCTLR_EL1, SCTLR_EL2, SCTLR_EL3,
  CPTR_EL2, CNTHCTL_EL2, TCR_EL2,
  HCR_EL2, SCR_EL3,
  VSESR_EL2, DISR_EL1, VDISR_EL2, ISR_EL1,
  ERR.ERRIDR_EL1, ERR.ERRSELR_EL1,
  ERR.ERXFR_EL1, ERR.ERXCTLR_EL1, ERR.ERXSTATUS_EL1, ERR.ERXADDR_EL1,
  ERR.ERXMISC0_EL1, ERR.ERXMISC1_EL1, ERR.ERXMISC2_EL1, ERR.ERXMISC3_EL1,
  MIDR_EL1, MPIDR_EL1,
] as const;

/** Memory-mapped ERR<n> record registers, in offset order (offset = 8 * index). */
export const RECORD_REGISTERS = [ERR.ERR_FR, ERR.ERR_CTLR, ERR.ERR_STATUS, ERR.ERR_ADDR, ERR.ERR_MISC0, ERR.ERR_MISC1, ERR.ERR_MISC2, ERR.ERR_MISC3] as const;

export const ALL_REGISTERS: readonly RegisterDef[] = [...SYSTEM_REGISTERS, ...RECORD_REGISTERS];

export type SysRegName = (typeof SYSTEM_REGISTERS)[number]["name"];
export type RecordRegName = (typeof RECORD_REGISTERS)[number]["name"];
export type RegName = SysRegName | RecordRegName;
type DefOf<N extends RegName> = Extract<(typeof SYSTEM_REGISTERS)[number] | (typeof RECORD_REGISTERS)[number], { name: N }>;
/** Field-name union of a register, inferred from its declaration. */
export type FieldOf<N extends RegName> = DefOf<N> extends RegisterDef<string, infer F> ? F : never;

const BY_NAME = new Map<string, RegisterDef>(ALL_REGISTERS.map((r) => [r.name.toUpperCase(), r]));

function encKey(e: SysRegEncoding): number {
  return (((((e.op0 & 3) * 8 + (e.op1 & 7)) * 16 + (e.CRn & 15)) * 16 + (e.CRm & 15)) * 8) + (e.op2 & 7);
}
const BY_ENC = new Map<number, RegisterDef>();
for (const r of SYSTEM_REGISTERS) if (r.encoding) BY_ENC.set(encKey(r.encoding), r);

export interface RecordName {
  readonly def: RegisterDef;
  /** Record index n, or undefined for the generic "ERR<n>X" name. */
  readonly index: number | undefined;
  readonly reg: ErrRecordReg;
}

/** Parses "ERR3STATUS" / "ERR<n>STATUS" (case-insensitive). */
export function parseRecordName(name: string): RecordName | undefined {
  const m = /^ERR(<N>|\d+)(FR|CTLR|STATUS|ADDR|MISC[0-3])$/.exec(name.trim().toUpperCase());
  if (!m) return undefined;
  const reg = m[2] as ErrRecordReg;
  const def = BY_NAME.get(`ERR<N>${reg}`)!;
  return { def, index: m[1] === "<N>" ? undefined : Number(m[1]), reg };
}

/** A register by name (case-insensitive); ERR<n> names accept a record number ("ERR0STATUS"). */
export function lookupSysReg(name: string): RegisterDef | undefined {
  return BY_NAME.get(name.trim().toUpperCase()) ?? parseRecordName(name)?.def;
}

/** A system register by its MRS/MSR encoding (op0, op1, CRn, CRm, op2), or undefined when not declared. */
export function lookupSysRegByEncoding(enc: SysRegEncoding): RegisterDef | undefined {
  return BY_ENC.get(encKey(enc));
}

/** A declared register, or a thrown UnknownRegisterError (for callers holding a name they expect to exist). */
export function requireSysReg(name: string): RegisterDef {
  const r = lookupSysReg(name);
  if (!r) throw new UnknownRegisterError(name);
  return r;
}

export class UnknownRegisterError extends Error {
  override readonly name = "UnknownRegisterError";
  constructor(readonly register: string) {
    super(`unknown register '${register}'`);
  }
}
