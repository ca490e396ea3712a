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
};

export type RawSource = {
  readonly kind: "raw";
  readonly type: number;
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly reason: string;
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
}

export function isGhes(s: HestSource): s is KnownSource & { type: 9; value: GhesValue } {
  return s.kind === "known" && s.type === 9;
}

export function isGhesV2(s: HestSource): s is KnownSource & { type: 10; value: GhesV2Value } {
  return s.kind === "known" && s.type === 10;
}

/** GHES and GHESv2 sources (the ones Linux's ghes driver probes). */
export function genericSources(h: Hest): (GhesValue | GhesV2Value)[] {
  const out: (GhesValue | GhesV2Value)[] = [];
  for (const s of h.errorSources) if (isGhes(s) || isGhesV2(s)) out.push(s.value);
  return out;
}

export function decodeHest(bytes: Uint8Array): Result<Hest> {
  const f = frame(bytes, HEST_HEADER_SIZE, "HEST");
  if (!f.ok) return fail(f.error);
  const { header, table, after, checksumValid } = f.value;
  const findings = [...f.value.findings];
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const errorSourceCount = view.getUint32(36, true);
  const end = table.length;
  const errorSources: HestSource[] = [];
  let off = HEST_HEADER_SIZE;
  let i = 0;
  for (; i < errorSourceCount && off < end; i++) {
    const path = `HEST.ErrorSource[${i}]`;
    if (off + 2 > end) {
      findings.push({ code: "truncated", field: `${path}.Type`, offset: off, message: `error source ${i} is cut off after ${end - off} byte(s)` });
      errorSources.push({ kind: "raw", type: -1, offset: off, bytes: table.slice(off, end), reason: "truncated" });
      off = end;
      i++;
      break;
    }
    const t = view.getUint16(off, true);
    const kind = sourceKind(t);
    if (!kind) {
      findings.push({ code: "unknown-type", field: `${path}.Type`, offset: off, message: `unknown error source type ${t}: its length is unknown, the remaining ${end - off} byte(s) are kept raw` });
      errorSources.push({ kind: "raw", type: t, offset: off, bytes: table.slice(off, end), reason: `unknown type ${t}` });
      off = end;
      i++;
      break;
    }
    let size = kind.struct.size;
    if (off + size > end) {
      findings.push({ code: "truncated", field: path, offset: off, message: `${kind.name} needs ${size} bytes, ${end - off} left in the table` });
      errorSources.push({ kind: "raw", type: t, offset: off, bytes: table.slice(off, end), reason: "truncated" });
      off = end;
      i++;
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
        errorSources.push({ kind: "raw", type: t, offset: off, bytes: table.slice(off, end), reason: "banks truncated" });
        off = end;
        i++;
        break;
      }
      for (let b = 0; b < n; b++) banks.push(readStruct(MC_BANK, table, view, off + size + b * MC_BANK.size));
      size += n * MC_BANK.size;
    }
    lintSource(t, value, off, path, findings);
    errorSources.push({ kind: "known", type: t as SourceType, offset: off, value, banks });
    off += size;
  }
  if (i < errorSourceCount) {
    findings.push({ code: "count-mismatch", field: "HEST.ErrorSourceCount", offset: 36, message: `Error Source Count is ${errorSourceCount}, the table holds ${i}` });
  }
  const trailing = table.slice(off, end);
  if (trailing.length > 0) {
    findings.push({ code: "trailing-bytes", field: "HEST", offset: off, message: `${trailing.length} byte(s) after the last error source (Error Source Count ${errorSourceCount})` });
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
  if (mode === "compute") fixChecksum(out.subarray(0, total));
  return out;
}
