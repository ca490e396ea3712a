// Firmware Error Record Reference (UEFI 2.10 N.2.10, Table N-36), all revisions:
// revision 0 carries only the 64-bit Record Identifier (16 bytes are enough,
// as Linux accepts), revision 1 neither id, revision 2 adds the GUID. Bytes
// after the 32-byte structure (e.g. an Intel CrashLog payload) are kept.

import { field, struct } from "../../layout/struct.js";
import { guid, reserved, u64, u8 } from "../../layout/types.js";
import { declareSection, type Flat } from "./contract.js";
import { asEnum, asGuid, lib } from "./json-forms.js";
import type { Finding } from "../section-api.js";
import { linuxHexDump } from "../render/hexdump.js";
import { encodeFlat, locateFlat } from "./body.js";

const SPEC = "UEFI 2.10 N.2.10 Table N-36";

export const FIRMWARE_RECORD_TYPES: Readonly<Record<number, string>> = {
  0: "IPF SAL Error Record",
  1: "SOC Firmware Error Record (Type1 Legacy)",
  2: "SOC Firmware Error Record (Type2)",
};

// Linux: fw_err_rec_type_strs[] (drivers/firmware/efi/cper.c)
const LINUX_TYPES = ["IPF SAL Error Record", "SOC Firmware Error Record Type1 (Legacy CrashLog Support)", "SOC Firmware Error Record Type2"];

export const FirmwareErrorRecordReference = struct(
  "FirmwareErrorRecordReference",
  32,
  {
    FirmwareErrorRecordType: field(0, u8, { values: FIRMWARE_RECORD_TYPES, json: lib("errorRecordType", asEnum()) }),
    Revision: field(1, u8, { json: lib("revision") }),
    Reserved: field(2, reserved(6)),
    RecordIdentifier: field(8, u64, { json: lib("recordID") }),
    RecordIdentifierGUID: field(16, guid, { doc: "revision 2 and later", json: lib("recordIDGUID", asGuid()) }),
  },
  { spec: SPEC },
);

export type FirmwareSection = Flat<(typeof FirmwareErrorRecordReference)["fields"]>;

/** Bytes of the structure a revision defines (Linux cper_print_fw_err's offsets). */
function definedLength(rev: number): number {
  return rev === 0 ? 16 : rev === 1 ? 8 : 32;
}

// Past the identifiers a revision defines, the bytes are record data (Linux hex-dumps them).
function firmwareLocate(v: FirmwareSection, at: number): string {
  return at >= definedLength(v.fields.Revision) && at >= 16 ? "FirmwareErrorRecordData" : locateFlat(FirmwareErrorRecordReference, at);
}

export const firmwareCodec = declareSection({
  key: "firmware",
  guid: "81212a96-09ed-4996-9471-8d729c8e69ed",
  name: "Firmware Error Record Reference",
  libcperKey: "Firmware",
  libcperTypeName: "Firmware Error Record Reference",
  linuxName: "Firmware Error Record Reference",
  message: "A Firmware Error occurred",
  layout: FirmwareErrorRecordReference,
  spec: SPEC,
  minimum: 16,
  // A short (revision 0, 16-byte) body has no GUID to print; without it, libcper's JSON stands for 16 bytes.
  present: { RecordIdentifierGUID: (v) => v.length === undefined || v.length >= 32 },
  fromLibMore: (v, j) => (j.recordIDGUID === undefined ? { ...v, length: 16 } : v),
  locate: firmwareLocate,
  // Linux: cper_print_fw_err()
  // `opts.length` is gdata->error_data_length; builds with cperFwLengthCheck (profile.fwLengthCheck)
  // refuse a record shorter than the revision's offset; older builds read past it (not printed).
  renderLinux: (v, opts) => {
    const f = v.fields;
    const lines = [
      `Firmware Error Record Type: ${LINUX_TYPES[f.FirmwareErrorRecordType] ?? "unknown"}`,
      `Revision: ${f.Revision}`,
    ];
    if (f.Revision === 0) lines.push(`Record Identifier: ${f.RecordIdentifier.toString(16).padStart(8, "0")}`);
    else if (f.Revision === 2) lines.push(`Record Identifier: ${f.RecordIdentifierGUID}`);
    const body = encodeFlat(FirmwareErrorRecordReference, v);
    const o = opts as { length?: number; profile?: { fwLengthCheck: boolean } } | undefined;
    const length = o?.length ?? body.length;
    const from = definedLength(f.Revision);
    if (from > length) {
      if (o?.profile?.fwLengthCheck ?? true) lines.push(`error section length is too small: offset=${from}, length=${length}`);
      return lines;
    }
    if (length > from) lines.push(...linuxHexDump(body.subarray(from, length)));
    return lines;
  },
  renderText: (v) => {
    const f = v.fields;
    const lines = [
      `Firmware error record reference, revision ${f.Revision}`,
      `  record type: ${f.FirmwareErrorRecordType} (${FIRMWARE_RECORD_TYPES[f.FirmwareErrorRecordType] ?? "reserved"})`,
    ];
    if (f.Revision !== 1) lines.push(`  record identifier: 0x${f.RecordIdentifier.toString(16).padStart(16, "0")}`);
    if (f.Revision >= 2) lines.push(`  record identifier GUID: ${f.RecordIdentifierGUID}`);
    if (v.trailing.length > 0) lines.push(`  ${v.trailing.length} byte(s) of firmware error record data follow the reference`);
    return lines;
  },
  lint: (v) => {
    const out: Finding[] = [];
    const f = v.fields;
    if (f.FirmwareErrorRecordType > 2) {
      out.push({ severity: "error", offset: 0, field: "FirmwareErrorRecordType", message: `record type ${f.FirmwareErrorRecordType} is reserved`, spec: SPEC });
    }
    if (f.Revision >= 2 && v.length !== undefined) {
      out.push({ severity: "error", offset: v.length, field: "RecordIdentifierGUID", message: "revision 2 needs the 32-byte structure (Record Identifier GUID)", spec: SPEC });
    }
    if (f.Revision === 1 && f.RecordIdentifier !== 0n) {
      out.push({ severity: "warning", offset: 8, field: "RecordIdentifier", message: "revision 1 does not define Record Identifier, but it is not zero", spec: SPEC });
    }
    if (f.FirmwareErrorRecordType === 2 && f.Revision < 2) {
      out.push({ severity: "warning", offset: 1, field: "Revision", message: "record type 2 (SOC Type2) is identified by GUID, which needs revision 2", spec: SPEC });
    }
    return out;
  },
});
