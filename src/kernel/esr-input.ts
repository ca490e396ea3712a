// The only place the kernel model reads a raw ESR: an adapter over the ESR codec
// (src/sysregs/esr, Arm ARM D24.2.40 ESR_ELx). Decision functions take the decoded
// SyndromeInput, never a raw value.
import { decode, ecByLinuxMacro, linuxClassString, type EsrDecoded } from "../sysregs/esr/index.js";

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
  /** The codec's decode, for the Linux renderers (src/sysregs/esr render-linux). */
  readonly decoded: EsrDecoded;
}

/** Decodes an ESR_ELx value (throws the codec's EsrError outside [0, 2^64)). */
export function decodeSyndrome(esr: bigint): SyndromeInput {
  const d = decode(esr);
  const iss = d.iss;
  return {
    esr,
    ec: d.ec,
    il: d.il === 1,
    iss,
    ids: ((iss >>> 24) & 1) === 1,
    aet: (iss >>> 10) & 7,
    fsc: iss & 0x3f,
    fnv: ((iss >>> 10) & 1) === 1,
    ea: ((iss >>> 9) & 1) === 1,
    decoded: d,
  };
}

// The exception classes the kernel model branches on, by Linux's macro names (the EC table in
// src/sysregs/esr/ec-table.ts is their one declaration).
export const EC_IABT_LOW = ecByLinuxMacro("ESR_ELx_EC_IABT_LOW");
export const EC_IABT_CUR = ecByLinuxMacro("ESR_ELx_EC_IABT_CUR");
export const EC_DABT_LOW = ecByLinuxMacro("ESR_ELx_EC_DABT_LOW");
export const EC_DABT_CUR = ecByLinuxMacro("ESR_ELx_EC_DABT_CUR");
export const EC_SERROR = ecByLinuxMacro("ESR_ELx_EC_SERROR");

/** Linux esr_class_str[] (the codec's EC table). */
export function esrClassString(ec: number): string {
  return linuxClassString(ec);
}

/** ESR_ELx for a data/instruction abort: EC, IL=1, ISS (used by QEMU's SEA injection, §8). */
export function abortEsr(ec: number, iss: number): bigint {
  return (BigInt(ec) << 26n) | (1n << 25n) | BigInt(iss);
}
