// The page-table-entry rows shared by the VT-d and IOMMU DMAr sections (UEFI 2.10
// N.2.11.2 Table N-38 and N.2.11.3 Table N-39, offsets 96..143: levels 6 to 1),
// declared once with their libcper JSON keys.
import { hex } from "../../arch/bits.js";
import { field } from "../../layout/struct.js";
import { u64 } from "../../layout/types.js";
import { getUint, jsonU64, type JsonObj } from "./more-json.js";

export const PTE_FIELDS = {
  PteL6: field(96, u64),
  PteL5: field(104, u64),
  PteL4: field(112, u64),
  PteL3: field(120, u64),
  PteL2: field(128, u64),
  PteL1: field(136, u64),
} as const;

type PteName = keyof typeof PTE_FIELDS;
export type PteValues = Record<PteName, bigint>;

/** libcper's key for each level, highest level first. */
const PTE_KEYS: readonly (readonly [string, PteName])[] = [
  ["pageTableEntry_Level6", "PteL6"],
  ["pageTableEntry_Level5", "PteL5"],
  ["pageTableEntry_Level4", "PteL4"],
  ["pageTableEntry_Level3", "PteL3"],
  ["pageTableEntry_Level2", "PteL2"],
  ["pageTableEntry_Level1", "PteL1"],
];

export function pteToJson(f: PteValues, out: Record<string, unknown>): void {
  for (const [k, n] of PTE_KEYS) out[k] = jsonU64(f[n]);
}

export function pteFromJson(j: JsonObj, path: string): PteValues {
  const out = {} as PteValues;
  for (const [k, n] of PTE_KEYS) out[n] = getUint(j, k, path, 64);
  return out;
}

export function pteText(f: PteValues): string[] {
  return PTE_KEYS.map(([, n], i) => `  level ${6 - i} page table entry: ${hex(f[n], 16)}`);
}
