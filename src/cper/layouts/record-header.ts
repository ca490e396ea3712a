// CPER record header (UEFI 2.10 N.2.1, Table N-1): 128 bytes.
import { ascii, guid, reserved, u16, u32, u64 } from "../../layout/types.js";
import { field, struct, type Decoded } from "../../layout/struct.js";
import { timestampField } from "./timestamp.js";

export const CPER_SIGNATURE = "CPER";
export const SIGNATURE_END = 0xffff_ffff;

/** CPER error severities (UEFI 2.10 Table N-3): the one declaration (record header, section descriptors, status blocks, vendor sections). */
export const SEVERITY_NAMES: Readonly<Record<number, string>> = { 0: "Recoverable", 1: "Fatal", 2: "Corrected", 3: "Informational" };

export const RecordHeader = struct(
  "RecordHeader",
  128,
  {
    SignatureStart: field(0, ascii(4), { doc: "'CPER'" }),
    Revision: field(4, u16, { doc: "major in bits 15:8, minor in 7:0 (UEFI 0x0101; WHEA writes 0x0210)" }),
    SignatureEnd: field(6, u32, { doc: "0xFFFFFFFF" }),
    SectionCount: field(10, u16),
    ErrorSeverity: field(12, u32, { values: SEVERITY_NAMES }),
    ValidationBits: field(16, u32, { doc: "bit 0 PlatformID, bit 1 TimeStamp, bit 2 PartitionID" }),
    RecordLength: field(20, u32),
    TimeStamp: field(24, timestampField, { valid: 1 }),
    PlatformID: field(32, guid, { valid: 0 }),
    PartitionID: field(48, guid, { valid: 2 }),
    CreatorID: field(64, guid),
    NotificationType: field(80, guid),
    RecordID: field(96, u64),
    Flags: field(104, u32, { doc: "bit 0 HW_ERROR_FLAGS_RECOVERED, 1 PREVERR, 2 SIMULATED" }),
    PersistenceInformation: field(108, u64),
    Reserved: field(116, reserved(12)),
  },
  { validationField: "ValidationBits", spec: "UEFI 2.10 N.2.1 Table N-1" },
);
export type RecordHeader = Decoded<typeof RecordHeader>;

/** ValidationBits bits defined by the spec (bits 3..31 are reserved). */
export const HEADER_VALID_MASK = 0b111;
/** Flags bits defined by the spec. */
export const HEADER_FLAGS_MASK = 0b111;

/** Record-header flag values as libcper names them (an enum of the whole value). */
export const HEADER_FLAG_NAMES: Readonly<Record<number, string>> = {
  1: "HW_ERROR_FLAGS_RECOVERED",
  2: "HW_ERROR_FLAGS_PREVERR",
  4: "HW_ERROR_FLAGS_SIMULATED",
};

/** Notification types (UEFI 2.10 N.2.1.1), names as libcper prints them. */
export const NOTIFICATION_TYPES: Readonly<Record<string, string>> = {
  "2dce8bb1-bdd7-450e-b9ad-9cf4ebd4f890": "CMC",
  "4e292f96-d843-4a55-a8c2-d481f27ebeee": "CPE",
  "e8f56ffe-919c-4cc5-ba88-65abe14913bb": "MCE",
  "cf93c01f-1a16-4dfc-b8bc-9c4daf67c104": "PCIe",
  "cc5263e8-9308-454a-89d0-340bd39bc98e": "INIT",
  "5bad89ff-b7e6-42c9-814a-cf2485d6e98a": "NMI",
  "3d61a466-ab40-409a-a698-f362d464b38f": "Boot",
  "667dd791-c6b3-4c27-8a6b-0f8e722deb41": "DMAr",
  "9a78788a-bbe8-11e4-809e-67611e5d46b0": "SEA",
  "5c284c81-b0ae-4e87-a322-b04c85624323": "SEI",
  "09a9d5ac-5204-4214-96e5-94992e752bcd": "PEI",
  "69293bc9-41df-49a3-b4bd-4fb0db3041f6": "CXL Component",
};
