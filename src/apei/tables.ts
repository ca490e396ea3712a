// BERT (ACPI 6.5 §18.3.1), EINJ (§18.6.1) and ERST (§18.5): an ACPI header, a
// fixed body, and (EINJ/ERST) an array of 32-byte instruction entries.

import { field, readStruct, reserved, struct, u32, u64, u8, writeStruct, fail, ok, type Decoded, type Result, type Struct, type Warning } from "../layout/index.js";
import { ACPI_HEADER, fixChecksum } from "./header.js";
import { EINJ_ENTRY, ERST_ENTRY } from "./instructions.js";
import { frame, type AcpiHeader } from "./table.js";

export const BERT_BODY = struct(
  "BERT",
  12,
  {
    bootErrorRegionLength: field(0, u32, { doc: "Boot Error Region Length" }),
    bootErrorRegionAddress: field(4, u64, { doc: "Boot Error Region Address" }),
  },
  { spec: "ACPI 6.5 §18.3.1 Table 18.1" },
);

export const EINJ_BODY = struct(
  "EINJ",
  12,
  {
    injectionHeaderSize: field(0, u32, { doc: "Injection Header Size" }), // iasl: "Injection Header Length" (iasl-names.ts)
    injectionFlags: field(4, u8, { doc: "Flags" }),
    reserved: field(5, reserved(3), { doc: "Reserved" }),
    injectionEntryCount: field(8, u32, { doc: "Injection Entry Count" }),
  },
  { spec: "ACPI 6.5 §18.6.1 Table 18.34" },
);

export const ERST_BODY = struct(
  "ERST",
  12,
  {
    serializationHeaderSize: field(0, u32, { doc: "Serialization Header Length" }),
    reserved: field(4, reserved(4), { doc: "Reserved" }),
    instructionEntryCount: field(8, u32, { doc: "Instruction Entry Count" }),
  },
  { spec: "ACPI 6.5 §18.5 Table 18.28" },
);

export type InstructionEntry = Decoded<typeof EINJ_ENTRY>;

/** A decoded BERT, EINJ or ERST. */
export interface SimpleTable<B> {
  readonly header: AcpiHeader;
  readonly checksumValid: boolean;
  readonly body: B;
  /** EINJ/ERST instruction entries (empty for BERT). */
  readonly entries: InstructionEntry[];
  /** Bytes inside Length after the last whole entry (a partial entry the Length cuts off). */
  readonly trailing: Uint8Array;
  /**
   * Set when the Length ends inside the fixed body (e.g. a BERT shorter than 48
   * bytes): how many body bytes the table holds; the missing fields read as 0.
   */
  readonly bodyLength?: number;
  /** Input bytes past Length (a BERT file may carry its boot error region here). */
  readonly after: Uint8Array;
  readonly findings: Warning[];
}

export type Bert = SimpleTable<Decoded<typeof BERT_BODY>>;
export type Einj = SimpleTable<Decoded<typeof EINJ_BODY>>;
export type Erst = SimpleTable<Decoded<typeof ERST_BODY>>;

interface TableSpec {
  readonly signature: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one of the three body structs
  readonly body: Struct<any>;
  readonly countField?: string;
  readonly headerSizeField?: string;
}

const SPECS = {
  BERT: { signature: "BERT", body: BERT_BODY },
  EINJ: { signature: "EINJ", body: EINJ_BODY, countField: "injectionEntryCount", headerSizeField: "injectionHeaderSize" },
  ERST: { signature: "ERST", body: ERST_BODY, countField: "instructionEntryCount", headerSizeField: "serializationHeaderSize" },
} as const satisfies Record<string, TableSpec>;

const FIXED = 48;
const HEADER = 36;

/** Entries at index ≥ the table's entry count: iasl shows them, Linux never sees them (it rejects the table). */
export function beyondEntryCount<B>(t: SimpleTable<B>, index: number): boolean {
  const count = entryCountOf(t);
  return count !== undefined && index >= count;
}

/** EINJ Injection Entry Count / ERST Instruction Entry Count; undefined for BERT. */
export function entryCountOf<B>(t: SimpleTable<B>): number | undefined {
  const b = t.body as Record<string, unknown>;
  const v = b["injectionEntryCount"] ?? b["instructionEntryCount"];
  return typeof v === "number" ? v : undefined;
}

/**
 * Decodes as iasl reads: every whole 32-byte entry up to the Length (those at
 * index ≥ the entry count are marked by beyondEntryCount()); a fixed body the
 * Length cuts short is read as far as it goes, with a finding.
 */
function decodeSimple<B>(bytes: Uint8Array, spec: TableSpec): Result<SimpleTable<B>> {
  const f = frame(bytes, HEADER, spec.signature);
  if (!f.ok) return fail(f.error);
  const { header, table, after, checksumValid } = f.value;
  const findings = [...f.value.findings];
  let bodyBytes = table;
  let bodyLength: number | undefined;
  if (table.length < FIXED) {
    bodyLength = table.length - HEADER;
    bodyBytes = new Uint8Array(FIXED);
    bodyBytes.set(table);
    const missing = spec.body.order.filter((k) => HEADER + spec.body.fields[k]!.at + spec.body.fields[k]!.type.size > table.length);
    findings.push({
      code: "truncated",
      field: `${spec.signature}.${missing[0] ?? ""}`,
      offset: table.length,
      message: `${spec.signature} is ${table.length} bytes, its fixed part needs ${FIXED}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} cut off`,
    });
  }
  const view = new DataView(bodyBytes.buffer, bodyBytes.byteOffset, bodyBytes.byteLength);
  const body = readStruct(spec.body, bodyBytes, view, HEADER) as Record<string, number>;
  const entries: InstructionEntry[] = [];
  let off = Math.min(FIXED, table.length);
  if (spec.countField !== undefined && spec.headerSizeField !== undefined && bodyLength === undefined) {
    const count = body[spec.countField]!;
    const hs = body[spec.headerSizeField]!;
    // Linux einj_check_table()/erst_check_table(): header size 12 (body only) or 48 (with the ACPI header).
    if (hs !== 12 && hs !== 48) {
      findings.push({ code: "bad-header-size", field: `${spec.signature}.${spec.headerSizeField}`, offset: 36, message: `header size ${hs}: Linux accepts 12 or 48 and rejects the table` });
    }
    const fit = Math.floor((table.length - FIXED) / 32);
    const byLength = Math.max(0, Math.floor((header.length - FIXED) / 32));
    if (count !== byLength) {
      const beyond = count < fit ? `; entries ${count}–${fit - 1} are beyond the count (iasl shows them, Linux never sees them)` : "";
      findings.push({ code: "count-mismatch", field: `${spec.signature}.${spec.countField}`, offset: 44, message: `entry count ${count} does not match Length (${byLength} entries); Linux rejects the table${beyond}` });
    }
    const entry = spec.signature === "EINJ" ? EINJ_ENTRY : ERST_ENTRY;
    for (let i = 0; i < fit; i++, off += 32) entries.push(readStruct(entry, table, new DataView(table.buffer, table.byteOffset, table.byteLength), off));
  }
  const trailing = table.slice(off);
  if (trailing.length > 0) {
    findings.push({
      code: "trailing-bytes",
      field: spec.signature,
      offset: off,
      message: spec.countField ? `the Length ends ${trailing.length} byte(s) into entry ${entries.length} (32 bytes)` : `${trailing.length} byte(s) inside Length after the last field`,
    });
  }
  const t = { header, checksumValid, body: body as B, entries, trailing, after, findings };
  return ok(bodyLength === undefined ? t : { ...t, bodyLength }, findings);
}

export function decodeBert(bytes: Uint8Array): Result<Bert> {
  return decodeSimple(bytes, SPECS.BERT);
}
export function decodeEinj(bytes: Uint8Array): Result<Einj> {
  return decodeSimple(bytes, SPECS.EINJ);
}
export function decodeErst(bytes: Uint8Array): Result<Erst> {
  return decodeSimple(bytes, SPECS.ERST);
}

export interface SimpleInput<B> {
  readonly header: AcpiHeader;
  readonly body: B;
  readonly entries?: readonly InstructionEntry[];
  readonly trailing?: Uint8Array;
  readonly after?: Uint8Array;
  /** A fixed body cut short (decodeSimple's bodyLength): only this many body bytes are written. */
  readonly bodyLength?: number;
}

function encodeSimple<B>(t: SimpleInput<B>, spec: TableSpec, mode: "compute" | "preserve"): Uint8Array {
  const entries = t.entries ?? [];
  const trailing = t.trailing ?? new Uint8Array();
  const total = FIXED + entries.length * 32 + trailing.length;
  const out = new Uint8Array(total + (t.after?.length ?? 0));
  writeStruct(ACPI_HEADER, mode === "compute" ? { ...t.header, signature: spec.signature, length: total, checksum: 0 } : t.header, out, 0, "Header");
  let body = t.body as Record<string, unknown>;
  if (mode === "compute" && spec.countField !== undefined) body = { ...body, [spec.countField]: entries.length };
  writeStruct(spec.body, body as never, out, 36, spec.signature);
  const entry = spec.signature === "EINJ" ? EINJ_ENTRY : ERST_ENTRY;
  entries.forEach((e, i) => writeStruct(entry, e, out, FIXED + i * 32, `${spec.signature}.Entry[${i}]`));
  out.set(trailing, FIXED + entries.length * 32);
  if (t.after) out.set(t.after, total);
  if (t.bodyLength !== undefined && t.bodyLength < FIXED - HEADER && entries.length === 0 && trailing.length === 0) {
    // A short table (a BERT under 48 bytes): drop the body bytes it does not hold.
    const cut = new Uint8Array(out.length - (FIXED - HEADER - t.bodyLength));
    cut.set(out.subarray(0, HEADER + t.bodyLength));
    cut.set(out.subarray(FIXED), HEADER + t.bodyLength);
    if (mode === "compute") {
      writeStruct(ACPI_HEADER, { ...t.header, signature: spec.signature, length: HEADER + t.bodyLength, checksum: 0 }, cut, 0, "Header");
      fixChecksum(cut.subarray(0, HEADER + t.bodyLength));
    }
    return cut;
  }
  if (mode === "compute") fixChecksum(out.subarray(0, total));
  return out;
}

export function encodeBert(t: SimpleInput<Bert["body"]>, mode: "compute" | "preserve" = "compute"): Uint8Array {
  return encodeSimple(t, SPECS.BERT, mode);
}
export function encodeEinj(t: SimpleInput<Einj["body"]>, mode: "compute" | "preserve" = "compute"): Uint8Array {
  return encodeSimple(t, SPECS.EINJ, mode);
}
export function encodeErst(t: SimpleInput<Erst["body"]>, mode: "compute" | "preserve" = "compute"): Uint8Array {
  return encodeSimple(t, SPECS.ERST, mode);
}
