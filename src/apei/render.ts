// Text rendering in iasl's disassembly format ("[024h 0036   2]  Subtable Type :
// 000A [Generic Hardware Error Source V2]"), driven by the declared structs:
// `doc` is the field name, `values` the bracketed name, `bits` the decoded flags.

import type { Fields, Struct } from "../layout/index.js";
import { isNested } from "./nested.js";
import { labelFor, valueName, type NameReading } from "./iasl-names.js";

const LABEL_WIDTH = 29;
const FLAG_LABEL_WIDTH = 44;

const NESTED_TITLES: Readonly<Record<string, string>> = {
  GenericAddress: "[Generic Address Structure]",
  HardwareErrorNotification: "[Hardware Error Notification Structure]",
};

export function prefix(offset: number, length: number): string {
  return `[${offset.toString(16).toUpperCase().padStart(3, "0")}h ${offset.toString().padStart(4, "0")} ${length.toString().padStart(3)}]`;
}

export function line(offset: number, length: number, label: string, value: string): string {
  return `${prefix(offset, length)}${label.padStart(LABEL_WIDTH)} : ${value}`;
}

function hexBytesLE(b: Uint8Array): string {
  if (b.length > 8) return Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, "0")).join(" ");
  let s = "";
  for (let i = b.length - 1; i >= 0; i--) s += b[i]!.toString(16).toUpperCase().padStart(2, "0");
  return s;
}

export function formatValue(kind: string, size: number, v: unknown): string {
  if (typeof v === "number") return v.toString(16).toUpperCase().padStart(size * 2, "0");
  if (typeof v === "bigint") return v.toString(16).toUpperCase().padStart(16, "0");
  if (typeof v === "string") return kind === "ascii" ? `"${iaslAscii(v)}"` : v;
  if (v instanceof Uint8Array) return hexBytesLE(v);
  return String(v);
}

/** As iasl prints a name field: up to the first NUL, non-printable bytes shown as spaces. */
export function iaslAscii(v: string): string {
  const nul = v.indexOf("\0");
  return (nul >= 0 ? v.slice(0, nul) : v).replace(/[^\x20-\x7e]/g, " ");
}

export interface RenderOptions {
  /** Labels of flag bits to decode below a "Flags (decoded below)" field: [label, bit]. */
  readonly flagBits?: readonly (readonly [string, number])[];
  /** Annotation overrides by field key (e.g. the Signature's long name). */
  readonly annotate?: Readonly<Record<string, string>>;
  /** Extra text after the value by field key (e.g. an incorrect-checksum comment). */
  readonly suffix?: Readonly<Record<string, string>>;
  /** Whose names: the spec's (default) or iasl 20200925's (iasl-names.ts). */
  readonly names?: NameReading;
  /**
   * Absolute offset where the table's bytes end: a field (a nested structure as
   * a whole) that does not end by it is not printed, nor any after it, as
   * acpica's AcpiDmDumpTable() stops ("subtable terminates early").
   */
  readonly limit?: number;
}

/**
 * Renders one struct value at absolute offset `base`, appending lines to `out`;
 * false when `opts.limit` cut it short (the fields that fit were printed).
 */
export function renderStruct<F extends Fields>(s: Struct<F>, value: Record<string, unknown>, base: number, out: string[], opts: RenderOptions = {}): boolean {
  const names = opts.names ?? "spec";
  const limit = opts.limit ?? Infinity;
  for (const k of s.order) {
    const f = s.fields[k]!;
    const label = labelFor(f.doc ?? k, names);
    const v = value[k];
    if (base + f.at + f.type.size > limit) return false;
    if (isNested(f.type)) {
      out.push("");
      out.push(line(base + f.at, f.type.size, label, NESTED_TITLES[f.type.nested.name] ?? `[${f.type.nested.name}]`));
      renderStruct(f.type.nested, v as Record<string, unknown>, base + f.at, out, { names });
      out.push("");
      continue;
    }
    let text = formatValue(f.type.kind, f.type.size, v);
    const ann = opts.annotate?.[k] ?? (typeof v === "number" && f.values ? valueName(f.values, v, names) : undefined);
    if (ann !== undefined) text += k === "signature" ? `    [${ann}]` : ` [${ann}]`;
    if (opts.suffix?.[k]) text += opts.suffix[k];
    out.push(line(base + f.at, f.type.size, label, text));
    if (f.bits && label.startsWith("Flags (decoded below)") && typeof v === "number") {
      const bits = opts.flagBits ?? Object.entries(f.bits).map(([n, b]) => [n, b.lsb] as const);
      for (const [name, bit] of bits) out.push(`${labelFor(name, names).padStart(FLAG_LABEL_WIDTH)} : ${(v >>> bit) & 1}`);
    }
  }
  return true;
}

/** iasl's trailing "Raw Table Data" dump. */
export function rawTableData(bytes: Uint8Array): string[] {
  const out = [`Raw Table Data: Length ${bytes.length} (0x${bytes.length.toString(16).toUpperCase()})`, ""];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    const hexs = Array.from(row, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");
    const ascii = Array.from(row, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
    out.push(`    ${i.toString(16).toUpperCase().padStart(4, "0")}: ${hexs.padEnd(47)}  // ${ascii}`);
  }
  return out;
}
