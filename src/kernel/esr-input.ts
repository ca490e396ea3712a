// The only place the kernel model reads raw ESR bits (Arm ARM D24.2.40 ESR_ELx; Linux asm/esr.h).
// TEMPORARY local extraction with src/arch/bits.ts: to be replaced by the ESR codec (src/sysregs/esr/)
// once it exists. Decision functions take the decoded SyndromeInput, never a raw value.
import { bitField, extract } from "../arch/bits.js";

const EC = bitField("EC", 31, 26);
const IL = bitField("IL", 25);
const ISS = bitField("ISS", 24, 0);
const IDS = bitField("IDS", 24);
const AET = bitField("AET", 12, 10);
const FSC = bitField("DFSC", 5, 0);
const FNV = bitField("FnV", 10);
const EA = bitField("EA", 9);

/** The decoded ESR fields the Linux decisions read. */
export interface SyndromeInput {
  /** The whole ESR value, for printing. */
  readonly esr: bigint;
  readonly ec: number;
  readonly il: boolean;
  readonly iss: number;
  /** SError ISS.IDS (bit 24). */
  readonly ids: boolean;
  /** SError ISS.AET (bits 12:10). */
  readonly aet: number;
  /** DFSC / IFSC (bits 5:0). */
  readonly fsc: number;
  /** Abort ISS.FnV (bit 10): FAR not valid. */
  readonly fnv: boolean;
  readonly ea: boolean;
}

export function decodeSyndrome(esr: bigint): SyndromeInput {
  return {
    esr,
    ec: Number(extract(esr, EC)),
    il: extract(esr, IL) === 1n,
    iss: Number(extract(esr, ISS)),
    ids: extract(esr, IDS) === 1n,
    aet: Number(extract(esr, AET)),
    fsc: Number(extract(esr, FSC)),
    fnv: extract(esr, FNV) === 1n,
    ea: extract(esr, EA) === 1n,
  };
}

export const EC_IABT_LOW = 0x20;
export const EC_IABT_CUR = 0x21;
export const EC_DABT_LOW = 0x24;
export const EC_DABT_CUR = 0x25;
export const EC_SERROR = 0x2f;

/** Linux esr_class_str[] for the classes this model prints (ec_names_linux.json; traps.c). */
export function esrClassString(ec: number): string {
  switch (ec) {
    case EC_IABT_LOW:
      return "IABT (lower EL)";
    case EC_IABT_CUR:
      return "IABT (current EL)";
    case EC_DABT_LOW:
      return "DABT (lower EL)";
    case EC_DABT_CUR:
      return "DABT (current EL)";
    case EC_SERROR:
      return "SError";
    default:
      return "UNRECOGNIZED EC";
  }
}

/** ESR_ELx for a data/instruction abort: EC, IL=1, ISS (used by QEMU's SEA injection, §8). */
export function abortEsr(ec: number, iss: number): bigint {
  return (BigInt(ec) << 26n) | (1n << 25n) | BigInt(iss);
}
