// Framing shared by every ACPI table: the 36-byte header, Length and Checksum
// validation, and the bytes after Length (kept, never dropped).

import { decodeError, decodeStruct, fail, ok, type Decoded, type Result, type Warning } from "../layout/index.js";
import { ACPI_HEADER, byteSum, computeChecksum } from "./header.js";

export type AcpiHeader = Decoded<typeof ACPI_HEADER>;

export interface Framed {
  readonly header: AcpiHeader;
  readonly checksumValid: boolean;
  /** The table's bytes as far as they exist: [0, min(Length, input length)). */
  readonly table: Uint8Array;
  /** Input bytes past Length (e.g. a boot error region appended to a BERT). */
  readonly after: Uint8Array;
  readonly findings: Warning[];
}

/** Decodes the header and checks Length against the input and `minLength`, and the checksum. */
export function frame(bytes: Uint8Array, minLength: number, expectSignature?: string): Result<Framed> {
  const h = decodeStruct(ACPI_HEADER, bytes, 0, "Header");
  if (!h.ok) return fail(h.error);
  const header = h.value;
  if (expectSignature !== undefined && header.signature !== expectSignature) {
    return fail(decodeError("bad-signature", "Header.Signature", 0, `expected signature '${expectSignature}', found '${header.signature}'`));
  }
  if (header.length < minLength) {
    return fail(decodeError("bad-length", "Header.Length", 4, `Length ${header.length} is smaller than the ${minLength}-byte fixed part of ${header.signature}`));
  }
  const findings: Warning[] = [];
  const end = Math.min(header.length, bytes.length);
  if (bytes.length < minLength) {
    return fail(decodeError("truncated", `${header.signature}`, bytes.length, `${header.signature} needs ${minLength} bytes, ${bytes.length} available`));
  }
  if (header.length > bytes.length) {
    findings.push({ code: "truncated", field: "Header.Length", offset: 4, message: `Length says ${header.length} bytes, only ${bytes.length} present` });
  }
  const checksumValid = header.length <= bytes.length && byteSum(bytes, header.length) === 0;
  if (!checksumValid && header.length <= bytes.length) {
    const want = computeChecksum(bytes.subarray(0, header.length));
    findings.push({ code: "bad-checksum", field: "Header.Checksum", offset: 9, message: `Checksum 0x${hex2(header.checksum)} is incorrect, should be 0x${hex2(want)}` });
  }
  return ok({ header, checksumValid, table: bytes.subarray(0, end), after: bytes.slice(end), findings });
}

export function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}
