// The HEST builder for firmware authors: error sources described in JSON →
// a valid HEST (Length, Error Source Count and Checksum computed) plus, when a
// `layout` base is given, the memory layout QEMU uses for etc/hardware_errors
// (cper-apei.md §1.5): N error-status-address registers, then N read-ack
// registers, then N error status blocks. Every key is checked; a mistake is a
// BuildError naming the JSON path.

import { parseUnsigned } from "../arch/bits.js";
import type { Decoded } from "../layout/index.js";
import { GAS } from "./gas.js";
import { encodeHest, type HestSource, type KnownSource } from "./hest.js";
import { MC_BANK, SOURCE_KINDS, sourceKind, sourceTypeFromKey, type SourceType } from "./hest-types.js";
import { NOTIFY_ALIASES, NOTIFY_STRUCT } from "./notify.js";
import type { AcpiHeader } from "./table.js";

export class BuildError extends Error {
  override readonly name = "BuildError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkKeys(o: Obj, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new BuildError(`${path}.${k}`, `unknown key '${k}' (allowed: ${allowed.join(", ")})`);
}

function uint(v: unknown, bits: number, path: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || v < 0) throw new BuildError(path, `expected an unsigned integer, got ${v}`);
    if (BigInt(v) >> BigInt(bits) !== 0n) throw new BuildError(path, `${v} does not fit in ${bits} bits`);
    return BigInt(v);
  }
  if (typeof v === "string") {
    const p = parseUnsigned(v, bits);
    if (!p.ok) throw new BuildError(path, p.error);
    return p.value;
  }
  throw new BuildError(path, `expected a number or a hex string, got ${v === null ? "null" : typeof v}`);
}

function num(v: unknown, bits: number, path: string): number {
  return Number(uint(v, bits, path));
}

function text(v: unknown, n: number, path: string): string {
  if (typeof v !== "string" || v.length > n) throw new BuildError(path, `expected a string of at most ${n} characters`);
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) > 0xff) throw new BuildError(path, "character outside Latin-1");
  return v;
}

function hexBlob(v: unknown, n: number | undefined, path: string): Uint8Array {
  if (typeof v !== "string" || !/^(?:[0-9a-fA-F]{2})*$/.test(v)) throw new BuildError(path, "expected hex bytes");
  const out = new Uint8Array(v.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(v.slice(2 * i, 2 * i + 2), 16);
  if (n !== undefined && out.length !== n) throw new BuildError(path, `expected ${n} bytes, got ${out.length}`);
  return out;
}

type GasValue = Decoded<typeof GAS>;

/** A 64-bit SystemMemory register (QEMU's choice), or a full GAS object. */
export function gasFrom(v: unknown, path: string): GasValue {
  if (!isObj(v)) return { spaceId: 0, bitWidth: 64, bitOffset: 0, accessWidth: 4, address: uint(v, 64, path) };
  checkKeys(v, ["spaceId", "bitWidth", "bitOffset", "accessWidth", "address", "spaceIdName"], path);
  return {
    spaceId: v["spaceId"] === undefined ? 0 : num(v["spaceId"], 8, `${path}.spaceId`),
    bitWidth: v["bitWidth"] === undefined ? 64 : num(v["bitWidth"], 8, `${path}.bitWidth`),
    bitOffset: v["bitOffset"] === undefined ? 0 : num(v["bitOffset"], 8, `${path}.bitOffset`),
    accessWidth: v["accessWidth"] === undefined ? 4 : num(v["accessWidth"], 8, `${path}.accessWidth`),
    address: uint(v["address"], 64, `${path}.address`),
  };
}

// Notification types an IA-32 source cannot have (Arm SEA/SEI/GSIV/SDEI, RISC-V SSE).
const NOT_ON_IA32 = [8, 9, 10, 11, 12];

function notifyTypeFrom(v: unknown, path: string): number {
  if (typeof v === "string" && NOTIFY_ALIASES[v.toLowerCase()] !== undefined) return NOTIFY_ALIASES[v.toLowerCase()]!;
  if (typeof v === "string" && !/^(0x)?[0-9a-f]+$/i.test(v)) throw new BuildError(path, `unknown notification type '${v}' (one of ${Object.keys(NOTIFY_ALIASES).join(", ")})`);
  const t = num(v, 8, path);
  if (t > 12) throw new BuildError(path, `notification type ${t} is reserved (ACPI 6.5 Table 18.14)`);
  return t;
}

function notifyFrom(v: unknown, sourceType: number, path: string): Decoded<typeof NOTIFY_STRUCT> {
  const o: Obj = isObj(v) ? v : { type: v };
  checkKeys(o, [...NOTIFY_STRUCT.order, "typeName", "configWriteEnableBits"], path);
  if (o["type"] === undefined) throw new BuildError(`${path}.type`, "missing");
  const type = notifyTypeFrom(o["type"], `${path}.type`);
  if ((sourceType === 1 || sourceType === 11) && NOT_ON_IA32.includes(type)) {
    throw new BuildError(`${path}.type`, `an ${sourceKind(sourceType)!.name} source cannot be notified by type ${type} (Arm/RISC-V only)`);
  }
  const f = (k: string, bits: number, d = 0) => (o[k] === undefined ? d : num(o[k], bits, `${path}.${k}`));
  return {
    type,
    length: f("length", 8, 28),
    configWriteEnable: f("configWriteEnable", 16),
    pollInterval: f("pollInterval", 32),
    vector: f("vector", 32),
    pollingThresholdValue: f("pollingThresholdValue", 32),
    pollingThresholdWindow: f("pollingThresholdWindow", 32),
    errorThresholdValue: f("errorThresholdValue", 32),
    errorThresholdWindow: f("errorThresholdWindow", 32),
  };
}

/** Where a generic source's registers and block live (QEMU etc/hardware_errors order). */
export interface LayoutEntry {
  readonly sourceId: number;
  readonly type: 9 | 10;
  readonly notifyType: number;
  readonly errorStatusAddressRegister: bigint;
  readonly errorStatusBlock: bigint;
  readonly errorStatusBlockLength: number;
  /** GHESv2 only. */
  readonly readAckRegister?: bigint;
  /** Initial read-ack value (QEMU: 1, "acknowledged", so the first post succeeds). */
  readonly readAckInitial?: bigint;
}

export interface MemoryLayout {
  readonly base: bigint;
  readonly size: number;
  readonly entries: LayoutEntry[];
}

export interface Built {
  readonly table: Uint8Array;
  readonly sources: HestSource[];
  readonly layout?: MemoryLayout;
}

const TOP_KEYS = [
  "signature",
  "revision",
  "oemId",
  "oemTableId",
  "oemRevision",
  "creatorId",
  "creatorRevision",
  "layout",
  "errorSources",
  "trailing",
  // Present in `armras acpi decode --format json` output; recomputed, so ignored.
  "length",
  "checksum",
  "checksumValid",
  "errorSourceCount",
  "fixedLength",
  "findings",
];

const DERIVED_SOURCE_KEYS = ["typeName", "offset", "errorStatusAddressGas", "readAckRegisterGas", "beyondErrorSourceCount"];

function sourceTypeFrom(v: unknown, path: string): SourceType {
  let t: number | undefined;
  if (typeof v === "string") t = sourceTypeFromKey(v.toLowerCase()) ?? (/^(0x)?[0-9a-f]+$/i.test(v) ? num(v, 16, path) : undefined);
  else t = num(v, 16, path);
  if (t === undefined || !sourceKind(t)) {
    const keys = Object.entries(SOURCE_KINDS).map(([n, k]) => `${n} (${k.key})`);
    throw new BuildError(path, `unknown error source type ${JSON.stringify(v)} (one of ${keys.join(", ")})`);
  }
  return t as SourceType;
}

export function buildHest(input: unknown): Built {
  if (!isObj(input)) throw new BuildError("$", "expected a JSON object");
  checkKeys(input, TOP_KEYS, "$");
  if (input["signature"] !== undefined && input["signature"] !== "HEST") throw new BuildError("$.signature", "must be HEST");
  const header: AcpiHeader = {
    signature: "HEST",
    length: 0,
    revision: input["revision"] === undefined ? 1 : num(input["revision"], 8, "$.revision"),
    checksum: 0,
    oemId: input["oemId"] === undefined ? "ARMRAS" : text(input["oemId"], 6, "$.oemId"),
    oemTableId: input["oemTableId"] === undefined ? "ARMRAS  " : text(input["oemTableId"], 8, "$.oemTableId"),
    oemRevision: input["oemRevision"] === undefined ? 1 : num(input["oemRevision"], 32, "$.oemRevision"),
    creatorId: input["creatorId"] === undefined ? "ARMR" : text(input["creatorId"], 4, "$.creatorId"),
    creatorRevision: input["creatorRevision"] === undefined ? 1 : num(input["creatorRevision"], 32, "$.creatorRevision"),
  };
  const list = input["errorSources"];
  if (!Array.isArray(list)) throw new BuildError("$.errorSources", "expected an array of error sources");
  const types = list.map((s, i) => {
    if (!isObj(s)) throw new BuildError(`$.errorSources[${i}]`, "expected an object");
    if (s["type"] === undefined) throw new BuildError(`$.errorSources[${i}].type`, "missing");
    return sourceTypeFrom(s["type"], `$.errorSources[${i}].type`);
  });
  // Layout: QEMU order over the GHES/GHESv2 sources.
  let layout: MemoryLayout | undefined;
  const generic = types.map((t, i) => (t === 9 || t === 10 ? i : -1)).filter((i) => i >= 0);
  const plan = new Map<number, { esa: bigint; ack: bigint; block: bigint; len: number }>();
  if (input["layout"] !== undefined) {
    const l = input["layout"];
    if (!isObj(l)) throw new BuildError("$.layout", "expected an object { base, errorStatusBlockLength }");
    checkKeys(l, ["base", "errorStatusBlockLength"], "$.layout");
    const base = uint(l["base"], 64, "$.layout.base");
    const len = l["errorStatusBlockLength"] === undefined ? 0x1000 : num(l["errorStatusBlockLength"], 32, "$.layout.errorStatusBlockLength");
    if (len < 20) throw new BuildError("$.layout.errorStatusBlockLength", "must hold at least the 20-byte Generic Error Status Block");
    const n = BigInt(generic.length);
    generic.forEach((idx, j) => {
      const jj = BigInt(j);
      plan.set(idx, { esa: base + 8n * jj, ack: base + 8n * n + 8n * jj, block: base + 16n * n + jj * BigInt(len), len });
    });
    layout = { base, size: 16 * generic.length + len * generic.length, entries: [] };
  }
  const seen = new Map<number, number>();
  const sources: HestSource[] = list.map((raw, i) => {
    const path = `$.errorSources[${i}]`;
    const s = raw as Obj;
    const t = types[i]!;
    const kind = sourceKind(t)!;
    const fields = kind.struct.order as readonly string[];
    if (s["notify"] !== undefined && !fields.includes("notify")) throw new BuildError(`${path}.notify`, `an ${kind.name} source has no notification structure`);
    checkKeys(s, [...fields, ...DERIVED_SOURCE_KEYS, ...(kind.banks ? ["banks"] : [])], path);
    if (s["sourceId"] === undefined) throw new BuildError(`${path}.sourceId`, "missing");
    const sourceId = num(s["sourceId"], 16, `${path}.sourceId`);
    if (seen.has(sourceId)) throw new BuildError(`${path}.sourceId`, `Source Id ${sourceId} is already used by errorSources[${seen.get(sourceId)}]`);
    seen.set(sourceId, i);
    const p = plan.get(i);
    const value: Obj = { type: t, sourceId };
    for (const k of fields) {
      if (k === "type" || k === "sourceId") continue;
      const f = kind.struct.fields[k]!;
      const v = s[k] ?? (k === "errorStatusAddress" ? s["errorStatusAddressGas"] : k === "readAckRegister" ? s["readAckRegisterGas"] : undefined);
      const at = `${path}.${k}`;
      if (k === "notify") {
        if (v === undefined) throw new BuildError(at, "missing (the notification type, e.g. \"SEA\", or an object)");
        value[k] = notifyFrom(v, t, at);
      } else if (k === "errorStatusAddress" || k === "readAckRegister") {
        const planned = p ? (k === "errorStatusAddress" ? p.esa : p.ack) : undefined;
        if (v !== undefined && planned !== undefined) throw new BuildError(at, "given together with $.layout (remove one)");
        if (v === undefined && planned === undefined) throw new BuildError(at, "missing (give the register address, or a $.layout base)");
        value[k] = v === undefined ? gasFrom(planned, at) : gasFrom(s[`${k}Gas`] ?? v, at);
      } else if (f.type.kind === "reserved" || f.type.kind === "bytes") {
        value[k] = v === undefined ? new Uint8Array(f.type.size) : hexBlob(v, f.type.size, at);
      } else if (k === "numHardwareBanks") {
        value[k] = Array.isArray(s["banks"]) ? s["banks"].length : 0;
        if (v !== undefined && num(v, 8, at) !== value[k]) throw new BuildError(at, `is ${String(v)}, ${String(value[k])} bank(s) given`);
      } else {
        const d = defaultFor(k, p?.len, s);
        if (v === undefined && d === undefined) throw new BuildError(at, "missing");
        const bits = f.type.size * 8;
        value[k] = f.type.kind === "u64" ? uint(v ?? d, 64, at) : num(v ?? d, bits, at);
      }
    }
    let banks: Decoded<typeof MC_BANK>[] = [];
    if (kind.banks && s["banks"] !== undefined) {
      if (!Array.isArray(s["banks"])) throw new BuildError(`${path}.banks`, "expected an array");
      if (s["banks"].length > 255) throw new BuildError(`${path}.banks`, "at most 255 banks");
      banks = s["banks"].map((b, j) => bankFrom(b, `${path}.banks[${j}]`));
    }
    if (p && layout) {
      const v2 = t === 10;
      layout.entries.push({
        sourceId,
        type: t as 9 | 10,
        notifyType: (value["notify"] as { type: number }).type,
        errorStatusAddressRegister: p.esa,
        errorStatusBlock: p.block,
        errorStatusBlockLength: value["errorStatusBlockLength"] as number,
        ...(v2 ? { readAckRegister: p.ack, readAckInitial: value["readAckWrite"] as bigint } : {}),
      });
    }
    return { kind: "known", type: t, offset: 0, value: value as KnownSource["value"], banks } satisfies KnownSource;
  });
  const trailing = input["trailing"] === undefined ? undefined : hexBlob(input["trailing"], undefined, "$.trailing");
  const table = encodeHest({ header, errorSources: sources, ...(trailing ? { trailing } : {}) });
  return layout ? { table, sources, layout } : { table, sources };
}

function defaultFor(k: string, blockLen: number | undefined, s: Obj): unknown {
  switch (k) {
    case "enabled":
    case "recordsToPreallocate":
    case "maxSectionsPerRecord":
      return 1;
    case "relatedSourceId":
      return 0xffff;
    case "errorStatusBlockLength":
      return blockLen;
    case "maxRawDataLength":
      return s["errorStatusBlockLength"] ?? blockLen ?? 0;
    case "readAckPreserve":
      return 0xffff_ffff_ffff_fffen;
    case "readAckWrite":
      return 1;
    default:
      return 0;
  }
}

function bankFrom(v: unknown, path: string): Decoded<typeof MC_BANK> {
  if (!isObj(v)) throw new BuildError(path, "expected a machine check bank object");
  checkKeys(v, MC_BANK.order, path);
  const out: Obj = {};
  for (const k of MC_BANK.order) {
    const f = MC_BANK.fields[k];
    const at = `${path}.${k}`;
    if (f.type.kind === "reserved") out[k] = v[k] === undefined ? new Uint8Array(f.type.size) : hexBlob(v[k], f.type.size, at);
    else if (f.type.kind === "u64") out[k] = uint(v[k] ?? 0, 64, at);
    else out[k] = num(v[k] ?? 0, f.type.size * 8, at);
  }
  return out as Decoded<typeof MC_BANK>;
}
