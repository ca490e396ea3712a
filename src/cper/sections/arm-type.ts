// The ARM error-information Type byte has three readings (cper-apei.md §5.1):
//  - "uefi": UEFI 2.9A errata / 2.10 bit flags: bit 1 cache, 2 TLB, 3 bus, 4 micro-arch
//    (Linux since 96b010536ee0, rasdaemon, QEMU's injector);
//  - "legacy": the pre-2.9A enum 0 cache, 1 TLB, 2 bus, 3 micro-arch (EDK2 Cper.h, old Linux, Kunpeng 920);
//  - "libcper": exact values 1/2/4/8 = cache/TLB/bus/micro-arch (libcper 043d5f4).
import type { ArmTypeReading } from "../section-api.js";

export type ArmErrorKind = "cache" | "tlb" | "bus" | "micro";

const LINUX: Record<ArmErrorKind, string> = { cache: "cache error", tlb: "TLB error", bus: "bus error", micro: "micro-architectural error" };
const LIBCPER: Record<ArmErrorKind, string> = { cache: "Cache Error", tlb: "TLB Error", bus: "Bus Error", micro: "Micro-Architectural Error" };
const ORDER: readonly ArmErrorKind[] = ["cache", "tlb", "bus", "micro"];

export interface ArmTypeNames {
  readonly kinds: ArmErrorKind[];
  /** Bits (uefi) or value (others) outside the reading's defined set. */
  readonly reserved: boolean;
  /** libcper-style name (single) or names joined by "|" */
  readonly libcperName: string;
  /** Linux-style lowercase names joined by "|" */
  readonly text: string;
}

export function armTypeKinds(type: number, reading: ArmTypeReading): { kinds: ArmErrorKind[]; reserved: boolean } {
  switch (reading) {
    case "uefi": {
      const kinds = ORDER.filter((_, i) => (type >> (i + 1)) & 1);
      return { kinds, reserved: (type & ~0x1e) !== 0 };
    }
    case "legacy": {
      const k = ORDER[type];
      return k ? { kinds: [k], reserved: false } : { kinds: [], reserved: true };
    }
    case "libcper": {
      const i = [1, 2, 4, 8].indexOf(type);
      return i >= 0 ? { kinds: [ORDER[i]!], reserved: false } : { kinds: [], reserved: true };
    }
  }
}

/** armTypeNames is pure in (type byte, reading): 3 x 256 results, built once each. */
const NAMES_CACHE: Record<ArmTypeReading, (ArmTypeNames | undefined)[]> = { uefi: [], legacy: [], libcper: [] };

export function armTypeNames(type: number, reading: ArmTypeReading): ArmTypeNames {
  const cache = NAMES_CACHE[reading];
  if (type >= 0 && type <= 0xff && Number.isInteger(type)) return (cache[type] ??= buildTypeNames(type, reading));
  return buildTypeNames(type, reading);
}

function buildTypeNames(type: number, reading: ArmTypeReading): ArmTypeNames {
  const { kinds, reserved } = armTypeKinds(type, reading);
  const libcperName = kinds.length === 0 ? "Unknown (Reserved)" : kinds.map((k) => LIBCPER[k]).join("|") + (reserved ? " (Reserved bits)" : "");
  const text = kinds.map((k) => LINUX[k]).join("|") || "unknown";
  return { kinds, reserved, libcperName, text };
}

/** Linux's name list for the UEFI reading (cper_bits_to_str over bits 1..4). */
export function linuxTypeString(type: number): string {
  return ORDER.filter((_, i) => (type >> (i + 1)) & 1)
    .map((k) => LINUX[k])
    .join("|");
}

export const LEGACY_LINUX_NAMES = ["cache error", "TLB error", "bus error", "micro-architectural error"] as const;

/** A value that reads better as the legacy enum: 0 (no UEFI bit), or only bit 0 (reserved in 2.9A). */
export function legacyLooking(type: number): boolean {
  return type === 0 || type === 1;
}
