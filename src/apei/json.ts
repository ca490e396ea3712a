// JSON views of decoded tables: bigints and byte arrays become hex strings,
// GAS-valued fields are given both as the address (hex string) and as the
// full structure (<name>Gas), and every enumeration carries its name.

import { readStruct, type Fields, type Struct, type Warning } from "../layout/index.js";
import { ADDRESS_SPACE_NAMES } from "./gas.js";
import { valueName } from "./iasl-names.js";
import { sourceKind } from "./hest-types.js";
import type { Hest, HestSource } from "./hest.js";
import { configWriteEnable, notifyTypeName } from "./notify.js";
import type { AcpiHeader } from "./table.js";
import { beyondEntryCount, type SimpleTable, type InstructionEntry } from "./tables.js";
import { EINJ_ENTRY } from "./instructions.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export function jsonValue(v: unknown): Json {
  if (typeof v === "bigint") return "0x" + v.toString(16);
  if (v instanceof Uint8Array) return hexBytes(v);
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v !== null && typeof v === "object") {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) o[k] = jsonValue(x);
    return o;
  }
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return null;
}

function gasJson(g: Record<string, unknown>): Json {
  const o = jsonValue(g) as { [k: string]: Json };
  o["spaceIdName"] = valueName(ADDRESS_SPACE_NAMES, g["spaceId"] as number, "spec");
  return o;
}

export function headerJson(h: AcpiHeader, checksumValid: boolean): { [k: string]: Json } {
  return { ...(jsonValue(h) as { [k: string]: Json }), checksumValid };
}

export function findingsJson(f: readonly Warning[]): Json {
  return f.map((w) => ({ code: w.code, field: w.field, offset: w.offset, message: w.message }));
}

/** Marks a source Linux never registers: at index ≥ Error Source Count (iasl shows it). */
const BEYOND_HEST = "beyondErrorSourceCount";
/** Marks an EINJ/ERST entry at index ≥ the entry count. */
const BEYOND_ENTRIES = "beyondEntryCount";

export function sourceJson(s: HestSource): { [k: string]: Json } {
  const beyond = s.beyondCount ? { [BEYOND_HEST]: true } : {};
  if (s.kind === "raw") {
    const kind = sourceKind(s.type);
    const fit = kind ? { typeName: kind.name, fieldsThatFit: fieldsThatFit(kind.struct, s.bytes) } : {};
    return { type: s.type, ...fit, offset: s.offset, raw: hexBytes(s.bytes), reason: s.reason, ...beyond };
  }
  const o: { [k: string]: Json } = { typeName: sourceKind(s.type)!.name, offset: s.offset, ...beyond };
  for (const [k, v] of Object.entries(s.value)) {
    if (k === "errorStatusAddress" || k === "readAckRegister") {
      const g = v as Record<string, unknown>;
      o[k] = jsonValue(g["address"]);
      o[`${k}Gas`] = gasJson(g);
    } else if (k === "notify") {
      const n = v as Record<string, unknown> & { type: number; configWriteEnable: number };
      o[k] = { ...(jsonValue(n) as { [k: string]: Json }), typeName: notifyTypeName(n.type), configWriteEnableBits: configWriteEnable(n.configWriteEnable) };
    } else {
      o[k] = jsonValue(v);
    }
  }
  if (sourceKind(s.type)!.banks) o["banks"] = jsonValue(s.banks);
  return o;
}

/** The fields of a cut-off structure that lie wholly within its bytes (a nested GAS/notification only whole), as iasl prints them. */
function fieldsThatFit<F extends Fields>(st: Struct<F>, bytes: Uint8Array): Json {
  const padded = new Uint8Array(st.size);
  padded.set(bytes.subarray(0, st.size));
  const v = readStruct(st, padded, new DataView(padded.buffer), 0) as Record<string, unknown>;
  const o: { [k: string]: Json } = {};
  for (const k of st.order) {
    const f = st.fields[k]!;
    if (f.at + f.type.size > bytes.length) break;
    o[k] = jsonValue(v[k]);
  }
  return o;
}

export function hestJson(h: Hest): { [k: string]: Json } {
  return {
    ...headerJson(h.header, h.checksumValid),
    errorSourceCount: h.errorSourceCount,
    errorSources: h.errorSources.map(sourceJson),
    ...(h.trailing.length ? { trailing: hexBytes(h.trailing) } : {}),
    ...(h.after.length ? { after: hexBytes(h.after) } : {}),
    ...(h.fixedLength !== undefined ? { fixedLength: h.fixedLength } : {}),
    findings: findingsJson(h.findings),
  };
}

function entryJson(e: InstructionEntry, actions: Readonly<Record<number, string>>, instructions: Readonly<Record<number, string>>): Json {
  const o = jsonValue(e) as { [k: string]: Json };
  o["actionName"] = valueName(actions, e.action, "spec");
  o["instructionName"] = valueName(instructions, e.instruction, "spec");
  o["registerRegion"] = gasJson(e.registerRegion as unknown as Record<string, unknown>);
  return o;
}

export function simpleJson<B>(
  t: SimpleTable<B>,
  names?: { actions: Readonly<Record<number, string>>; instructions: Readonly<Record<number, string>> },
): { [k: string]: Json } {
  return {
    ...headerJson(t.header, t.checksumValid),
    ...(jsonValue(t.body) as { [k: string]: Json }),
    ...(names ? { entries: t.entries.map((e, i) => ({ ...(entryJson(e, names.actions, names.instructions) as { [k: string]: Json }), ...(beyondEntryCount(t, i) ? { [BEYOND_ENTRIES]: true } : {}) })) } : {}),
    ...(t.trailing.length ? { trailing: hexBytes(t.trailing) } : {}),
    // The entry the Length cuts off: its fields that fit (EINJ and ERST entries share one layout).
    ...(names && t.trailing.length ? { trailingEntryFieldsThatFit: fieldsThatFit(EINJ_ENTRY, t.trailing) } : {}),
    ...(t.bodyLength !== undefined ? { bodyLength: t.bodyLength } : {}),
    findings: findingsJson(t.findings),
  };
}
