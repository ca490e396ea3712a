// ACPI Generic Error Status Block (ACPI 6.5 §18.3.2.7.1, Table 18.11): 20 bytes,
// and Generic Error Data Entry (Table 18.12): 64 bytes, 72 with Revision >= 0x300
// (adds TimeStamp at 64).
import { ascii, guid, u16, u32, u8 } from "../../layout/types.js";
import { field, struct, type Decoded } from "../../layout/struct.js";
import { bitField } from "../../arch/bits.js";
import { timestampField } from "./timestamp.js";

export const GenericErrorStatus = struct(
  "GenericErrorStatus",
  20,
  {
    BlockStatus: field(0, u32, {
      bits: {
        UncorrectableErrorValid: bitField("UncorrectableErrorValid", 0),
        CorrectableErrorValid: bitField("CorrectableErrorValid", 1),
        MultipleUncorrectableErrors: bitField("MultipleUncorrectableErrors", 2),
        MultipleCorrectableErrors: bitField("MultipleCorrectableErrors", 3),
        ErrorDataEntryCount: bitField("ErrorDataEntryCount", 13, 4),
      },
    }),
    RawDataOffset: field(4, u32, { doc: "from the start of this block" }),
    RawDataLength: field(8, u32),
    DataLength: field(12, u32, { doc: "length of the error data entries (not this header, not raw data)" }),
    ErrorSeverity: field(16, u32, { values: { 0: "recoverable", 1: "fatal", 2: "corrected", 3: "info" } }),
  },
  { spec: "ACPI 6.5 18.3.2.7.1 Table 18.11" },
);
export type GenericErrorStatus = Decoded<typeof GenericErrorStatus>;

/** BlockStatus bits 31:14 are reserved. */
export const BLOCK_STATUS_RESERVED = 0xffffc000;

export const GenericErrorDataEntry = struct(
  "GenericErrorDataEntry",
  64,
  {
    SectionType: field(0, guid),
    ErrorSeverity: field(16, u32),
    Revision: field(20, u16),
    ValidationBits: field(22, u8, { doc: "bit 0 FRUId, bit 1 FRUString, bit 2 TimeStamp" }),
    Flags: field(23, u8),
    ErrorDataLength: field(24, u32),
    FruId: field(28, guid, { valid: 0 }),
    FruText: field(44, ascii(20), { valid: 1 }),
  },
  { validationField: "ValidationBits", spec: "ACPI 6.5 18.3.2.7.1 Table 18.12" },
);
export type GenericErrorDataEntry = Decoded<typeof GenericErrorDataEntry>;

export const GenericErrorDataEntryV3 = struct(
  "GenericErrorDataEntry",
  72,
  { ...GenericErrorDataEntry.fields, TimeStamp: field(64, timestampField, { valid: 2 }) },
  { validationField: "ValidationBits", spec: "ACPI 6.5 18.3.2.7.1 Table 18.12 (Revision 0x300)" },
);
export type GenericErrorDataEntryV3 = Decoded<typeof GenericErrorDataEntryV3>;

export const GEDE_TIMESTAMP_REVISION = 0x300;
export const GEDE_VALID_MASK = 0b111;

/** Size of a GEDE with this revision. */
export function gedeSize(revision: number): 64 | 72 {
  return revision >= GEDE_TIMESTAMP_REVISION ? 72 : 64;
}
