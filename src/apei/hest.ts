// HEST: Hardware Error Source Table (ACPI 6.5 §18.3.2). Decode walks the error
// source structures by their Type (sizes from the declared structs plus 28-byte
// machine-check banks); unknown types and anything that does not fit are kept
// raw with a finding, so every input byte survives a round trip.

import { EncodeError, field, readStruct, struct, u32, writeStruct, fail, ok, type Result, type Warning } from "../layout/index.js";
import { ACPI_HEADER, fixChecksum } from "./header.js";
import { GHES, MC_BANK, sourceKind, type GhesV2Value, type GhesValue, type McBank, type SourceType } from "./hest-types.js";
import { frame, type AcpiHeader } from "./table.js";

/** HEST fields after the ACPI header (ACPI 6.5 Table 18.2). */
export const HEST_FIXED = struct("HEST", 4, { errorSourceCount: field(0, u32, { doc: "Error Source Count" }) }, { spec: "ACPI 6.5 §18.3.2 Table 18.2" });
export const HEST_HEADER_SIZE = 40;

export type KnownSource = {
  readonly kind: "known";
  readonly type: SourceType;
  /** Absolute offset of the structure in the table. */
  readonly offset: number;
  readonly value: Record<string, unknown> & { type: number; sourceId: number };
  /** IA-32 machine-check bank structures (types 0, 1, 11); empty otherwise. */
  readonly banks: McBank[];
  /** At index ≥ Error Source Count: iasl shows it, Linux never registers it. */
  readonly beyondCount?: boolean;
};

export type RawSource = {
  readonly kind: "raw";
  readonly type: number;
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly reason: string;
  /** At index ≥ Error Source Count: iasl shows it, Linux never registers it. */
  readonly beyondCount?: boolean;
};

export type HestSource = KnownSource | RawSource;

export interface Hest {
  readonly header: AcpiHeader;
  readonly checksumValid: boolean;
  readonly errorSourceCount: number;
  readonly errorSources: HestSource[];
  /** Bytes inside Length after the last error source. */
  readonly trailing: Uint8Array;
  /** Input bytes past Length. */
  readonly after: Uint8Array;
  readonly findings: Warning[];
  /** Set when the Length ends inside Error Source Count (a HEST under 40 bytes): the bytes of it present. */
  readonly fixedLength?: number;
}

export function isGhes(s: HestSource): s is KnownSource & { type: 9; value: GhesValue } {
  return s.kind === "known" && s.type === 9;
}

export function isGhesV2(s: HestSource): s is KnownSource & { type: 10; value: GhesV2Value } {
  return s.kind === "known" && s.type === 10;
}

/** The sources Linux's hest_parse() walks: the first Error Source Count ones. */
export function linuxSources(h: Hest): HestSource[] {
  return h.errorSources.filter((s) => !s.beyondCount);
}

/** GHES and GHESv2 sources within the Error Source Count (the ones Linux's ghes driver probes). */
export function genericSources(h: Hest): (GhesValue | GhesV2Value)[] {
  const out: (GhesValue | GhesV2Value)[] = [];
  for (const s of linuxSources(h)) if (isGhes(s) || isGhesV2(s)) out.push(s.value);
  return out;
}

/**
 * Decodes a HEST. The walk goes to the table's Length, as iasl's
 * AcpiDmDumpHest() does; sources at index ≥ Error Source Count are decoded too
 * and marked `beyondCount` (Linux's hest_parse()/apei_hest_parse() walks by the
 * count and never sees them). A source cut off by the Length is kept raw (with
 * its type) and a finding; an unknown type ends the walk (its length is unknown).
 */
export function decodeHest(bytes: Uint8Array): Result<Hest> {
  const f = frame(bytes, ACPI_HEADER.size, "HEST");
  if (!f.ok) return fail(f.error);
  const { header, table, after, checksumValid } = f.value;
  const findings = [...f.value.findings];
  if (table.length < HEST_HEADER_SIZE) {
    // The Length ends inside Error Source Count: the header as iasl prints it, and a finding.
    const fixedLength = table.length - ACPI_HEADER.size;
    const padded = new Uint8Array(HEST_HEADER_SIZE);
    padded.set(table);
    const errorSourceCount = new DataView(padded.buffer).getUint32(36, true);
    findings.push({ code: "truncated", field: "HEST.ErrorSourceCount", offset: table.length, message: `HEST is ${table.length} bytes, its fixed part needs ${HEST_HEADER_SIZE}: Error Source Count is cut off` });
    return ok({ header, checksumValid, errorSourceCount, errorSources: [], trailing: new Uint8Array(), after, findings, fixedLength }, findings);
  }
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const errorSourceCount = view.getUint32(36, true);
  const end = table.length;
  const errorSources: HestSource[] = [];
  let off = HEST_HEADER_SIZE;
  let i = 0;
  const raw = (t: number, reason: string): void => {
    errorSources.push({ kind: "raw", type: t, offset: off, bytes: table.slice(off, end), reason, ...(i >= errorSourceCount ? { beyondCount: true } : {}) });
    off = end;
    i++;
  };
  while (off < end) {
    const path = `HEST.ErrorSource[${i}]`;
    if (off + 2 > end) {
      // Too short for a Type: past the count it is trailing bytes (iasl prints no field of it).
      if (i >= errorSourceCount) break;
      findings.push({ code: "truncated", field: `${path}.Type`, offset: off, message: `error source ${i} is cut off after ${end - off} byte(s)` });
      raw(-1, "truncated");
      break;
    }
    const t = view.getUint16(off, true);
    const kind = sourceKind(t);
    if (!kind) {
      findings.push({ code: "unknown-type", field: `${path}.Type`, offset: off, message: `unknown error source type ${t}: its length is unknown, the remaining ${end - off} byte(s) are kept raw` });
      raw(t, `unknown type ${t}`);
      break;
    }
    let size = kind.struct.size;
    if (off + size > end) {
      findings.push({ code: "truncated", field: path, offset: off, message: `${kind.name} needs ${size} bytes, ${end - off} left in the table` });
      raw(t, "truncated");
      break;
    }
    const value = readStruct(kind.struct, table, view, off) as KnownSource["value"];
    const banks: McBank[] = [];
    if (kind.banks) {
      const n = value["numHardwareBanks"] as number;
      if (off + size + n * MC_BANK.size > end) {
        findings.push({
          code: "truncated",
          field: `${path}.NumHardwareBanks`,
          offset: off + kind.struct.fields["numHardwareBanks"]!.at,
          message: `${n} machine check bank(s) need ${n * MC_BANK.size} bytes, ${end - off - size} left in the table`,
        });
        raw(t, "banks truncated");
        break;
      }
      for (let b = 0; b < n; b++) banks.push(readStruct(MC_BANK, table, view, off + size + b * MC_BANK.size));
      size += n * MC_BANK.size;
    }
    lintSource(t, value, off, path, findings);
    errorSources.push({ kind: "known", type: t as SourceType, offset: off, value, banks, ...(i >= errorSourceCount ? { beyondCount: true } : {}) });
    off += size;
    i++;
  }
  if (i < errorSourceCount) {
    findings.push({ code: "count-mismatch", field: "HEST.ErrorSourceCount", offset: 36, message: `Error Source Count is ${errorSourceCount}, the table holds ${i}` });
  } else if (i > errorSourceCount) {
    const first = errorSources[errorSourceCount]!;
    findings.push({
      code: "beyond-count",
      field: "HEST.ErrorSourceCount",
      offset: 36,
      message: `Error Source Count is ${errorSourceCount}, the Length holds ${i} error source(s): the ${i - errorSourceCount} from offset 0x${first.offset.toString(16)} on are beyond the count (iasl shows them; Linux never registers them)`,
    });
  }
  const trailing = table.slice(off, end);
  if (trailing.length > 0) {
    findings.push({ code: "trailing-bytes", field: "HEST", offset: off, message: `${trailing.length} byte(s) after the last error source, too few for a Type` });
  }
  return ok({ header, checksumValid, errorSourceCount, errorSources, trailing, after, findings }, findings);
}

function lintSource(t: number, v: Record<string, unknown>, off: number, path: string, findings: Warning[]): void {
  const notify = v["notify"] as { length: number } | undefined;
  if (notify && notify.length !== 28) {
    const at = (t === 9 || t === 10 ? GHES.fields.notify.at : 16) + 1;
    findings.push({ code: "notify-length", field: `${path}.Notify.Length`, offset: off + at, message: `Notification Structure length is ${notify.length}, the spec says 28` });
  }
}

export interface EncodeOptions {
  /**
   * "compute" (default): Length, Error Source Count and Checksum are computed.
   * "preserve": they are written as given (byte-exact round trip of any decoded table).
   */
  readonly header?: "compute" | "preserve";
}

export interface HestInput {
  readonly header: AcpiHeader;
  readonly errorSourceCount?: number;
  readonly errorSources: readonly HestSource[];
  readonly trailing?: Uint8Array;
  readonly after?: Uint8Array;
  /** decodeHest's fixedLength: write only this many bytes of Error Source Count. */
  readonly fixedLength?: number;
}

function sourceBytes(s: HestSource, path: string): Uint8Array {
  if (s.kind === "raw") return s.bytes;
  const kind = sourceKind(s.type);
  if (!kind) throw new EncodeError(`${path}.Type`, `unknown error source type ${String(s.type)}`);
  const n = kind.banks ? s.banks.length : 0;
  if (kind.banks && s.value["numHardwareBanks"] !== n) {
    throw new EncodeError(`${path}.NumHardwareBanks`, `is ${String(s.value["numHardwareBanks"])}, ${n} bank(s) given`);
  }
  const out = new Uint8Array(kind.struct.size + n * MC_BANK.size);
  writeStruct(kind.struct, { ...s.value, type: s.type } as never, out, 0, path);
  s.banks.forEach((b, j) => writeStruct(MC_BANK, b, out, kind.struct.size + j * MC_BANK.size, `${path}.Bank[${j}]`));
  return out;
}

/** Encodes a HEST; throws EncodeError naming the field when a value cannot be written. */
export function encodeHest(h: HestInput, opts: EncodeOptions = {}): Uint8Array {
  const mode = opts.header ?? "compute";
  const parts = h.errorSources.map((s, i) => sourceBytes(s, `HEST.ErrorSource[${i}]`));
  const trailing = h.trailing ?? new Uint8Array();
  const bodyLen = parts.reduce((a, p) => a + p.length, 0) + trailing.length;
  const total = HEST_HEADER_SIZE + bodyLen;
  const out = new Uint8Array(total + (h.after?.length ?? 0));
  const header: AcpiHeader = mode === "compute" ? { ...h.header, signature: "HEST", length: total, checksum: 0 } : h.header;
  writeStruct(ACPI_HEADER, header, out, 0, "Header");
  const count = mode === "compute" ? h.errorSources.length : (h.errorSourceCount ?? h.errorSources.length);
  writeStruct(HEST_FIXED, { errorSourceCount: count }, out, 36, "HEST");
  let off = HEST_HEADER_SIZE;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  out.set(trailing, off);
  if (h.after) out.set(h.after, total);
  if (h.fixedLength !== undefined && h.fixedLength < HEST_FIXED.size && parts.length === 0 && trailing.length === 0) {
    // A HEST under 40 bytes: drop the Error Source Count bytes it does not hold.
    const cut = new Uint8Array(out.length - (HEST_FIXED.size - h.fixedLength));
    cut.set(out.subarray(0, ACPI_HEADER.size + h.fixedLength));
    cut.set(out.subarray(HEST_HEADER_SIZE), ACPI_HEADER.size + h.fixedLength);
    if (mode === "compute") {
      writeStruct(ACPI_HEADER, { ...header, length: ACPI_HEADER.size + h.fixedLength }, cut, 0, "Header");
      fixChecksum(cut.subarray(0, ACPI_HEADER.size + h.fixedLength));
    }
    return cut;
  }
  if (mode === "compute") fixChecksum(out.subarray(0, total));
  return out;
}
