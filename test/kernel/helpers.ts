// Shared builders for the kernel-model tests.
import { decodeSyndrome, parseKernelVersion, type GhesSource, type KernelVersion, type SyndromeInput } from "../../src/kernel/index.js";
import { blockBytes, memoryRecord } from "./estatus-bytes.js";

export const k = (v: string): KernelVersion => parseKernelVersion(v);
export const esr = (v: bigint): SyndromeInput => decodeSyndrome(v);

/** The releases the brief asks every version-dependent row to be checked at. */
export const TESTED = ["4.14", "4.19", "5.4", "5.10", "6.1", "6.13", "6.18"] as const;
/** Releases with the RAS SError handling (≥4.16). */
export const RAS_ERA = ["4.19", "5.4", "5.10", "6.1", "6.13", "6.18"] as const;

/** SError ESR: EC 0x2F, IL=1, with IDS, AET and DFSC. */
export function serrorEsr(f: { ids?: boolean; aet?: number; dfsc?: number; iss?: number }): bigint {
  let v = (0x2fn << 26n) | (1n << 25n);
  if (f.iss !== undefined) return v | BigInt(f.iss);
  if (f.ids) v |= 1n << 24n;
  v |= BigInt(f.aet ?? 0) << 10n;
  v |= BigInt(f.dfsc ?? 0);
  return v;
}

/** The record firmware writes for a consumed poisoned line: recoverable memory error with PA and type 0 valid, as bytes (was src/kernel/shortcuts.ts). */
export function memoryErrorEstatus(pa: bigint): Uint8Array {
  return blockBytes(memoryRecord(pa));
}

/** One GHESv2 SEA source holding the block's bytes (or nothing pending). */
export function seaSource(id: number, estatus: Uint8Array | null): GhesSource {
  return { id, notify: "SEA", hestType: 10, addressReadable: true, address: 0x9000_0000n + BigInt(id) * 0x1000n, estatus };
}
