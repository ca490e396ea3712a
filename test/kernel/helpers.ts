// Shared builders for the kernel-model tests.
import { CPER_MEM_VALID_PA, CPER_SEV, decodeSyndrome, parseKernelVersion, type Estatus, type GhesSource, type KernelVersion, type SyndromeInput } from "../../src/kernel/index.js";

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

/** The record firmware writes for a consumed poisoned line: recoverable memory error with PA (was src/kernel/shortcuts.ts). */
export function memoryErrorEstatus(pa: bigint): Estatus {
  return {
    blockStatus: 1,
    severity: CPER_SEV.RECOVERABLE,
    sections: [{ type: "memory", severity: CPER_SEV.RECOVERABLE, flags: 0, validationBits: CPER_MEM_VALID_PA | 0x4000, physicalAddress: pa }],
  };
}

/** One GHESv2 SEA source holding `estatus` (or nothing pending). */
export function seaSource(id: number, estatus: Estatus | null): GhesSource {
  return { id, notify: "SEA", hestType: 10, addressReadable: true, address: 0x9000_0000n + BigInt(id) * 0x1000n, estatus };
}
