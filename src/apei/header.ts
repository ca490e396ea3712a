// ACPI System Description Table header (ACPI 6.5 §5.2.6, Table 5.4), 36 bytes,
// and the table checksum: all bytes of the table (Length bytes) sum to 0 mod 256.
// `doc` holds the field name iasl prints, so the text renderer can match it.

import { ascii, field, struct, u32, u8 } from "../layout/index.js";

export const ACPI_HEADER = struct(
  "AcpiTableHeader",
  36,
  {
    signature: field(0, ascii(4), { doc: "Signature" }),
    length: field(4, u32, { doc: "Table Length" }),
    revision: field(8, u8, { doc: "Revision" }),
    checksum: field(9, u8, { doc: "Checksum" }),
    oemId: field(10, ascii(6), { doc: "Oem ID" }),
    oemTableId: field(16, ascii(8), { doc: "Oem Table ID" }),
    oemRevision: field(24, u32, { doc: "Oem Revision" }),
    creatorId: field(28, ascii(4), { doc: "Asl Compiler ID" }),
    creatorRevision: field(32, u32, { doc: "Asl Compiler Revision" }),
  },
  { spec: "ACPI 6.5 §5.2.6 Table 5.4" },
);

/** Table signatures we know, with iasl's long names. */
export const TABLE_NAMES: Readonly<Record<string, string>> = {
  HEST: "Hardware Error Source Table",
  BERT: "Boot Error Record Table",
  EINJ: "Error Injection table",
  ERST: "Error Record Serialization Table",
};

/** Sum of bytes [0, length) mod 256 (0 for a valid table). */
export function byteSum(bytes: Uint8Array, length = bytes.length): number {
  let s = 0;
  const n = Math.min(length, bytes.length);
  for (let i = 0; i < n; i++) s = (s + bytes[i]!) & 0xff;
  return s;
}

/** The checksum byte value that makes the table sum to zero. */
export function computeChecksum(table: Uint8Array): number {
  const without = (byteSum(table) - (table[9] ?? 0)) & 0xff;
  return (0x100 - without) & 0xff;
}

/** Writes the Checksum byte of a complete table in place and returns the table. */
export function fixChecksum(table: Uint8Array): Uint8Array {
  table[9] = computeChecksum(table);
  return table;
}
