// CPER section descriptor (UEFI 2.10 N.2.2, Table N-5): 72 bytes.
import { ascii, guid, u16, u32, u8 } from "../../layout/types.js";
import { field, struct, type Decoded } from "../../layout/struct.js";

export const SectionDescriptor = struct(
  "SectionDescriptor",
  72,
  {
    SectionOffset: field(0, u32, { doc: "from the start of the record" }),
    SectionLength: field(4, u32),
    Revision: field(8, u16),
    SecValidMask: field(10, u8, { doc: "bit 0 FRUId, bit 1 FRUString" }),
    Reserved: field(11, u8),
    Flags: field(12, u32),
    SectionType: field(16, guid),
    FruId: field(32, guid, { valid: 0 }),
    SectionSeverity: field(48, u32),
    FruString: field(52, ascii(20), { valid: 1 }),
  },
  { validationField: "SecValidMask", spec: "UEFI 2.10 N.2.2 Table N-5" },
);
export type SectionDescriptor = Decoded<typeof SectionDescriptor>;

export const DESCRIPTOR_VALID_MASK = 0b11;

/** Section descriptor Flags bits (Table N-5), names as libcper writes them. */
export const DESCRIPTOR_FLAGS: readonly (readonly [string, number])[] = [
  ["primary", 0],
  ["containmentWarning", 1],
  ["reset", 2],
  ["errorThresholdExceeded", 3],
  ["resourceNotAccessible", 4],
  ["latentError", 5],
  ["propagated", 6],
  ["overflow", 7],
];
export const DESCRIPTOR_FLAGS_MASK = 0xff;
