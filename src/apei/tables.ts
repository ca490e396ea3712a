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
    injectionHeaderSize: field(0, u32, { doc: "Injection Header Size" }),
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
  /** Bytes inside Length after the last decoded entry. */
  readonly trailing: Uint8Array;
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

function decodeSimple<B>(bytes: Uint8Array, spec: TableSpec): Result<SimpleTable<B>> {
  const f = frame(bytes, FIXED, spec.signature);
  if (!f.ok) return fail(f.error);
  const { header, table, after, checksumValid } = f.value;
  const findings = [...f.value.findings];
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const body = readStruct(spec.body, table, view, 36) as Record<string, number>;
  const entries: InstructionEntry[] = [];
  let off = FIXED;
  if (spec.countField !== undefined && spec.headerSizeField !== undefined) {
    const count = body[spec.countField]!;
    const hs = body[spec.headerSizeField]!;
    // Linux einj_check_table()/erst_check_table(): header size 12 (body only) or 48 (with the ACPI header).
    if (hs !== 12 && hs !== 48) {
      findings.push({ code: "bad-header-size", field: `${spec.signature}.${spec.headerSizeField}`, offset: 36, message: `header size ${hs}: Linux accepts 12 or 48 and rejects the table` });
    }
    const fit = Math.floor((table.length - FIXED) / 32);
    if (count !== Math.floor((header.length - FIXED) / 32)) {
      findings.push({ code: "count-mismatch", field: `${spec.signature}.${spec.countField}`, offset: 44, message: `entry count ${count} does not match Length (${Math.max(0, Math.floor((header.length - FIXED) / 32))} entries); Linux rejects the table` });
    }
    const n = Math.min(count, fit);
    const entry = spec.signature === "EINJ" ? EINJ_ENTRY : ERST_ENTRY;
    for (let i = 0; i < n; i++, off += 32) entries.push(readStruct(entry, table, view, off));
  }
  const trailing = table.slice(off);
  if (trailing.length > 0) {
    findings.push({ code: "trailing-bytes", field: spec.signature, offset: off, message: `${trailing.length} byte(s) inside Length after the last ${spec.countField ? "entry" : "field"}` });
  }
  return ok({ header, checksumValid, body: body as B, entries, trailing, after, findings }, findings);
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
