// The page-table-entry rows shared by the VT-d and IOMMU DMAr sections (UEFI 2.10
// N.2.11.2 Table N-38 and N.2.11.3 Table N-39, offsets 96..143: levels 6 to 1),
// declared once with their libcper JSON keys.
import { hex } from "../../arch/bits.js";
import { field } from "../../layout/struct.js";
import { u64 } from "../../layout/types.js";
import { lib } from "./json-forms.js";

export const PTE_FIELDS = {
  PteL6: field(96, u64, { json: lib("pageTableEntry_Level6") }),
  PteL5: field(104, u64, { json: lib("pageTableEntry_Level5") }),
  PteL4: field(112, u64, { json: lib("pageTableEntry_Level4") }),
  PteL3: field(120, u64, { json: lib("pageTableEntry_Level3") }),
  PteL2: field(128, u64, { json: lib("pageTableEntry_Level2") }),
  PteL1: field(136, u64, { json: lib("pageTableEntry_Level1") }),
} as const;

type PteName = keyof typeof PTE_FIELDS;
export type PteValues = Record<PteName, bigint>;

const PTE_NAMES = ["PteL6", "PteL5", "PteL4", "PteL3", "PteL2", "PteL1"] as const;

export function pteText(f: PteValues): string[] {
  return PTE_NAMES.map((n, i) => `  level ${6 - i} page table entry: ${hex(f[n], 16)}`);
}
