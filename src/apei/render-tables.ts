// iasl-style text for HEST, BERT, EINJ and ERST.

import type { Struct } from "../layout/index.js";
import { ACPI_HEADER, TABLE_NAMES } from "./header.js";
import { FLAG_LABELS, HEST_FLAGS, MC_BANK, sourceKind, type FlagReading } from "./hest-types.js";
import { HEST_FIXED, type Hest } from "./hest.js";
import { EINJ_ENTRY, ERST_ENTRY } from "./instructions.js";
import { line, rawTableData, renderStruct } from "./render.js";
import { BERT_BODY, EINJ_BODY, ERST_BODY, type SimpleTable } from "./tables.js";
import type { AcpiHeader } from "./table.js";
import { hexBytes } from "./json.js";
import { computeChecksum } from "./header.js";

function headerLines(h: AcpiHeader, checksumValid: boolean, table: Uint8Array | undefined, out: string[]): void {
  const suffix: Record<string, string> = {};
  if (!checksumValid && table && table.length >= h.length) {
    suffix["checksum"] = `     /* Incorrect checksum, should be ${computeChecksum(table.subarray(0, h.length)).toString(16).toUpperCase().padStart(2, "0")} */`;
  }
  renderStruct(ACPI_HEADER, h, 0, out, { annotate: { signature: TABLE_NAMES[h.signature] ?? "Unknown table" }, suffix });
  out.push("");
}

export function renderHest(h: Hest, table?: Uint8Array, flagReading: FlagReading = "spec"): string[] {
  const out: string[] = [];
  headerLines(h.header, h.checksumValid, table, out);
  renderStruct(HEST_FIXED, { errorSourceCount: h.errorSourceCount }, 36, out);
  for (const s of h.errorSources) {
    out.push("");
    if (s.kind === "raw") {
      out.push(line(s.offset, s.bytes.length, "Raw Error Source", `${hexBytes(s.bytes)} (${s.reason})`));
      continue;
    }
    const kind = sourceKind(s.type)!;
    const flagBits = kind.flagBits.map((b) => [FLAG_LABELS[b], flagReading === "iasl" && b === "GLOBAL" ? 0 : HEST_FLAGS[b].lsb] as const);
    renderStruct(kind.struct, s.value, s.offset, out, { flagBits });
    s.banks.forEach((b, i) => {
      out.push("");
      renderStruct(MC_BANK, b, s.offset + kind.struct.size + i * MC_BANK.size, out);
    });
  }
  if (h.trailing.length) out.push("", line(table ? table.length - h.trailing.length : 0, h.trailing.length, "Trailing Bytes", hexBytes(h.trailing)));
  for (const f of h.findings) out.push(`/* ${f.field} @ 0x${f.offset.toString(16)}: ${f.message} */`);
  if (table) out.push("", ...rawTableData(table.subarray(0, Math.min(table.length, h.header.length))));
  return collapse(out);
}

type Kind = "BERT" | "EINJ" | "ERST";

export function renderSimple<B>(sig: Kind, t: SimpleTable<B>, table?: Uint8Array): string[] {
  const out: string[] = [];
  headerLines(t.header, t.checksumValid, table, out);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one of three body structs
  const body: Struct<any> = sig === "BERT" ? BERT_BODY : sig === "EINJ" ? EINJ_BODY : ERST_BODY;
  renderStruct(body, t.body as Record<string, unknown>, 36, out);
  const entry = sig === "EINJ" ? EINJ_ENTRY : ERST_ENTRY;
  t.entries.forEach((e, i) => {
    out.push("");
    renderStruct(entry, e as unknown as Record<string, unknown>, 48 + i * 32, out, { flagBits: [["Preserve Register", 0]] });
  });
  for (const f of t.findings) out.push(`/* ${f.field} @ 0x${f.offset.toString(16)}: ${f.message} */`);
  if (table) out.push("", ...rawTableData(table.subarray(0, Math.min(table.length, t.header.length))));
  return collapse(out);
}

/** No runs of blank lines. */
function collapse(lines: string[]): string[] {
  return lines.filter((l, i) => !(l === "" && lines[i - 1] === ""));
}
