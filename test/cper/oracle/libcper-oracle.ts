// The libcper oracle (../shared/oracles/libcper): records made by libcper's own
// generator with the JSON libcper's cper-convert printed. The comparison is the
// one its README states: every libcper leaf (scalar, or empty {} / []) must sit at
// the same path in our JSON with the same value and JSON type; extra keys of ours
// are allowed. Where libcper is wrong (the README's numbered list), the leaf is
// excluded here and asserted on its own in libcper-defects.test.ts.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parseJson, type Json } from "../../../src/cper/json/reader.js";
import { sharedPath, HAVE_SHARED } from "../../helpers.js";

export interface OracleRecord {
  readonly name: string;
  readonly type: string;
  readonly seed: number;
  readonly record: Uint8Array;
  readonly libcper: Json;
}

export const ORACLE_DIR = sharedPath("oracles", "libcper");
export const HAVE_ORACLE = HAVE_SHARED && existsSync(ORACLE_DIR);

export function oracleTypes(): string[] {
  if (!HAVE_ORACLE) return [];
  return readdirSync(ORACLE_DIR).filter((f) => f.endsWith(".jsonl.gz")).map((f) => f.replace(".jsonl.gz", "")).sort();
}

export function oracleRecords(type: string): OracleRecord[] {
  const text = gunzipSync(readFileSync(`${ORACLE_DIR}/${type}.jsonl.gz`)).toString("utf8");
  const out: OracleRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const r = parseJson(line);
    if (!r.ok) throw new Error(`${type}: ${r.error.message}`);
    const o = r.value as { name: string; type: string; seed: number; record: string; libcper: Json };
    out.push({ name: o.name, type: o.type, seed: o.seed, record: new Uint8Array(Buffer.from(o.record, "hex")), libcper: o.libcper });
  }
  return out;
}

export interface Leaf {
  readonly path: string;
  readonly value: Json;
}

/** Every leaf of a JSON value: scalars, and empty objects / arrays. */
export function leaves(v: Json, path = "", out: Leaf[] = []): Leaf[] {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push({ path, value: v });
    v.forEach((x, i) => leaves(x, `${path}[${i}]`, out));
  } else if (v !== null && typeof v === "object") {
    const keys = Object.keys(v);
    if (keys.length === 0) out.push({ path, value: v });
    for (const k of keys) leaves(v[k]!, path ? `${path}.${k}` : k, out);
  } else out.push({ path, value: v });
  return out;
}

/** The value at a leaf path in our JSON, or undefined when absent. */
export function at(v: Json, path: string): Json | undefined {
  let x: Json | undefined = v;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (x === null || typeof x !== "object") return undefined;
    if (m[2] !== undefined) {
      if (!Array.isArray(x)) return undefined;
      x = x[Number(m[2])];
    } else {
      if (Array.isArray(x) || !Object.prototype.hasOwnProperty.call(x, m[1]!)) return undefined;
      x = (x as Record<string, Json>)[m[1]!];
    }
  }
  return x;
}

/** Same value and JSON type: integers exactly (a bigint equals a number of the same value), {} matches any object, [] only []. */
export function leafEquals(ours: Json | undefined, theirs: Json): boolean {
  if (ours === undefined) return false;
  if (Array.isArray(theirs)) return Array.isArray(ours) && ours.length === 0;
  if (theirs !== null && typeof theirs === "object") return ours !== null && typeof ours === "object" && !Array.isArray(ours);
  const num = (x: Json | undefined) => typeof x === "number" || typeof x === "bigint";
  if (num(theirs)) {
    if (!num(ours)) return false;
    if (typeof theirs === "number" && !Number.isInteger(theirs)) return ours === theirs;
    try {
      return BigInt(ours as number | bigint) === BigInt(theirs as number | bigint);
    } catch {
      return false;
    }
  }
  return ours === theirs;
}

/**
 * Paths where libcper is wrong (README "Where libcper is wrong", entries 1-6),
 * given the libcper JSON of the record so value-dependent entries (3, 5, 6) apply
 * only where they do. Each entry is asserted on its own by libcper-defects.test.ts.
 */
export function libcperDefect(path: string, theirs: Json, doc: Json): string | undefined {
  // 1. Link Capabilities 2 / Link Control 2 / Link Status 2 read from the wrong bits.
  if (/^sections\[\d+\]\.Pcie\.capabilityStructure\.(link_capabilities2|link_control2|link_status2)\./.test(path)) return "1 pcie-lcap2";
  // 2. Root Error Status message number from bits 29:25.
  if (/^sections\[\d+\]\.Pcie\.aerInfo\.root_error_status\.advanced_error_interrupt_message_number$/.test(path)) return "2 pcie-root-msgnum";
  // 3. Device/Port Type names shifted for raw >= 2.
  const dpt = /^(sections\[\d+\]\.Pcie\.capabilityStructure\.pcie_capabilities\.device_port_type)\.value$/.exec(path);
  if (dpt) {
    const raw = at(doc, `${dpt[1]}.raw`);
    if (typeof raw === "number" && raw >= 2) return "3 pcie-port-type";
  }
  // 4. busError.accessMode gated on validation bit 8 instead of 11.
  if (/^sections\[\d+\]\.ArmProcessor\.errorInfo\[\d+\]\.errorInformation\.busError\.accessMode(\.|$)/.test(path)) return "4 arm-bus-accessmode";
  // 5. ARM message says "Unknown Error" for Type 8, or Type 1/2/4 with validation bit 2 clear.
  const msg = /^(sections\[\d+\])\.message$/.exec(path);
  if (msg && at(doc, `${msg[1]}.ArmProcessor`) !== undefined && typeof theirs === "string" && theirs.includes("Unknown Error")) return "5 arm-message-unknown";
  // 6. NVIDIA CMET-INFO ErrorCount printed as signed int32.
  if (/^sections\[\d+\]\.Nvidia\.CMETInfo\[\d+\]\.ErrorCount$/.test(path) && typeof theirs === "number" && theirs < 0) return "6 nvidia-errorcount-signed";
  return undefined;
}

export interface Mismatch {
  readonly path: string;
  readonly theirs: Json;
  readonly ours: Json | undefined;
}

/** libcper's leaves that our JSON lacks or disagrees with, defects excluded. */
export function compareLeaves(ours: Json, theirs: Json): Mismatch[] {
  const out: Mismatch[] = [];
  for (const l of leaves(theirs)) {
    if (libcperDefect(l.path, l.value, theirs)) continue;
    const o = at(ours, l.path);
    if (!leafEquals(o, l.value)) out.push({ path: l.path, theirs: l.value, ours: o });
  }
  return out;
}
