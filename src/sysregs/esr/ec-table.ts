// The exception-class table (Arm ESR_EL1 XML; ASL AArch64_ExceptionClass; arch.md §1.2-1.3),
// with Linux's ESR_ELx_EC_* macro and esr_class_str[] string (arch/arm64/kernel/traps.c).
import type { EL } from "../../arch/el.js";
import type { LayoutId } from "./iss-layouts.js";

/**
 * IL rule: "always1" = IL is forced to 1 (ASL) or the class only comes from AArch64
 * (where IL is always 1); "length" = instruction length (IL=0 only for a 16-bit T32
 * instruction, so only when the source may be AArch32); "dabt" = 1 when ISV=0, else
 * instruction length; "lenient" = not checked (BTI: QEMU of 2022 reported IL=0, §1.6).
 */
export type IlRule = "always1" | "length" | "dabt" | "lenient";

/** Execution state the exception can be taken from. */
export type SourceState = "AArch64" | "AArch32" | "either";

export interface EcInfo {
  readonly ec: number;
  /** Arm's description of the class (paraphrased from the ESR_EL1 XML). */
  readonly armName: string;
  /** Linux ESR_ELx_EC_* macro, when Linux names the class. */
  readonly linuxMacro: string | null;
  /** Linux esr_class_str[] entry ("UNRECOGNIZED EC" for classes Linux does not name). */
  readonly linuxClass: string;
  readonly layout: LayoutId;
  /** Which ESR_ELx can hold this class. */
  readonly takenTo: readonly EL[];
  /** takenTo as a bit mask (bit n = ESR_ELn), for the validator's hot path. */
  readonly takenToMask: number;
  readonly from: SourceState;
  readonly il: IlRule;
  /** For classes with a lower-EL/current-EL pair: whether this is the current-EL one. */
  readonly sameEl: boolean | null;
  /** null for Armv8.2 classes; otherwise the later feature that adds the class (decode-only). */
  readonly later: string | null;
  /** false for EC values the architecture leaves unallocated (reserved). */
  readonly allocated: boolean;
}

export const LINUX_UNRECOGNIZED_EC = "UNRECOGNIZED EC";

type Row = [
  ec: number,
  macro: string | null,
  linux: string | null,
  armName: string,
  layout: LayoutId,
  takenTo: EL[],
  from: SourceState,
  il: IlRule,
  sameEl: boolean | null,
  later: string | null,
];

// prettier-ignore
const ROWS: Row[] = [
  [0x00, "ESR_ELx_EC_UNKNOWN", "Unknown/Uncategorized", "Unknown reason", "RES0", [1, 2, 3], "either", "always1", null, null],
  [0x01, "ESR_ELx_EC_WFx", "WFI/WFE", "Trapped WFI or WFE instruction", "WFX", [1, 2, 3], "either", "length", null, null],
  [0x03, "ESR_ELx_EC_CP15_32", "CP15 MCR/MRC", "Trapped MCR or MRC access with coproc=0b1111", "MCR_MRC", [1, 2, 3], "AArch32", "length", null, null],
  [0x04, "ESR_ELx_EC_CP15_64", "CP15 MCRR/MRRC", "Trapped MCRR or MRRC access with coproc=0b1111", "MCRR_MRRC", [1, 2, 3], "AArch32", "length", null, null],
  [0x05, "ESR_ELx_EC_CP14_MR", "CP14 MCR/MRC", "Trapped MCR or MRC access with coproc=0b1110", "MCR_MRC", [1, 2, 3], "AArch32", "length", null, null],
  [0x06, "ESR_ELx_EC_CP14_LS", "CP14 LDC/STC", "Trapped LDC or STC access", "LDC_STC", [1, 2, 3], "AArch32", "length", null, null],
  [0x07, "ESR_ELx_EC_FP_ASIMD", "ASIMD", "Access to SVE, Advanced SIMD or floating-point functionality trapped", "COND", [1, 2, 3], "either", "length", null, null],
  [0x08, "ESR_ELx_EC_CP10_ID", "CP10 MRC/VMRS", "Trapped VMRS access (ID group trap)", "MCR_MRC", [2], "AArch32", "length", null, null],
  [0x09, "ESR_ELx_EC_PAC", "PAC", "Trapped pointer authentication instruction", "RES0", [2, 3], "AArch64", "always1", null, "FEAT_PAuth (Armv8.3)"],
  [0x0c, "ESR_ELx_EC_CP14_64", "CP14 MCRR/MRRC", "Trapped MRRC access with coproc=0b1110", "MCRR_MRRC", [1, 2, 3], "AArch32", "length", null, null],
  [0x0d, "ESR_ELx_EC_BTI", "BTI", "Branch Target Exception", "BTI", [1, 2], "AArch64", "lenient", null, "FEAT_BTI (Armv8.5)"],
  [0x0e, "ESR_ELx_EC_ILL", "PSTATE.IL", "Illegal Execution state", "RES0", [1, 2, 3], "either", "always1", null, null],
  [0x11, "ESR_ELx_EC_SVC32", "SVC (AArch32)", "SVC instruction execution in AArch32 state", "IMM16", [1, 2], "AArch32", "length", null, null],
  [0x12, "ESR_ELx_EC_HVC32", "HVC (AArch32)", "HVC instruction execution in AArch32 state", "IMM16", [2], "AArch32", "always1", null, null],
  [0x13, "ESR_ELx_EC_SMC32", "SMC (AArch32)", "SMC instruction execution in AArch32 state", "SMC32", [2, 3], "AArch32", "always1", null, null],
  [0x15, "ESR_ELx_EC_SVC64", "SVC (AArch64)", "SVC instruction execution in AArch64 state", "IMM16", [1, 2, 3], "AArch64", "always1", null, null],
  [0x16, "ESR_ELx_EC_HVC64", "HVC (AArch64)", "HVC instruction execution in AArch64 state", "IMM16", [2, 3], "AArch64", "always1", null, null],
  [0x17, "ESR_ELx_EC_SMC64", "SMC (AArch64)", "SMC instruction execution in AArch64 state", "IMM16", [2, 3], "AArch64", "always1", null, null],
  [0x18, "ESR_ELx_EC_SYS64", "MSR/MRS (AArch64)", "Trapped MSR, MRS or System instruction execution in AArch64 state", "SYS64", [1, 2, 3], "AArch64", "always1", null, null],
  [0x19, "ESR_ELx_EC_SVE", "SVE", "Access to SVE functionality trapped", "RES0", [1, 2, 3], "AArch64", "always1", null, "FEAT_SVE"],
  [0x1a, "ESR_ELx_EC_ERET", "ERET/ERETAA/ERETAB", "Trapped ERET, ERETAA or ERETAB instruction execution", "ERET", [2], "AArch64", "always1", null, "FEAT_NV (Armv8.3)"],
  [0x1c, "ESR_ELx_EC_FPAC", "FPAC", "Pointer authentication failure (FEAT_FPAC)", "OPAQUE", [1, 2], "AArch64", "always1", null, "FEAT_FPAC (Armv8.3)"],
  [0x1d, "ESR_ELx_EC_SME", "SME", "Access to SME functionality trapped", "OPAQUE", [1, 2, 3], "AArch64", "always1", null, "FEAT_SME (Armv9.2)"],
  [0x1f, "ESR_ELx_EC_IMP_DEF", "EL3 IMP DEF", "IMPLEMENTATION DEFINED exception to EL3", "IMPDEF", [3], "either", "lenient", null, null],
  [0x20, "ESR_ELx_EC_IABT_LOW", "IABT (lower EL)", "Instruction Abort from a lower Exception level", "IABT", [1, 2, 3], "either", "always1", false, null],
  [0x21, "ESR_ELx_EC_IABT_CUR", "IABT (current EL)", "Instruction Abort taken without a change in Exception level", "IABT", [1, 2, 3], "either", "always1", true, null],
  [0x22, "ESR_ELx_EC_PC_ALIGN", "PC Alignment", "PC alignment fault", "RES0", [1, 2, 3], "either", "always1", null, null],
  [0x24, "ESR_ELx_EC_DABT_LOW", "DABT (lower EL)", "Data Abort from a lower Exception level", "DABT", [1, 2, 3], "either", "dabt", false, null],
  [0x25, "ESR_ELx_EC_DABT_CUR", "DABT (current EL)", "Data Abort taken without a change in Exception level", "DABT", [1, 2, 3], "either", "dabt", true, null],
  [0x26, "ESR_ELx_EC_SP_ALIGN", "SP Alignment", "SP alignment fault", "RES0", [1, 2, 3], "AArch64", "always1", null, null],
  [0x27, "ESR_ELx_EC_MOPS", "MOPS", "Memory Copy and Memory Set exception", "OPAQUE", [1, 2, 3], "AArch64", "always1", null, "FEAT_MOPS (Armv8.8)"],
  [0x28, "ESR_ELx_EC_FP_EXC32", "FP (AArch32)", "Trapped floating-point exception from AArch32 state", "FP_EXC", [1, 2], "AArch32", "length", null, null],
  [0x2c, "ESR_ELx_EC_FP_EXC64", "FP (AArch64)", "Trapped floating-point exception from AArch64 state", "FP_EXC", [1, 2, 3], "AArch64", "always1", null, null],
  [0x2d, "ESR_ELx_EC_GCS", "Guarded Control Stack", "Guarded Control Stack exception", "OPAQUE", [1, 2, 3], "AArch64", "always1", null, "FEAT_GCS (Armv9.4)"],
  [0x2f, "ESR_ELx_EC_SERROR", "SError", "SError exception", "SERROR", [1, 2, 3], "either", "always1", null, null],
  [0x30, "ESR_ELx_EC_BREAKPT_LOW", "Breakpoint (lower EL)", "Breakpoint exception from a lower Exception level", "BREAKPOINT", [1, 2], "either", "always1", false, null],
  [0x31, "ESR_ELx_EC_BREAKPT_CUR", "Breakpoint (current EL)", "Breakpoint exception taken without a change in Exception level", "BREAKPOINT", [1, 2], "either", "always1", true, null],
  [0x32, "ESR_ELx_EC_SOFTSTP_LOW", "Software Step (lower EL)", "Software Step exception from a lower Exception level", "SOFTSTEP", [1, 2], "either", "always1", false, null],
  [0x33, "ESR_ELx_EC_SOFTSTP_CUR", "Software Step (current EL)", "Software Step exception taken without a change in Exception level", "SOFTSTEP", [1, 2], "either", "always1", true, null],
  [0x34, "ESR_ELx_EC_WATCHPT_LOW", "Watchpoint (lower EL)", "Watchpoint exception from a lower Exception level", "WATCHPOINT", [1, 2], "either", "always1", false, null],
  [0x35, "ESR_ELx_EC_WATCHPT_CUR", "Watchpoint (current EL)", "Watchpoint exception taken without a change in Exception level", "WATCHPOINT", [1, 2], "either", "always1", true, null],
  [0x38, "ESR_ELx_EC_BKPT32", "BKPT (AArch32)", "BKPT instruction execution in AArch32 state", "COMMENT", [1, 2], "AArch32", "length", null, null],
  [0x3a, "ESR_ELx_EC_VECTOR32", "Vector catch (AArch32)", "Vector Catch exception from AArch32 state", "RES0", [2], "AArch32", "always1", null, null],
  [0x3c, "ESR_ELx_EC_BRK64", "BRK (AArch64)", "BRK instruction execution in AArch64 state", "COMMENT", [1, 2, 3], "AArch64", "always1", null, null],
];

function makeInfo(r: Row): EcInfo {
  const [ec, macro, linux, armName, layout, takenTo, from, il, sameEl, later] = r;
  return Object.freeze({
    ec,
    armName,
    linuxMacro: macro,
    linuxClass: linux ?? LINUX_UNRECOGNIZED_EC,
    layout,
    takenTo: Object.freeze(takenTo),
    takenToMask: takenTo.reduce<number>((m, e) => m | (1 << e), 0),
    from,
    il,
    sameEl,
    later,
    allocated: true,
  });
}

function unallocated(ec: number): EcInfo {
  return Object.freeze({
    ec,
    armName: "Unallocated (reserved) exception class",
    linuxMacro: null,
    linuxClass: LINUX_UNRECOGNIZED_EC,
    layout: "OPAQUE" as const,
    takenTo: Object.freeze([]),
    takenToMask: 0,
    from: "either" as const,
    il: "lenient" as const,
    sameEl: null,
    later: null,
    allocated: false,
  });
}

/** Indexed by EC (0..63); every value has an entry, unallocated ones with allocated=false. */
export const EC_TABLE: readonly EcInfo[] = Object.freeze(
  Array.from({ length: 64 }, (_, ec) => {
    const row = ROWS.find((r) => r[0] === ec);
    return row ? makeInfo(row) : unallocated(ec);
  }),
);

export function ecInfo(ec: number): EcInfo {
  return EC_TABLE[ec & 0x3f]!;
}

/** An EC by its Linux ESR_ELx_EC_* macro name (asm/esr.h), from the one table above. */
export function ecByLinuxMacro(macro: string): number {
  const info = EC_TABLE.find((e) => e.linuxMacro === macro);
  if (!info) throw new Error(`no EC is named ${macro}`);
  return info.ec;
}

/** Linux esr_class_str[] lookup (traps.c esr_get_class_string()). */
export function linuxClassString(ec: number): string {
  return ecInfo(ec).linuxClass;
}

/** The same-EL sibling of a lower-EL class and vice versa (0x20<->0x21, 0x24<->0x25, ...). */
export function siblingEc(ec: number): number | null {
  const info = ecInfo(ec);
  if (info.sameEl === null) return null;
  return info.sameEl ? ec - 1 : ec + 1;
}
