// Fault status codes (DFSC/IFSC) as data: Arm's meaning (ESR_EL1 XML; ASL EncodeLDFSC;
// arch.md §1.5) and Linux's fault_info[] name (arch/arm64/mm/fault.c), by kernel version.
import { type KernelVersion, LATEST_KERNEL } from "./kernel-version.js";
import { has } from "../../linux/boundaries.js";

export type FscKind =
  | "address-size"
  | "translation"
  | "access-flag"
  | "permission"
  | "sync-external"
  | "sync-external-walk"
  | "sync-parity"
  | "sync-parity-walk"
  | "tag-check"
  | "alignment"
  | "debug"
  | "granule-protection"
  | "tlb-conflict"
  | "atomic-hw-update"
  | "impdef"
  | "domain"
  | "reserved";

export interface FscInfo {
  readonly code: number;
  /** Arm's meaning for a data or instruction abort. */
  readonly meaning: string;
  readonly kind: FscKind;
  /** Translation level, where the code carries one (-1 for FEAT_LPA2 level -1). */
  readonly level: number | null;
  /** Valid as DFSC in a data abort / as IFSC in an instruction abort (ignoring `later`). */
  readonly dabt: boolean;
  readonly iabt: boolean;
  /** The later feature that allocates the code (null: Armv8.2). */
  readonly later: string | null;
  /** An External abort (EA/SET/FnV may be set). */
  readonly external: boolean;
  /** Parity/ECC codes: not used when FEAT_RAS is implemented. */
  readonly rasUnused: boolean;
}

function info(code: number, meaning: string, kind: FscKind, level: number | null, opts: Partial<Omit<FscInfo, "code" | "meaning" | "kind" | "level">> = {}): FscInfo {
  return Object.freeze({
    code,
    meaning,
    kind,
    level,
    dabt: opts.dabt ?? true,
    iabt: opts.iabt ?? true,
    later: opts.later ?? null,
    external: opts.external ?? false,
    rasUnused: opts.rasUnused ?? false,
  });
}

const LEVELS = [0, 1, 2, 3];
const ROWS: FscInfo[] = [
  ...LEVELS.map((l) => info(l, l === 0 ? "Address size fault, level 0 of translation or translation table base register" : `Address size fault, level ${l}`, "address-size", l)),
  ...LEVELS.map((l) => info(4 + l, `Translation fault, level ${l}`, "translation", l)),
  info(0x08, "Access flag fault, level 0", "access-flag", 0, { later: "FEAT_LPA2" }),
  ...[1, 2, 3].map((l) => info(8 + l, `Access flag fault, level ${l}`, "access-flag", l)),
  info(0x0c, "Permission fault, level 0", "permission", 0, { later: "FEAT_LPA2" }),
  ...[1, 2, 3].map((l) => info(12 + l, `Permission fault, level ${l}`, "permission", l)),
  info(0x10, "Synchronous External abort, not on translation table walk", "sync-external", null, { external: true }),
  info(0x11, "Synchronous Tag Check Fault", "tag-check", null, { iabt: false, later: "FEAT_MTE2 (Armv8.5)" }),
  info(0x13, "Synchronous External abort on translation table walk, level -1", "sync-external-walk", -1, { later: "FEAT_LPA2", external: true }),
  ...LEVELS.map((l) => info(0x14 + l, `Synchronous External abort on translation table walk, level ${l}`, "sync-external-walk", l, { external: true })),
  info(0x18, "Synchronous parity or ECC error on memory access, not on translation table walk", "sync-parity", null, { external: true, rasUnused: true }),
  info(0x1b, "Synchronous parity or ECC error on translation table walk, level -1", "sync-parity-walk", -1, { later: "FEAT_LPA2", external: true, rasUnused: true }),
  ...LEVELS.map((l) =>
    info(0x1c + l, `Synchronous parity or ECC error on translation table walk, level ${l}`, "sync-parity-walk", l, { external: true, rasUnused: true }),
  ),
  info(0x21, "Alignment fault", "alignment", null, { iabt: false }),
  info(0x22, "Debug exception", "debug", null, { dabt: false, iabt: false }),
  info(0x23, "Granule Protection Fault on translation table walk, level -1", "granule-protection", -1, { later: "FEAT_RME" }),
  ...LEVELS.map((l) => info(0x24 + l, `Granule Protection Fault on translation table walk, level ${l}`, "granule-protection", l, { later: "FEAT_RME" })),
  info(0x28, "Granule Protection Fault, not on translation table walk", "granule-protection", null, { later: "FEAT_RME" }),
  info(0x29, "Address size fault, level -1", "address-size", -1, { later: "FEAT_LPA2" }),
  info(0x2b, "Translation fault, level -1", "translation", -1, { later: "FEAT_LPA2" }),
  info(0x30, "TLB conflict abort", "tlb-conflict", null),
  info(0x31, "Unsupported atomic hardware update fault", "atomic-hw-update", null, { iabt: false }),
  info(0x34, "IMPLEMENTATION DEFINED fault (Lockdown)", "impdef", null, { iabt: false }),
  info(0x35, "IMPLEMENTATION DEFINED fault (Unsupported Exclusive or Atomic access)", "impdef", null, { iabt: false }),
  info(0x3d, "Section Domain Fault (PAR_EL1 only)", "domain", null, { dabt: false, iabt: false }),
  info(0x3e, "Page Domain Fault (PAR_EL1 only)", "domain", null, { dabt: false, iabt: false }),
];

/** Indexed by code 0..63; unlisted codes are reserved. */
export const FSC_TABLE: readonly FscInfo[] = Object.freeze(
  Array.from({ length: 64 }, (_, code) => ROWS.find((r) => r.code === code) ?? info(code, "reserved", "reserved", null, { dabt: false, iabt: false })),
);

export function fscInfo(code: number): FscInfo {
  return FSC_TABLE[code & 0x3f]!;
}

// ---- Linux fault_info[] names ------------------------------------------------

const ORDINAL_WALK = (l: number): string => `level ${l} (translation table walk)`;
const PARITY_WALK = (l: number): string => `level ${l} synchronous parity error (translation table walk)`;

/** fault_info[] names before FEAT_LPA2 support (e.g. torvalds/linux @00bbd5d9, the fsc vectors). */
function classicName(code: number): string {
  if (code === 0) return "ttbr address size fault";
  if (code <= 3) return `level ${code} address size fault`;
  if (code <= 7) return `level ${code - 4} translation fault`;
  if (code >= 0x09 && code <= 0x0b) return `level ${code - 8} access flag fault`;
  if (code >= 0x0d && code <= 0x0f) return `level ${code - 12} permission fault`;
  if (code === 0x10) return "synchronous external abort";
  if (code >= 0x14 && code <= 0x17) return ORDINAL_WALK(code - 0x14);
  if (code === 0x18) return "synchronous parity or ECC error";
  if (code >= 0x1c && code <= 0x1f) return PARITY_WALK(code - 0x1c);
  if (code === 0x21) return "alignment fault";
  if (code === 0x30) return "TLB conflict abort";
  if (code === 0x31) return "Unsupported atomic hardware update fault";
  if (code === 0x34) return "implementation fault (lockdown abort)";
  if (code === 0x35) return "implementation fault (unsupported exclusive)";
  if (code === 0x3d) return "section domain fault";
  if (code === 0x3e) return "page domain fault";
  return `unknown ${code}`;
}

/**
 * Before do_sea() (4.4-4.10 fault.c, boundary doSea): the walk and parity rows carry no level;
 * FSC 0x10 keeps "synchronous external abort" (the rename a8ada146f517 came with do_sea()).
 */
function preDoSeaName(code: number): string | undefined {
  if (code >= 0x14 && code <= 0x17) return "synchronous abort (translation table walk)";
  if (code === 0x18) return "synchronous parity error";
  if (code >= 0x1c && code <= 0x1f) return "synchronous parity error (translation table walk)";
  return undefined;
}

/** Linux's fault_info[code].name as printed by the given kernel (default: latest modelled). */
export function linuxFaultName(code: number, kernel: KernelVersion = LATEST_KERNEL): string {
  const c = code & 0x3f;
  // The releases are the boundary table's (src/linux/boundaries.ts: doSea, mteFscName, lpa2Fsc).
  if (!has(kernel, "doSea")) return preDoSeaName(c) ?? classicName(c);
  if (has(kernel, "lpa2Fsc")) {
    switch (c) {
      case 0x08:
        return "level 0 access flag fault";
      case 0x0c:
        return "level 0 permission fault";
      case 0x13:
        return "level -1 (translation table walk)";
      case 0x1b:
        return "level -1 synchronous parity error (translation table walk)";
      case 0x29:
        return "level -1 address size fault";
      case 0x2b:
        return "level -1 translation fault";
    }
  }
  if (c === 0x11 && has(kernel, "mteFscName")) return "synchronous tag check fault";
  return classicName(c);
}
