// iasl-style text for HEST, BERT, EINJ and ERST. The walk is iasl's (acpica
// dmtbdump*.c AcpiDmDumpHest/Einj/Erst: to the Length); entries past the
// table's count are marked as Linux never seeing them.

import { readStruct, type Struct } from "../layout/index.js";
import { ACPI_HEADER, TABLE_NAMES } from "./header.js";
import { FLAG_LABELS, HEST_FLAGS, MC_BANK, sourceKind, type FlagReading, type SourceKind } from "./hest-types.js";
import { HEST_FIXED, type Hest } from "./hest.js";
import { EINJ_ENTRY, ENTRY_FLAGS, ERST_ENTRY } from "./instructions.js";
import { line, rawTableData, renderStruct, type RenderOptions } from "./render.js";
import type { NameReading } from "./iasl-names.js";
import { BERT_BODY, beyondEntryCount, EINJ_BODY, entryCountOf, ERST_BODY, type SimpleTable } from "./tables.js";
import type { AcpiHeader } from "./table.js";
import { hexBytes } from "./json.js";
import { computeChecksum } from "./header.js";

/** The spec's label of the entry Flags bit 0 (PRESERVE_REGISTER); iasl-names.ts has iasl's. */
const FLAG_PRESERVE = "Preserve Register";

function headerLines(h: AcpiHeader, checksumValid: boolean, table: Uint8Array | undefined, out: string[], names: NameReading): void {
  const suffix: Record<string, string> = {};
  if (!checksumValid && table && table.length >= h.length) {
    suffix["checksum"] = `     /* Incorrect checksum, should be ${computeChecksum(table.subarray(0, h.length)).toString(16).toUpperCase().padStart(2, "0")} */`;
  }
  renderStruct(ACPI_HEADER, h, 0, out, { annotate: { signature: TABLE_NAMES[h.signature] ?? "Unknown table" }, suffix, names });
  out.push("");
}

/** A comment line above an entry Linux never sees because it is beyond the table's count. */
function beyondLine(what: string, index: number, countName: string, count: number): string {
  return `/* ${what} [${index}] is beyond the ${countName} (${count}): iasl shows it, Linux never sees it */`;
}

export function renderHest(h: Hest, table?: Uint8Array, flagReading: FlagReading = "spec"): string[] {
  const out: string[] = [];
  const names = flagReading;
  headerLines(h.header, h.checksumValid, table, out, names);
  renderStruct(HEST_FIXED, { errorSourceCount: h.errorSourceCount }, 36, out, h.fixedLength === undefined ? { names } : { names, limit: 36 + h.fixedLength });
  h.errorSources.forEach((s, i) => {
    out.push("");
    if (s.beyondCount) out.push(beyondLine("Error Source", i, "Error Source Count", h.errorSourceCount));
    const kind = sourceKind(s.type);
    if (!kind) {
      // iasl: "**** Unknown HEST subtable type 0x…" and its walk ends (no length to skip by).
      if (s.kind === "raw") out.push(line(s.offset, s.bytes.length, "Raw Error Source", `${hexBytes(s.bytes)} (${s.reason})`));
      return;
    }
    const flagBits = kind.flagBits.map((b) => [FLAG_LABELS[b], flagReading === "iasl" && b === "GLOBAL" ? 0 : HEST_FLAGS[b].lsb] as const);
    if (s.kind === "raw") {
      renderTruncatedSource(kind, s.bytes, s.offset, out, { flagBits, names });
      return;
    }
    renderStruct(kind.struct, s.value, s.offset, out, { flagBits, names });
    s.banks.forEach((b, j) => {
      out.push("");
      renderStruct(MC_BANK, b, s.offset + kind.struct.size + j * MC_BANK.size, out, { names });
    });
  });
  if (h.trailing.length) out.push("", line(table ? table.length - h.trailing.length : 0, h.trailing.length, "Trailing Bytes", hexBytes(h.trailing)));
  for (const f of h.findings) out.push(`/* ${f.field} @ 0x${f.offset.toString(16)}: ${f.message} */`);
  if (table) out.push("", ...rawTableData(table.subarray(0, Math.min(table.length, h.header.length))));
  return collapse(out);
}

/** A source the Length cuts off: the fields (and banks) that fit, as iasl prints them. */
function renderTruncatedSource(kind: SourceKind, bytes: Uint8Array, offset: number, out: string[], opts: RenderOptions): void {
  const limit = offset + bytes.length;
  const padded = new Uint8Array(kind.struct.size);
  padded.set(bytes.subarray(0, kind.struct.size));
  const value = readStruct(kind.struct, padded, new DataView(padded.buffer), 0) as Record<string, unknown>;
  if (!renderStruct(kind.struct, value, offset, out, { ...opts, limit }) || !kind.banks) return;
  const n = value["numHardwareBanks"] as number;
  for (let j = 0; j < n; j++) {
    const at = kind.struct.size + j * MC_BANK.size;
    if (at >= bytes.length) return;
    const bank = new Uint8Array(MC_BANK.size);
    bank.set(bytes.subarray(at, at + MC_BANK.size));
    out.push("");
    if (!renderStruct(MC_BANK, readStruct(MC_BANK, bank, new DataView(bank.buffer), 0), offset + at, out, { names: opts.names ?? "spec", limit })) return;
  }
}

type Kind = "BERT" | "EINJ" | "ERST";

export function renderSimple<B>(sig: Kind, t: SimpleTable<B>, table?: Uint8Array, names: NameReading = "spec"): string[] {
  const out: string[] = [];
  headerLines(t.header, t.checksumValid, table, out, names);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one of three body structs
  const body: Struct<any> = sig === "BERT" ? BERT_BODY : sig === "EINJ" ? EINJ_BODY : ERST_BODY;
  const limit = t.bodyLength === undefined ? undefined : 36 + t.bodyLength;
  renderStruct(body, t.body as Record<string, unknown>, 36, out, limit === undefined ? { names } : { names, limit });
  const entry = sig === "EINJ" ? EINJ_ENTRY : ERST_ENTRY;
  const count = entryCountOf(t) ?? 0;
  const opts = { flagBits: [[FLAG_PRESERVE, ENTRY_FLAGS.PRESERVE_REGISTER.lsb]] as const, names };
  t.entries.forEach((e, i) => {
    out.push("");
    if (beyondEntryCount(t, i)) out.push(beyondLine("Entry", i, sig === "EINJ" ? "Injection Entry Count" : "Instruction Entry Count", count));
    renderStruct(entry, e as unknown as Record<string, unknown>, 48 + i * 32, out, opts);
  });
  if (sig !== "BERT" && t.trailing.length > 0) {
    // The Length ends inside an entry: the fields that fit, as iasl prints them.
    const i = t.entries.length;
    const padded = new Uint8Array(32);
    padded.set(t.trailing.subarray(0, 32));
    out.push("");
    if (beyondEntryCount(t, i)) out.push(beyondLine("Entry", i, sig === "EINJ" ? "Injection Entry Count" : "Instruction Entry Count", count));
    const at = 48 + i * 32;
    renderStruct(entry, readStruct(entry, padded, new DataView(padded.buffer), 0), at, out, { ...opts, limit: at + t.trailing.length });
  }
  for (const f of t.findings) out.push(`/* ${f.field} @ 0x${f.offset.toString(16)}: ${f.message} */`);
  if (table) out.push("", ...rawTableData(table.subarray(0, Math.min(table.length, t.header.length))));
  return collapse(out);
}

/** No runs of blank lines. */
function collapse(lines: string[]): string[] {
  return lines.filter((l, i) => !(l === "" && lines[i - 1] === ""));
}
